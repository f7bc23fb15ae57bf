#!/usr/bin/env bash
# Kea 2.2 and Leasehold side by side, one run, one table (issue #22's deliverable).
#
#   sudo benchmarks/side-by-side.sh [options]
#
# Runs the measuring scripts one after the other (never two at once: the machine is shared by both servers and the
# load generator), each in its own namespace lab made and removed by the lab kit, with the same configuration text
# for Kea and Leasehold (memfile persist, multi-threading with thread-pool-size 2 and packet-queue-size 64, one /8
# subnet selected by the relay address, a 2M-address pool; HA hot-standby for pairs):
#   cold     benchmarks/scripts/cold-start.sh: fresh server, load from 1 s after its DHCP socket is bound, drops per
#            second for the first --cold-seconds s at 3,000/s and at Kea's clean warm maximum (from "warm", when it
#            ran first); then hot-standby pairs with the primary killed at second 10 (the standby promoted under load)
#   warm     benchmarks/perfdhcp/compare.sh --mode single: best DORA/s with <= 0.5 % drops after a 20 s warm-up
#   cpu      benchmarks/scripts/cpu-per-dora.sh: server CPU (utime+stime) per DORA at 3,000/s
#   latency  compare.sh --mode latency: p50/p99 of DISCOVER-OFFER and REQUEST-ACK at 2,000/s
#   pairs    compare.sh --mode pair: best DORA/s of hot-standby pairs Kea-Kea, Leasehold-Leasehold and both mixed
#            pairs (every lease update acknowledged by the partner before the client's ACK), with perfdhcp; then
#            the same with DoraLoad (perfdhcp fills a core near 7,000/s), warm, and cold for Kea-Kea and
#            Leasehold-Leasehold (a fresh pair per step, no warm-up)
#   sync     benchmarks/scripts/sync-gap.sh: a standby restarted with an empty lease file, --sync-leases leases in
#            the pool, steady load: seconds until the pair is back in hot-standby and the longest time clients got
#            no answer, the four pair kinds
#   gen      the two load generators at 3,000/s against each server (compare.sh --mode generators: ACKs, duplicate
#            addresses, generator CPU per DORA), then benchmarks' own DoraLoad with taskset, server on CPU 0 and
#            generator on CPU 1 (compare.sh --generator loadgen --pin 0:1): best DORA/s per server core and how busy
#            that core was at the best rate and at the first rate that dropped
# and prints the table with the date, commit, machine and load. Each part's full output is kept in the work
# directory printed at the start (--keep DIR copies it).
#
# Options:
#   --parts LIST        comma list of cold,warm,cpu,latency,pairs,sync,gen           (all, in that order: warm first)
#   --sync-leases LIST  lease counts for sync                                          (100000,1000000)
#   --cold-seconds S    seconds per cold run                                           (30)
#   --quick             shorter searches (at most 5 steps, 10 s warm-up), sync at 100000 only
#   --jar PATH          the standalone Leasehold jar (built if missing)
#   --no-aot            start Leasehold with plain `java -jar` on the default JDK; by default every part starts it
#                       as README does, through dhcp-examples/bin/leasehold-dhcp4 (JDK 25+ with an AOT cache from a
#                       training run on the part's configuration, made before the first start; the parts' --aot)
#   --keep DIR          keep every part's output in DIR
#   --time-limit S      hard limit for the whole run                                   (7200)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
PARTS=warm,cold,cpu,latency,pairs,sync,gen
SYNC_LEASES=100000,1000000
COLD_SECONDS=30
QUICK=0
JAR=$ROOT/dhcp-examples/target/leasehold-dhcp4.jar
KEEP=
TIME_LIMIT=7200
AOT=--aot

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --parts) PARTS=$2; shift ;;
    --sync-leases) SYNC_LEASES=$2; shift ;;
    --cold-seconds) COLD_SECONDS=$2; shift ;;
    --quick) QUICK=1 ;;
    --jar) JAR=$2; shift ;;
    --no-aot) AOT= ;;
    --keep) KEEP=$2; shift ;;
    --time-limit) TIME_LIMIT=$2; shift ;;
    -h|--help) usage 0 ;;
    *) echo "side-by-side.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for p in ${PARTS//,/ }; do
  case "$p" in cold|warm|cpu|latency|pairs|sync|gen) ;; *) echo "side-by-side.sh: unknown part '$p'" >&2; exit 2 ;; esac
