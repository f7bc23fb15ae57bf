#!/usr/bin/env bash
# Heap allocated by the whole Leasehold server per DORA at one fixed rate (sockets, pipeline, engine, store, HA
# hook: everything in the process), in compare.sh's lab. Runs compare.sh for one step at RATE, attaches a JFR
# recording (settings=profile) to the server for SECONDS of the measured run, and sums the weights of its
# jdk.ObjectAllocationSample events: each sample's weight is the bytes its thread allocated since its previous
# sample, so the sum estimates all allocation in the window. Prints bytes per DORA (sum / (RATE * SECONDS)) and the
# allocation sites that make up most of it (class, first frame outside the JDK).
# Usage (root): benchmarks/scripts/alloc-per-dora.sh RATE [SECONDS]
# COMPARE_ARGS (environment): more options for compare.sh, e.g. "--aot --jar /tmp/leasehold-dhcp4.jar".
set -euo pipefail
rate=${1:?rate}; secs=${2:-8}
here=$(cd "$(dirname "$0")/../.." && pwd)
warm=$(( rate == 1000 ? 1500 : 1000 ))
duration=$(( secs + 4 ))
log=$(mktemp); rec=$(mktemp --suffix .jfr); json=$(mktemp)
"$here/benchmarks/perfdhcp/compare.sh" --mode single --servers leasehold --start-rate "$rate" --max-steps 1 \
    --warmup 8 --warmup-rate "$warm" --duration "$duration" ${COMPARE_ARGS:-} > "$log" 2>&1 &
cmp=$!
pattern="perfdhcp.*-r $rate .*-p $duration"
for _ in $(seq 1 240); do pgrep -f "$pattern" > /dev/null && break; sleep 0.5; done
sleep 2
pid=$(pgrep -f 'java .*-jar .*leasehold-dhcp4.jar' | head -1)
jdk=$(dirname "$(readlink -f "/proc/$pid/exe")")
"$jdk/jcmd" "$pid" JFR.start name=alloc settings=profile "duration=${secs}s" "filename=$rec" > /dev/null
sleep $(( secs + 2 ))
wait "$cmp" || true
"$jdk/jfr" print --json --stack-depth 12 --events jdk.ObjectAllocationSample "$rec" > "$json"
python3 - "$json" "$rate" "$secs" <<'PY'
import collections, json, sys
events = json.load(open(sys.argv[1]))['recording']['events']
doras = int(sys.argv[2]) * int(sys.argv[3])
total = 0
sites = collections.Counter()
for e in events:
    v = e['values']
    w = v['weight']
    total += w
    frames = v['stackTrace']['frames'] if v.get('stackTrace') else []
    where = next((f['method']['type']['name'].split('/')[-1] + '.' + f['method']['name']
                  for f in frames if not f['method']['type']['name'].startswith(('java/', 'jdk/', 'sun/'))), '?')
    sites[(v['objectClass']['name'].split('/')[-1], where)] += w
print(f"server heap allocation: {total / doras:.0f} bytes per DORA ({total / 1e6:.1f} MB over {doras} DORAs offered)")
for (cls, where), w in sites.most_common(15):
    print(f"  {100 * w / total:5.1f}%  {w / doras:6.0f} B  {cls:<28} {where}")
PY
grep -E "step 1" "$log" || tail -5 "$log"
rm -f "$log" "$rec" "$json"
