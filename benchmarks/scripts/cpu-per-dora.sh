#!/usr/bin/env bash
# CPU per DORA of each process (servers and perfdhcp) at one fixed rate, in compare.sh's lab.
# Runs compare.sh for one step at RATE (after its warm-up at a different rate, so the measured perfdhcp run can be
# told apart), samples utime+stime of every server process and of perfdhcp over SECONDS of the measured run, and
# prints each divided by the DORAs in that window (RATE * SECONDS), in total and split into user and kernel time.
# Usage (root): benchmarks/scripts/cpu-per-dora.sh single|pair kea|leasehold RATE [SECONDS]
# COMPARE_ARGS (environment): more options for compare.sh, e.g. "--aot --jar /tmp/leasehold-dhcp4.jar".
set -euo pipefail
topo=${1:?single|pair}; impl=${2:?kea|leasehold}; rate=${3:?rate}; secs=${4:-8}
here=$(cd "$(dirname "$0")/../.." && pwd)
warm=$(( rate == 1000 ? 1500 : 1000 ))
duration=$(( secs + 4 ))
log=$(mktemp)
"$here/benchmarks/perfdhcp/compare.sh" --mode "$topo" --servers "$impl" --start-rate "$rate" --max-steps 1 \
    --warmup 8 --warmup-rate "$warm" --duration "$duration" ${COMPARE_ARGS:-} > "$log" 2>&1 &
cmp=$!
pattern="perfdhcp.*-r $rate .*-p $duration"
for _ in $(seq 1 240); do pgrep -f "$pattern" > /dev/null && break; sleep 0.5; done
sleep 2
if [ "$impl" = kea ]; then pids=$(pgrep -x kea-dhcp4 || true); else pids=$(pgrep -f 'java .*-jar .*leasehold-dhcp4.jar' || true); fi
pids="$pids $(pgrep -f "$pattern" | tail -1)"
# utime and stime: fields 14 and 15 of stat, i.e. the 12th and 13th after the ")" closing the command name
ticks() { sed 's/.*) //' "/proc/$1/stat" | awk '{print $12, $13}'; }
declare -A before_u before_s
for p in $pids; do read -r before_u[$p] before_s[$p] < <(ticks "$p"); done
sleep "$secs"
hz=$(getconf CLK_TCK)
for p in $pids; do
  read -r u s < <(ticks "$p")
  user=$(( (u - ${before_u[$p]}) * 1000000 / hz ))   # microseconds
  sys=$(( (s - ${before_s[$p]}) * 1000000 / hz ))
  used=$(( user + sys ))
  name=$(tr '\0' ' ' < "/proc/$p/cmdline" | cut -c1-70)
  echo "$name: $(( used / 1000 )) ms CPU over $secs s = $(( used / (rate * secs) )) us per DORA" \
       "(user $(( user / (rate * secs) )), kernel $(( sys / (rate * secs) )))"
done
wait "$cmp" || true
grep -E "step 1" "$log" || tail -5 "$log"
rm -f "$log"