done
[ "$(id -u)" = 0 ] || { echo "side-by-side.sh: needs root (network namespaces)" >&2; exit 3; }
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -o -pl dhcp-examples -am package -DskipTests)
[ "$QUICK" = 1 ] && [ "$SYNC_LEASES" = 100000,1000000 ] && SYNC_LEASES=100000
STEPS=9; WARMUP=20
[ "$QUICK" = 1 ] && { STEPS=5; WARMUP=10; }

OUT=$(mktemp -d /tmp/side-by-side.XXXXXX)
END=$((SECONDS + TIME_LIMIT))
left() { echo $(( END - SECONDS > 60 ? END - SECONDS : 60 )); }
log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
has() { [[ ",$PARTS," == *",$1,"* ]]; }
COMMIT=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo unknown)
DIRTY=$(git -C "$ROOT" status --porcelain 2>/dev/null | grep -qv '^??' && echo " (uncommitted changes)" || true)
log "side by side: parts $PARTS; commit $COMMIT$DIRTY; output in $OUT"
LOAD0=$(cut -d' ' -f1-3 /proc/loadavg)

# part <name> <command...>: runs one measuring script, its output in $OUT/<name>.log (a failed part is reported,
# the others still run)
part() {
  local name=$1; shift
  log "part $name: $*"
  if ! "$@" >"$OUT/$name.log" 2>&1; then log "part $name ended with an error (see $OUT/$name.log)"; fi
}

CMP=$ROOT/benchmarks/perfdhcp/compare.sh
KEA_MAX=
if has warm; then
  part warm "$CMP" --mode single --servers kea,leasehold --max-steps "$STEPS" --warmup "$WARMUP" --jar "$JAR" $AOT \
    --time-limit "$(left)"
  KEA_MAX=$(sed -n 's/^single kea run 1: \([0-9]*\).*/\1/p' "$OUT/warm.log" | head -1)
fi
if has cold; then
  rates=3000
  [ -n "$KEA_MAX" ] && [ "$KEA_MAX" != 0 ] && [ "$KEA_MAX" != 3000 ] && rates="3000,$KEA_MAX"
  part cold "$ROOT/benchmarks/scripts/cold-start.sh" --servers kea,leasehold --rates "$rates" \
    --seconds "$COLD_SECONDS" --jar "$JAR" $AOT --time-limit "$(left)"
  part cold-pair "$ROOT/benchmarks/scripts/cold-start.sh" --mode pair --servers kea,leasehold --rates 3000 \
    --seconds "$COLD_SECONDS" --kill-at 10 --jar "$JAR" $AOT --time-limit "$(left)"
fi
if has cpu; then
  part cpu-kea "$ROOT/benchmarks/scripts/cpu-per-dora.sh" single kea 3000
  part cpu-leasehold env COMPARE_ARGS="--jar $JAR $AOT" "$ROOT/benchmarks/scripts/cpu-per-dora.sh" single leasehold 3000
fi
if has latency; then
  part latency "$CMP" --mode latency --servers kea,leasehold --latency-rate 2000 --warmup "$WARMUP" --jar "$JAR" $AOT \
    --time-limit "$(left)"
