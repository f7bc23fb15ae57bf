#!/usr/bin/env bash
# Heap allocated by the whole Leasehold server per DORA at one fixed rate (sockets, pipeline, engine, store, HA
# hook: everything in the process), in compare.sh's lab. Runs compare.sh for one step at RATE and attaches a JFR
# recording (settings=profile, jdk.ThreadAllocationStatistics every second) to the server for SECONDS of the
# measured run. The total is exact: each thread's allocated-bytes counter (jdk.ThreadAllocationStatistics), from its
# first to its last reading, summed over threads and divided by RATE times the seconds between the readings. The
# sites are indicative only: jdk.ObjectAllocationSample events are throttled, and each carries the bytes its thread
# allocated since its previous sample, whatever they were, so a share is right only over many samples.
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
"$jdk/jcmd" "$pid" JFR.start name=alloc settings=profile "duration=${secs}s" "filename=$rec" \
    'jdk.ThreadAllocationStatistics#period=1s' > /dev/null
sleep $(( secs + 2 ))
wait "$cmp" || true
"$jdk/jfr" print --json --stack-depth 12 --events jdk.ObjectAllocationSample,jdk.ThreadAllocationStatistics "$rec" > "$json"
python3 - "$json" "$rate" "$secs" <<'PY'
import collections, datetime, json, sys
events = json.load(open(sys.argv[1]))['recording']['events']
rate = int(sys.argv[2])
readings = collections.defaultdict(list)  # thread -> [(time, allocated)]
for e in events:
    if e['type'] == 'jdk.ThreadAllocationStatistics':
        v = e['values']
        t = datetime.datetime.fromisoformat(v['startTime'].replace('Z', '+00:00')).timestamp()
        readings[v['thread']['javaThreadId'] if v.get('thread') else v['javaThreadId']].append((t, v['allocated']))
times = sorted({t for r in readings.values() for t, _ in r})
first, last = times[0], times[-1]
allocated = 0
for r in readings.values():
    at_first = [a for t, a in r if t == first]
    at_last = [a for t, a in r if t == last]
    if at_last:
        allocated += at_last[0] - (at_first[0] if at_first else 0)
doras = rate * (last - first)
print(f"server heap allocation: {allocated / doras:.0f} bytes per DORA ({allocated / 1e6:.1f} MB over"
      f" {last - first:.1f} s at {rate}/s, every thread's allocation counter)")
total = 0
sites = collections.Counter()
for e in events:
    if e['type'] != 'jdk.ObjectAllocationSample':
        continue
    v = e['values']
    w = v['weight']
    total += w
    frames = v['stackTrace']['frames'] if v.get('stackTrace') else []
    where = next((f['method']['type']['name'].split('/')[-1] + '.' + f['method']['name']
                  for f in frames if not f['method']['type']['name'].startswith(('java/', 'jdk/', 'sun/'))), '?')
    sites[(v['objectClass']['name'].split('/')[-1], where)] += w
print(f"allocation samples ({sum(1 for e in events if e['type'] == 'jdk.ObjectAllocationSample')}), indicative shares:")
for (cls, where), w in sites.most_common(15):
    print(f"  {100 * w / total:5.1f}%  {cls:<34} {where}")
PY
grep -E "step 1" "$log" || tail -5 "$log"
rm -f "$log" "$rec"; [ -n "${KEEP_JSON:-}" ] && cp "$json" "$KEEP_JSON"; rm -f "$json"