fi
if has pairs; then
  part pairs "$CMP" --mode pair --servers kea,leasehold,kea+leasehold,leasehold+kea --start-rate 1000 \
    --max-steps "$STEPS" --warmup "$WARMUP" --jar "$JAR" $AOT --time-limit "$(left)"
  # perfdhcp's own CPU (about 140 us per DORA) fills a core near 7,000/s: the same searches with DoraLoad, warm
  # and cold (every step a fresh pair, no warm-up), show the pairs' limits rather than perfdhcp's.
  part pairs-loadgen "$CMP" --mode pair --generator loadgen --servers kea,leasehold,kea+leasehold,leasehold+kea \
    --start-rate 3000 --max-steps "$STEPS" --warmup "$WARMUP" --jar "$JAR" $AOT --time-limit "$(left)"
  part pairs-cold "$CMP" --mode pair --generator loadgen --servers kea,leasehold --start-rate 3000 \
    --max-steps "$STEPS" --warmup 0 --jar "$JAR" $AOT --time-limit "$(left)"
fi
if has sync; then
  part sync "$ROOT/benchmarks/scripts/sync-gap.sh" --leases "$SYNC_LEASES" --jar "$JAR" $AOT --time-limit "$(left)"
fi
if has gen; then
  part gen-check "$CMP" --mode generators --servers kea,leasehold --latency-rate 3000 --warmup "$WARMUP" \
    --jar "$JAR" $AOT --time-limit "$(left)"
  part gen-pinned "$CMP" --mode single --generator loadgen --pin 0:1 --servers kea,leasehold --start-rate 4000 \
    --max-steps "$STEPS" --warmup "$WARMUP" --jar "$JAR" $AOT --time-limit "$(left)"
fi

# ---- the table ----
val() { grep -h "$2" "$OUT/$1.log" 2>/dev/null | head -1 || true; }
rate_of() { val "$1" "^$2 $3 run 1:" | sed 's/^[^:]*: \([0-9]*\).*/\1/'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (a != "" && b != "" && b > 0) printf "%.2fx", a / b; else print "-" }'; }
cpu_of() { grep -v perfdhcp "$OUT/cpu-$1.log" 2>/dev/null | sed -n 's/.* = \([0-9]*\) us per DORA.*/\1/p' | head -1; }
lat_of() {   # lat_of <impl> <exchange> <p50|p99>
  val latency "^latency $1 at" | sed -n "s/.*$2 n=[0-9]* p50=\([0-9.]*\) p90=[0-9.]* p99=\([0-9.]*\).*/\1 \2/p" \
    | awk -v w="$3" '{ print (w == "p50") ? $1 : $2 }'
}
cold_total() {   # cold_total <log> <impl> <rate>: total lost % of the run
  grep -h "^$2 [a-z]* $3/s run 1:" "$OUT/$1.log" 2>/dev/null | sed -n 's/.*total \([0-9.]*\) %.*/\1/p' | head -1
}
cold_worst() {   # cold_worst <log> <impl> <rate>: the worst second's lost % (from the per-second table)
  awk -v impl="$2" -v rate="$3" '
    /^== / { inside = (index($0, " " rate " DORA/s") > 0 || index($0, ", " rate " DORA/s") > 0); col = 0; next }
    inside && /^  s \|/ { n = split($0, f, "|"); for (i = 2; i <= n; i++) { split(f[i], w, " "); if (w[1] == impl) col = i } next }
    inside && col > 0 && /^ *[0-9]+ \|/ { split($0, f, "|"); split(f[col], w, " "); if (w[4] != "-" && w[4] + 0 > worst) worst = w[4] + 0 }
    END { if (col == 0 && worst == "") print "-"; else printf "%.2f", worst + 0 }' "$OUT/$1.log" 2>/dev/null
}
gen_of() {   # gen_of <impl> <perfdhcp|loadgen>: "G us/DORA, A ACKs of S, D dup" from the generators part
  grep -h "^generators $1 $2 at" "$OUT/gen-check.log" 2>/dev/null | head -1 | awk '{
    for (i = 1; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    printf "%s us/DORA, %s ACKs of %s sent", v["gen-cpu"], v["acks"], v["sent"]
    if (v["dup_addresses"] != "") printf ", %s dup", v["dup_addresses"] }'
}
busy_at() {  # busy_at <impl> <best>: "B% at best, F% at the first rate above it that dropped (rate)"
  awk -v impl="$1" -v best="$2" '
    index($0, impl " single step ") && match($0, /rate [0-9]+ -> [a-z]+/) {
      split(substr($0, RSTART, RLENGTH), w, " "); r = w[2] + 0; v = w[4]
      b = ""; if (match($0, /server-cpu=[0-9]+%/)) b = substr($0, RSTART + 11, RLENGTH - 11)
      if (r == best && v == "pass") at = b
      if (v != "pass" && r > best && (first == "" || r < first)) { first = r; fb = b }
    }
    END { printf "%s at the best rate; %s at %s/s, the first that dropped", at, fb, first }' "$OUT/gen-pinned.log" 2>/dev/null
}
pinned_cpu() {  # pinned_cpu <impl> <best>: the server's CPU per DORA (us) at its best pinned rate
  awk -v impl="$1" -v best="$2" '
    index($0, impl " single step ") && match($0, /rate [0-9]+ -> pass/) {
      split(substr($0, RSTART, RLENGTH), w, " ")
      if (w[2] + 0 == best && match($0, /server-cpu=[0-9]+% \([0-9.]+ us/)) {
        v = substr($0, RSTART, RLENGTH); sub(/.*\(/, "", v); sub(/ us/, "", v); at = v }
    }
    END { print at }' "$OUT/gen-pinned.log" 2>/dev/null
}
row() { printf '| %s | %s | %s | %s |\n' "$1" "${2:--}" "${3:--}" "${4:--}"; }

{
echo
echo "== Kea 2.2 vs Leasehold, side by side: $(date -u +%FT%TZ), commit $COMMIT$DIRTY =="
LH_JVM="$(java -version 2>&1 | head -1), java -jar"
[ -n "$AOT" ] && LH_JVM="dhcp-examples/bin/leasehold-dhcp4 (the first JDK 25+ it finds, with an AOT cache)"
echo "machine: $(nproc) cores, $(uname -r); Leasehold: $LH_JVM; kea $(kea-dhcp4 -v 2>/dev/null || echo none); load at start $LOAD0, at end $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "| measure | Kea 2.2 | Leasehold | Leasehold / Kea |"
echo "|---|---|---|---|"
if has warm; then
  k=$(rate_of warm single kea); l=$(rate_of warm single leasehold)
  row "best DORA/s, <= 0.5 % drops, warm (single server)" "$k" "$l" "$(ratio "$l" "$k")"
fi
if has cold; then
  for r in 3000 $KEA_MAX; do
    [ -n "$r" ] || continue
    k=$(cold_total cold kea "$r"); l=$(cold_total cold leasehold "$r")
    [ -n "$k$l" ] || continue
    row "cold, $r/s from 1 s after start: lost % over ${COLD_SECONDS} s (worst second)" \
      "$k ($(cold_worst cold kea "$r"))" "$l ($(cold_worst cold leasehold "$r"))" ""
  done
  k=$(cold_total cold-pair kea 3000); l=$(cold_total cold-pair leasehold 3000)
  row "cold pair, 3000/s, primary killed at 10 s: lost % over ${COLD_SECONDS} s (worst second)" \
    "$k ($(cold_worst cold-pair kea 3000))" "$l ($(cold_worst cold-pair leasehold 3000))" ""
fi
if has cpu; then
  k=$(cpu_of kea); l=$(cpu_of leasehold)
  row "server CPU per DORA at 3000/s (us)" "$k" "$l" "$(ratio "$l" "$k")"
fi
if has latency; then
  for ex in DISCOVER-OFFER REQUEST-ACK; do
    for q in p50 p99; do
      k=$(lat_of kea $ex $q); l=$(lat_of leasehold $ex $q)
      row "$ex $q at 2000/s (ms)" "$k" "$l" "$(ratio "$l" "$k")"
    done
  done
fi
if has pairs; then
  kk=$(rate_of pairs pair kea)
  for p in kea leasehold kea+leasehold leasehold+kea; do
    v=$(rate_of pairs pair "$p")   # "+" is literal in a basic regular expression
    row "hot-standby pair $p (primary+standby): best DORA/s" "$([ "$p" = kea ] && echo "$v")" \
      "$([ "$p" != kea ] && echo "$v")" "$([ "$p" != kea ] && ratio "$v" "$kk")"
  done
  kk=$(rate_of pairs-loadgen pair kea)
  for p in kea leasehold kea+leasehold leasehold+kea; do
    v=$(rate_of pairs-loadgen pair "$p")
    row "hot-standby pair $p, DoraLoad, warm: best DORA/s" "$([ "$p" = kea ] && echo "$v")" \
      "$([ "$p" != kea ] && echo "$v")" "$([ "$p" != kea ] && ratio "$v" "$kk")"
  done
  k=$(rate_of pairs-cold pair kea); l=$(rate_of pairs-cold pair leasehold)
  row "hot-standby pair, DoraLoad, cold (fresh pair per step, no warm-up): best DORA/s" "$k" "$l" "$(ratio "$l" "$k")"
fi
if has sync; then
  for n in ${SYNC_LEASES//,/ }; do
    kline=$(grep -h "^kea+kea $n leases:" "$OUT/sync.log" | tail -1 || true)
    ks=$(sed -n 's/.*sync \([0-9.]*\) s.*/\1/p' <<<"$kline"); kg=$(sed -n 's/.*gap \([0-9.]*\) s.*/\1/p' <<<"$kline")
    for p in leasehold+leasehold kea+leasehold leasehold+kea; do
      line=$(grep -h "^$p $n leases:" "$OUT/sync.log" | tail -1 || true)
      s=$(sed -n 's/.*sync \([0-9.]*\) s.*/\1/p' <<<"$line"); g=$(sed -n 's/.*gap \([0-9.]*\) s.*/\1/p' <<<"$line")
      miss=$(sed -n 's/.*missing on B \([0-9]*\).*/\1/p' <<<"$line")
      row "sync after restart, $n leases, pair $p vs kea+kea: sync s / client gap s (missing on B)" \
        "$ks / $kg" "$s / $g ($miss)" "$(ratio "$s" "$ks") / $(ratio "$g" "$kg")"
    done
  done
fi
if has gen; then
  row "load generator perfdhcp at 3000/s: its CPU per DORA, ACKs (warm server)" "$(gen_of kea perfdhcp)" "$(gen_of leasehold perfdhcp)" ""
  row "load generator DoraLoad at 3000/s: its CPU per DORA (JVM start included), ACKs, duplicate addresses" "$(gen_of kea loadgen)" "$(gen_of leasehold loadgen)" ""
  k=$(rate_of gen-pinned single kea); l=$(rate_of gen-pinned single leasehold)
  row "best DORA/s per server core (server on CPU 0, DoraLoad on CPU 1, <= 0.5 % drops)" "$k" "$l" "$(ratio "$l" "$k")"
  row "server core busy (pinned search)" "$(busy_at kea "$k")" "$(busy_at leasehold "$l")" ""
  # goal 2's question (what a DORA costs the server) without the per-packet wake-ups of a generator that sends
  # one packet at a time: the CPU per DORA where each server's core is fullest
  kc=$(pinned_cpu kea "$k"); lc=$(pinned_cpu leasehold "$l")
  row "server CPU per DORA at its best pinned rate (us)" "$kc" "$lc" "$(ratio "$lc" "$kc")"
fi
echo
echo "Per-part output: $OUT/*.log"
has cold && { echo; echo "-- cold, per second --"; sed -n '/^== /,$p' "$OUT/cold.log"; sed -n '/^== /,$p' "$OUT/cold-pair.log"; }
has sync && { echo; sed -n '/^== sync/,$p' "$OUT/sync.log"; }
} | tee "$OUT/table.md"
[ -n "$KEEP" ] && { mkdir -p "$KEEP"; cp -r "$OUT"/. "$KEEP"/; }
exit 0
