#!/usr/bin/env bash
# Leasehold vs ISC Kea 2.2 under perfdhcp, end to end over real sockets, in the same run and with the same
# configuration file.
#
#   sudo benchmarks/perfdhcp/compare.sh [options]
#
# Lab: private network namespaces made for this run: the server (192.0.2.1) and the client side (192.0.2.2), where
# perfdhcp acts as a relay (-l), joined by a veth pair, so every query is a relayed unicast to the server and every
# reply a unicast back to the relay; for a pair, the standby in a third namespace, joined to the primary by a
# second veth pair (198.51.100.1 - 198.51.100.2) that carries the HA traffic. Nothing leaves the namespaces. Everything started here (servers, perfdhcp, namespaces) is removed on exit, on error and on ^C.
#
# Measurements (--mode):
#   single   highest DORA rate with at most --drop-limit % drops, one server of each (default)
#   pair     the same for a hot-standby pair of each (primary answers, standby gets every lease update)
#   latency  p50/p90/p99/max of DISCOVER->OFFER and REQUEST->ACK at a fixed rate (--latency-rate)
#   all      single, pair and latency
#   generators  the two load generators side by side at --latency-rate against each server (one step with
#            perfdhcp, one with benchmarks' own DoraLoad): ACKs, drops, duplicate addresses, and the CPU each
#            generator and each server spent per DORA, so the cheap generator can be checked against perfdhcp
# Each rate search: perfdhcp at rate r for --duration seconds against a freshly started server with an empty lease
# file; r doubles from --start-rate while a step passes, then bisects between the last pass and the first fail
# until they are within 5 % or --max-steps steps were run. A step passes when both exchanges (DISCOVER-OFFER and
# REQUEST-ACK) lost at most --drop-limit % and perfdhcp really sent at least 95 % of r * duration DISCOVERs (if the
# server kept up but perfdhcp could not send that fast, the load generator is the limit: the step counts as failed
# and the result is marked "client-bound").
#
# Options:
#   --mode M            single | pair | latency | all                          (single)
#   --servers LIST      comma list of kea,leasehold; for --mode pair also mixed pairs written
#                       PRIMARY+STANDBY, e.g. kea+leasehold,leasehold+kea              (kea,leasehold)
#   --repeat N          repeat each search N times, alternating servers        (1)
#   --duration S        seconds per perfdhcp run                                (10)
#   --start-rate R      first rate tried                                        (2000)
#   --max-rate R        never try above this rate                               (200000)
#   --max-steps N       at most N steps per search                              (9)
#   --drop-limit P      drop percentage allowed                                 (0.5)
#   --clients N         perfdhcp -R (distinct simulated clients)                (1000000)
#   --threads N         multi-threading thread-pool-size for both servers       (2)
#   --queue N           multi-threading packet-queue-size for both servers      (64)
#   --latency-rate R    fixed rate of the latency run                           (2000)
#   --warmup S          seconds of perfdhcp at --warmup-rate after each start, before measuring (both servers) (20)
#                       (a JVM on 2 cores still had its C2 compiler at 24-62 % CPU 16 s after start under the HA
#                       path; with 5 s the Leasehold pair reached 1375 DORA/s, with 25 s 2125)
#   --warmup-rate R     rate of that warm-up                                    (1000)
#   --jar PATH          the standalone Leasehold jar   (dhcp-examples/target/leasehold-dhcp4.jar; built if missing)
#   --java-opts "..."   JVM options for Leasehold                               (-Xms1g -Xmx1g)
#   --aot               start Leasehold as README does, through dhcp-examples/bin/leasehold-dhcp4: on JDK 25+ with an
#                       AOT cache from a training run (--train) on this run's configuration, made once before the
#                       first start                                                     (off: java -jar)
#   --keep DIR          keep configs, logs and perfdhcp outputs in DIR
#   --time-limit S      hard limit for the whole run; it is stopped and cleaned up after that  (3600)
#   --generator G       perfdhcp, or loadgen: benchmarks' DoraLoad (io.leasehold.dhcp.benchmarks.loadgen), a
#                       relay that runs every client through a full DORA as a new client, at a few us of CPU per
#                       DORA instead of perfdhcp's 110-200; for warm-up and measured runs alike   (perfdhcp)
#   --bench-jar PATH    the benchmarks jar holding DoraLoad (benchmarks/target/benchmarks.jar; built if missing)
#   --gen-java-opts ".." JVM options for DoraLoad  (-Xms1g -Xmx1g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC: C1
#                       only, so no C2 compiler competes with the loop for its core; a young generation that
#                       the run does not fill, so no collection pauses it)
#   --gen-args "..."    more DoraLoad options, e.g. "--tick 0" (a wake-up per reply instead of a 1-ms tick)
#   --pin S:G           taskset CPU lists: servers on S, the load generator on G (e.g. 0:1), so that each
#                       step also says how busy the server's cores were (server-cpu, % of one core)
# Every step reports the CPU per DORA of the server process(es) (utime+stime over the measured run / ACKs) and of
# the load generator (its whole process, JVM start included for loadgen, / ACKs).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
MODE=single
SERVERS=kea,leasehold
REPEAT=1
DURATION=10
START_RATE=2000
MAX_RATE=200000
MAX_STEPS=9
DROP_LIMIT=0.5
CLIENTS=1000000
THREADS=2
QUEUE=64
LATENCY_RATE=2000
WARMUP=20
WARMUP_RATE=1000
JAR=$ROOT/dhcp-examples/target/leasehold-dhcp4.jar
JAVA_OPTS="-Xms1g -Xmx1g"
AOT=
KEEP=
TIME_LIMIT=3600
KEA_HOOKS=${KEA_HOOKS:-/usr/lib/x86_64-linux-gnu/kea/hooks}
GENERATOR=perfdhcp
BENCH_JAR=$ROOT/benchmarks/target/benchmarks.jar
GEN_JAVA_OPTS="-Xms1g -Xmx1g -XX:TieredStopAtLevel=1 -XX:+UseSerialGC"
GEN_ARGS=
PIN=

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --mode) MODE=$2; shift ;;
    --servers) SERVERS=$2; shift ;;
    --repeat) REPEAT=$2; shift ;;
    --duration) DURATION=$2; shift ;;
    --start-rate) START_RATE=$2; shift ;;
    --max-rate) MAX_RATE=$2; shift ;;
    --max-steps) MAX_STEPS=$2; shift ;;
    --drop-limit) DROP_LIMIT=$2; shift ;;
    --clients) CLIENTS=$2; shift ;;
    --threads) THREADS=$2; shift ;;
    --queue) QUEUE=$2; shift ;;
    --latency-rate) LATENCY_RATE=$2; shift ;;
    --warmup) WARMUP=$2; shift ;;
    --warmup-rate) WARMUP_RATE=$2; shift ;;
    --jar) JAR=$2; shift ;;
    --java-opts) JAVA_OPTS=$2; shift ;;
    --aot) AOT=1 ;;
    --keep) KEEP=$2; shift ;;
    --time-limit) TIME_LIMIT=$2; shift ;;
    --generator) GENERATOR=$2; shift ;;
    --bench-jar) BENCH_JAR=$2; shift ;;
    --gen-java-opts) GEN_JAVA_OPTS=$2; shift ;;
    --gen-args) GEN_ARGS=$2; shift ;;
    --pin) PIN=$2; shift ;;
    -h|--help) usage 0 ;;
    *) echo "compare.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
case "$MODE" in single|pair|latency|all|generators) ;; *) echo "compare.sh: --mode must be single, pair, latency, all or generators, got '$MODE'" >&2; exit 2 ;; esac
case "$GENERATOR" in perfdhcp|loadgen) ;; *) echo "compare.sh: --generator must be perfdhcp or loadgen, got '$GENERATOR'" >&2; exit 2 ;; esac
[ "$MODE" = latency ] && [ "$GENERATOR" = loadgen ] && { echo "compare.sh: --mode latency uses perfdhcp's own timers; loadgen prints its percentiles in every step" >&2; exit 2; }
SRV_PIN=(); GEN_PIN=()
if [ -n "$PIN" ]; then
  [[ $PIN =~ ^[0-9,-]+:[0-9,-]+$ ]] || { echo "compare.sh: --pin takes SERVER_CPUS:GENERATOR_CPUS (e.g. 0:1), got '$PIN'" >&2; exit 2; }
  SRV_PIN=(taskset -c "${PIN%%:*}"); GEN_PIN=(taskset -c "${PIN#*:}")
fi
for n in REPEAT DURATION START_RATE MAX_RATE MAX_STEPS CLIENTS THREADS QUEUE LATENCY_RATE WARMUP_RATE TIME_LIMIT; do
  [[ ${!n} =~ ^[0-9]+$ ]] && [ "${!n}" -gt 0 ] || { echo "compare.sh: --${n,,} must be a positive integer, got '${!n}'" >&2; exit 2; }
done
[ "$DURATION" -le 120 ] || { echo "compare.sh: --duration is at most 120 s" >&2; exit 2; }

need() { command -v "$1" >/dev/null 2>&1 || { echo "compare.sh: '$1' is not installed ($2)" >&2; exit 3; }; }
[ "$(id -u)" = 0 ] || { echo "compare.sh: needs root (network namespaces)" >&2; exit 3; }
need ip iproute2; need perfdhcp "apt-get install kea-admin"; need ss iproute2; need curl curl; need java "a JDK 17"
for s in ${SERVERS//,/ }; do
  [[ $s =~ ^(kea|leasehold)(\+(kea|leasehold))?$ ]] || { echo "compare.sh: --servers takes kea, leasehold or PRIMARY+STANDBY pairs of them, got '$s'" >&2; exit 2; }
  [[ $s == *+* ]] && [ "$MODE" != pair ] && { echo "compare.sh: mixed pairs ('$s') only with --mode pair" >&2; exit 2; }
done
[[ ",$SERVERS," == *kea* ]] && need kea-dhcp4 "apt-get install kea-dhcp4-server"
if [[ ",$SERVERS," == *leasehold* ]] && [ ! -f "$JAR" ]; then
  echo "building $JAR ..."
  (cd "$ROOT" && mvn -q -o -pl dhcp-examples -am package -DskipTests)
fi
if { [ "$GENERATOR" = loadgen ] || [ "$MODE" = generators ]; } && [ ! -f "$BENCH_JAR" ]; then
  echo "building $BENCH_JAR ..."
  (cd "$ROOT" && mvn -q -o -pl benchmarks -am package -DskipTests)
fi
[ -n "$PIN" ] && need taskset util-linux

# The lab kit records namespaces and the work directory, so they go on every way out (a run killed with -9 is
# swept by the next lab) and a survivor fails the run.
source "$ROOT/dhcp-testing/scripts/labkit.sh"
labkit_init leasehold-compare
TAG=$LAB_TAG
WORK=$LAB_WORK
NS_S=$(labkit_ns lhb-s)
NS_B=$(labkit_ns lhb-b)
NS_C=$(labkit_ns lhb-c)
PIDS=()
SERVER_A=192.0.2.1
RELAY=192.0.2.2
HA_A=198.51.100.1
HA_B=198.51.100.2
SUMMARY=()

cleanup() {
  local rc=$?
  [ -n "${WATCHDOG:-}" ] && kill "$WATCHDOG" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && cp -r "$WORK"/. "$KEEP"/ && echo "kept logs in $KEEP"; fi
  # the kit kills what runs in the namespaces, deletes them and the work directory, and checks nothing survived
  (exit $rc); labkit_cleanup
}
START_SECONDS=$SECONDS
trap cleanup EXIT
trap 'if [ $((SECONDS - START_SECONDS)) -ge "$TIME_LIMIT" ]; then echo "compare.sh: time limit of $TIME_LIMIT s reached, stopped" >&2; else echo "compare.sh: interrupted" >&2; fi; exit 130' INT TERM
# watchdog: its output goes nowhere and it sleeps in 1 s steps, so nothing of it outlives the run by more than 1 s
# (a long sleep left behind would hold the caller's pipe open)
( end=$((SECONDS + TIME_LIMIT)); while [ $SECONDS -lt $end ]; do sleep 1; kill -0 $$ || exit 0; done
  kill -TERM $$ ) >/dev/null 2>&1 &
WATCHDOG=$!

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }

# ---- lab ----
# veth <nsA> <ifA> <cidrA> <nsB> <ifB> <cidrB>
VETHS=0
veth() {
  VETHS=$((VETHS + 1))
  local a="lhb${TAG}a$VETHS" b="lhb${TAG}b$VETHS"
  ip link add "$a" netns "$1" type veth peer name "$b" netns "$4"   # never in the host's namespace
  ip -n "$1" link set "$a" name "$2"; ip -n "$4" link set "$b" name "$5"
  ip -n "$1" addr add "$3" dev "$2"; ip -n "$4" addr add "$6" dev "$5"
  ip -n "$1" link set "$2" up; ip -n "$4" link set "$5" up
}
veth "$NS_S" s0 $SERVER_A/24 "$NS_C" c0 $RELAY/24
veth "$NS_S" ha0 $HA_A/24 "$NS_B" ha0 $HA_B/24

# ---- configuration (one file per server instance, the same text for Kea and Leasehold) ----
# config <dir> <interface> <pair: none|server1|server2>
config() {
  local dir=$1 iface=$2 ha=$3 hooks=""
  if [ "$ha" != none ]; then
    hooks=$(cat <<EOF
    "hooks-libraries": [
      { "library": "$KEA_HOOKS/libdhcp_lease_cmds.so" },
      { "library": "$KEA_HOOKS/libdhcp_ha.so", "parameters": { "high-availability": [ {
          "this-server-name": "$ha", "mode": "hot-standby",
          "heartbeat-delay": 10000, "max-response-delay": 60000, "max-ack-delay": 5000, "max-unacked-clients": 0,
          "sync-timeout": 60000, "sync-page-limit": 10000,
          "multi-threading": { "enable-multi-threading": true, "http-dedicated-listener": true,
                               "http-listener-threads": $THREADS, "http-client-threads": $THREADS },
          "peers": [
            { "name": "server1", "url": "http://$HA_A:8001/", "role": "primary", "auto-failover": true },
            { "name": "server2", "url": "http://$HA_B:8001/", "role": "standby", "auto-failover": true } ] } ] } } ],
EOF
)
  fi
  cat > "$dir/dhcp4.json" <<EOF
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "$iface" ], "dhcp-socket-type": "udp" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$dir/leases4.csv", "lfc-interval": 0 },
    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": $THREADS, "packet-queue-size": $QUEUE },
    "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
$hooks
    "subnet4": [ { "id": 1, "subnet": "10.0.0.0/8", "relay": { "ip-addresses": [ "$RELAY" ] },
                   "pools": [ { "pool": "10.0.0.10 - 10.31.255.254" } ],
                   "option-data": [ { "name": "routers", "data": "10.0.0.1" },
                                    { "name": "domain-name-servers", "data": "10.0.0.53" } ] } ],
    "loggers": [ { "name": "kea-dhcp4", "severity": "WARN",
                   "output_options": [ { "output": "$dir/server.log" } ] } ]
} }
EOF
}

# start <kea|leasehold> <dir> <namespace> -> starts the server in its namespace, waits for its DHCP socket
start_server() {
  local impl=$1 dir=$2 ns=$3 pid
  mkdir -p "$dir/run"
  if [ "$impl" = kea ]; then
    ip netns exec "$ns" "${SRV_PIN[@]}" env KEA_PIDFILE_DIR="$dir/run" KEA_LOCKFILE_DIR="$dir/run" \
      kea-dhcp4 -c "$dir/dhcp4.json" >"$dir/stdout.log" 2>&1 &
  else
    local cache=
    if [ -n "$AOT" ]; then
      cache=$WORK/leasehold-$MODE.aot
      labkit_aot_train "$JAR" java "$JAVA_OPTS" "$cache" "$dir/dhcp4.json" || return 1
    fi
    labkit_lh_cmd "$JAR" java "$JAVA_OPTS" "$cache"
    ip netns exec "$ns" "${SRV_PIN[@]}" "${LH_CMD[@]}" -c "$dir/dhcp4.json" >"$dir/stdout.log" 2>&1 &
  fi
  pid=$!
  PIDS+=("$pid")
  echo "$pid" > "$dir/pid"
  for _ in $(seq 1 300); do
    if ip netns exec "$ns" ss -uln 2>/dev/null | grep -q ":67 "; then return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "compare.sh: $impl exited at start:" >&2; tail -20 "$dir/stdout.log" "$dir/server.log" 2>/dev/null >&2; return 1; }
    sleep 0.1
  done
  echo "compare.sh: $impl did not open port 67 within 30 s" >&2
  return 1
}

stop_server() {
  local dir=$1 pid
  pid=$(cat "$dir/pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local keep=()
  for p in "${PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  PIDS=("${keep[@]}")
}

# ha_state <address> -> the HA state the peer reports (ha-heartbeat on its dedicated listener)
ha_state() {
  ip netns exec "$NS_B" curl -s -m 2 -X POST -H 'Content-Type: application/json' \
    -d '{ "command": "ha-heartbeat", "service": [ "dhcp4" ] }' "http://$1:8001/" 2>/dev/null \
    | grep -o '"state": *"[a-z-]*"' | head -1 | sed 's/.*"\([a-z-]*\)"$/\1/'
}

# up <impl> <single|pair> <dir> : fresh lease files and server(s); for a pair waits for hot-standby. A pair's impl
# is "kea", "leasehold" (both servers of that kind) or PRIMARY+STANDBY (a mixed pair)
up() {
  local impl=$1 topo=$2 dir=$3 impl_b=${1#*+}
  impl=${impl%%+*}
  rm -rf "$dir"; mkdir -p "$dir/a"
  if [ "$topo" = single ]; then
    config "$dir/a" s0 none
    start_server "$impl" "$dir/a" "$NS_S"
    return
  fi
  mkdir -p "$dir/b"
  config "$dir/a" s0 server1
  config "$dir/b" ha0 server2
  start_server "$impl" "$dir/a" "$NS_S"
  start_server "$impl_b" "$dir/b" "$NS_B"
  local st=""
  for _ in $(seq 1 120); do
    st=$(ha_state $HA_A)
    [ "$st" = hot-standby ] && return 0
    sleep 0.5
  done
  echo "compare.sh: $impl pair did not reach hot-standby within 60 s (primary says '${st:-nothing}')" >&2
  return 1
}

down() {
  local dir=$1
  [ -f "$dir/a/pid" ] && stop_server "$dir/a"
  [ -f "$dir/b/pid" ] && stop_server "$dir/b"
  return 0
}

# generate <rate> <seconds> <out> <first-client> [extra perfdhcp args]: one bounded run of the load generator
# from the relay side; its CPU (user + system seconds of the whole process tree, JVM start included) goes to
# <out>.cpu. loadgen's clients are numbered from <first-client>, so a warm-up and the measured run never share one.
generate() {
  local rate=$1 secs=$2 out=$3 first=$4; shift 4
  local TIMEFORMAT='%U %S'
  if [ "$GENERATOR" = loadgen ]; then
    { time ip netns exec "$NS_C" "${GEN_PIN[@]}" timeout $((secs + 30)) java $GEN_JAVA_OPTS -cp "$BENCH_JAR" \
        io.leasehold.dhcp.benchmarks.loadgen.DoraLoad --server $SERVER_A --relay $RELAY --rate "$rate" \
        --seconds "$secs" --first-client "$first" --per-second $GEN_ARGS >"$out" 2>&1 || true; } 2>"$out.cpu"
  else
    # -p bounds the test period; timeout bounds everything else (perfdhcp waits 1 s for late replies)
    { time ip netns exec "$NS_C" "${GEN_PIN[@]}" timeout $((secs + 30)) perfdhcp -4 -l $RELAY -r "$rate" \
        -R "$CLIENTS" -p "$secs" "$@" $SERVER_A >"$out" 2>&1 || true; } 2>"$out.cpu"
  fi
}

# perf <rate> <out> [extra perfdhcp args] : the measured run
perf() {
  local rate=$1 out=$2; shift 2
  generate "$rate" "$DURATION" "$out" 0 "$@"
}

# warmup <out>: the same traffic at a modest rate right after a start, unmeasured, so that neither server is
# measured while still starting (a JVM's JIT compiles the hot path in the first seconds; Kea's caches warm too)
warmup() {
  [ "$WARMUP" -gt 0 ] || return 0
  generate "$WARMUP_RATE" "$WARMUP" "$1" 100000000
}

# parse <out> -> "sent_discover drops_do drops_ra acks rate"
parse() {
  if grep -q '^loadgen: ' "$1"; then
    awk -v d="$DURATION" '/^loadgen: / {
        for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
        printf "%s %s %s %s %d\n", v["sent_discover"], v["drops_do"], v["drops_ra"], v["acks"], v["sent_discover"] / d
      }' "$1"
    return
  fi
  awk '
    /^\*\*\*Statistics for: DISCOVER-OFFER/ { ex = 1 }
    /^\*\*\*Statistics for: REQUEST-ACK/ { ex = 2 }
    /sent packets:/ { sent[ex] = $3 }
    /received packets:/ { recv[ex] = $3 }
    /drops ratio:/ { v = $3; sub(/%/, "", v); drops[ex] = v }
    /^[Rr]ate:/ { rate = $2 }
    END {
      if (sent[1] == "") { print "0 100 100 0 0"; exit }
      if (drops[1] == "") drops[1] = 0; if (drops[2] == "") drops[2] = 0
      printf "%s %s %s %s %s\n", sent[1], drops[1], drops[2], recv[2] + 0, rate + 0
    }' "$1"
}

# server_ticks <dir>: utime + stime, in clock ticks, of the server process(es) of <dir> (a and, for a pair, b)
server_ticks() {
  local t=0 f p
  for f in "$1/a/pid" "$1/b/pid"; do
    [ -f "$f" ] || continue
    p=$(cat "$f")
    # fields 14 and 15 of stat, i.e. the 12th and 13th after the ")" that closes the command name
    t=$((t + $(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}' || echo 0)))
  done
  echo "$t"
}

# cpu_detail <ticks-before> <ticks-after> <acks> <generator-cpu-file>: "server-cpu=B% (S us/DORA) gen-cpu=G us/DORA"
# where B is the servers' CPU over the measured run as % of one core busy for --duration seconds
cpu_detail() {
  local hz; hz=$(getconf CLK_TCK)
  awk -v t0="$1" -v t1="$2" -v a="$3" -v hz="$hz" -v d="$DURATION" -v gen="$(cat "$4" 2>/dev/null)" 'BEGIN {
    us = (t1 - t0) * 1e6 / hz; split(gen, g, " "); gus = (g[1] + g[2]) * 1e6
    if (a < 1) a = 1
    printf "server-cpu=%.0f%% (%.1f us/DORA) gen-cpu=%.1f us/DORA", us / (d * 1e4), us / a, gus / a }'
}

# udp_rcvbuf_errors <netns>: datagrams the kernel dropped there because a socket's receive buffer was full
udp_rcvbuf_errors() {
  ip netns exec "$1" awk '/^Udp:/ { if (!c) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i }
                                    else print $c }' /proc/net/snmp
}

# step <impl> <topo> <rate> -> prints "pass|fail|client <detail>"
step() {
  local impl=$1 topo=$2 rate=$3 dir="$WORK/$1-$2" out
  out="$WORK/perf-$impl-$topo-$rate-$(date +%s%N).txt"
  if ! up "$impl" "$topo" "$dir"; then down "$dir"; echo "fail server-did-not-start"; return; fi
  warmup "$out.warmup"
  local ks kc c0 c1
  ks=$(udp_rcvbuf_errors "$NS_S"); kc=$(udp_rcvbuf_errors "$NS_C")
  c0=$(server_ticks "$dir")
  perf "$rate" "$out"
  c1=$(server_ticks "$dir")
  ks=$(( $(udp_rcvbuf_errors "$NS_S") - ks )); kc=$(( $(udp_rcvbuf_errors "$NS_C") - kc ))
  down "$dir"
  local sent d1 d2 acks got
  read -r sent d1 d2 acks got < <(parse "$out")
  # kernel-drops: datagrams dropped by a full socket receive buffer during the run, at the server (its socket
  # did not read fast enough) and at the client (the generator did not)
  local detail="sent=$sent drops(DO)=$d1% drops(RA)=$d2% acks=$acks $GENERATOR-rate=$got/s kernel-drops(server/client)=$ks/$kc"
  detail+=" $(cpu_detail "$c0" "$c1" "$acks" "$out.cpu")"
  grep -q '^loadgen: ' "$out" && detail+=" $(grep -o 'dup_addresses=[0-9]*\|behind=[0-9]*\|do_p50_ms=[0-9.]*\|ra_p50_ms=[0-9.]*\|do_p99_ms=[0-9.]*\|ra_p99_ms=[0-9.]*\|cpu_us_per_dora=[0-9.]*' "$out" | tr '\n' ' ')"
  local within
  within=$(awk -v a="$d1" -v b="$d2" -v l="$DROP_LIMIT" 'BEGIN { print (a <= l && b <= l) ? 1 : 0 }')
  if [ "$within" = 1 ] && awk -v s="$sent" -v r="$rate" -v d="$DURATION" 'BEGIN { exit !(s < 0.95 * r * d) }'; then
    echo "client $detail"
  elif awk -v a="$d1" -v b="$d2" -v l="$DROP_LIMIT" 'BEGIN { exit !(a <= l && b <= l) }'; then
    echo "pass $detail"
  else
    echo "fail $detail"
  fi
}

# search <impl> <topo> -> prints the highest passing rate (0 if none) and a note
search() {
  local impl=$1 topo=$2 lo=0 hi=0 r=$START_RATE n=0 note="" verdict detail
  while [ "$n" -lt "$MAX_STEPS" ]; do
    n=$((n + 1))
    read -r verdict detail < <(step "$impl" "$topo" "$r")
    log "$impl $topo step $n: rate $r -> $verdict ($detail; load $(cut -d' ' -f1 /proc/loadavg))"
    case "$verdict" in
      pass) lo=$r ;;
      client) hi=$r; note=" (client-bound at $r/s: the server kept up but $GENERATOR could not send faster)" ;;
      *) hi=$r ;;
    esac
    if [ "$hi" -eq 0 ]; then
      [ "$r" -ge "$MAX_RATE" ] && { note=" (reached --max-rate)"; break; }
      r=$((r * 2)); [ "$r" -gt "$MAX_RATE" ] && r=$MAX_RATE
    else
      [ "$lo" -gt 0 ] && [ $((hi - lo)) -le $((lo / 20)) ] && break
      r=$(((lo + hi) / 2))
      [ "$lo" -eq 0 ] && r=$((hi / 2))
      [ "$r" -lt 100 ] && break
    fi
  done
  echo "$lo$note"
}

has_leasehold_ha() {
  # list first: "unzip | grep -q" fails under pipefail when grep stops reading early (SIGPIPE)
  local list
  list=$(unzip -l "$JAR" 2>/dev/null) || return 1
  grep -q 'META-INF/services/io.leasehold.dhcp.server.ServerExtension\$Factory' <<<"$list" \
    && grep -qi 'io/leasehold/dhcp/ha/.*HaExtension' <<<"$list"
}

compare_rates() {
  local topo=$1 impl rep best
  declare -A all=()
  for rep in $(seq 1 "$REPEAT"); do
    for impl in ${SERVERS//,/ }; do
      if [[ $impl == *leasehold* ]] && [ "$topo" = pair ] && ! has_leasehold_ha; then
        [ "$rep" = 1 ] && log "SKIPPED: Leasehold hot-standby pair: this build of $JAR has no HA extension (no ServerExtension\$Factory service entry: built without dhcp-ha?); the Kea pair is measured alone"
        continue
      fi
      log "searching $impl $topo (run $rep of $REPEAT, load $(cut -d' ' -f1-3 /proc/loadavg))"
      best=$(search "$impl" "$topo")
      log "$impl $topo run $rep: $best DORA/s"
      all[$impl]="${all[$impl]:-} ${best%% *}"
      SUMMARY+=("$topo $impl run $rep: ${best} DORA/s with <= $DROP_LIMIT % drops")
    done
  done
  local k=${all[kea]:-} l=${all[leasehold]:-}
  if [ -n "$k" ] && [ -n "$l" ]; then
    local km lm
    km=$(echo $k | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    lm=$(echo $l | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}')
    SUMMARY+=("$topo: Kea [$k ] median $km, Leasehold [$l ] median $lm DORA/s, ratio $(awk -v a="$lm" -v b="$km" 'BEGIN { if (b > 0) printf "%.2fx", a / b; else print "n/a" }')")
  fi
}

# latency <impl>: one fixed-rate run with -x t; percentiles of perfdhcp's own per-exchange timers
latency() {
  local impl=$1 dir="$WORK/$1-lat" out="$WORK/latency-$1.txt"
  up "$impl" single "$dir" || { down "$dir"; SUMMARY+=("latency $impl: server did not start"); return; }
  warmup "$WORK/latency-warmup-$impl.txt"
  perf "$LATENCY_RATE" "$out" -x t
  down "$dir"
  # "-x t" prints, per exchange, "sent / received: <s.us> / <s.us>" for every successful exchange: perfdhcp's own
  # timestamps of sending the query and receiving its reply, so each difference is one round trip.
  local line="$impl at $LATENCY_RATE/s:" ex
  for ex in DISCOVER-OFFER REQUEST-ACK; do
    line+=$(awk -v want="$ex" '
      /^\*\*\*Timestamps for packets: / { inside = (index($0, want) > 0); next }
      /^\*\*\*/ { inside = 0 }
      inside && $1 == "sent" { printf "%.3f\n", ($6 - $4) * 1000 }' "$out" | sort -n | awk -v ex="$ex" '
      { a[NR] = $1 }
      END {
        if (NR == 0) { printf " %s: no samples;", ex; exit }
        printf " %s n=%d p50=%.3f p90=%.3f p99=%.3f max=%.3f ms;", ex, NR, a[int(NR * 0.50) + 1],
          a[int(NR * 0.90) + 1], a[int(NR * 0.99) + 1], a[NR]
      }')
  done
  SUMMARY+=("latency $line")
  log "latency $line"
}

# generators: each server at --latency-rate, once with each load generator (fresh server, same warm-up)
generators() {
  local impl g verdict detail saved=$GENERATOR
  for impl in ${SERVERS//,/ }; do
    for g in perfdhcp loadgen; do
      GENERATOR=$g
      read -r verdict detail < <(step "$impl" single "$LATENCY_RATE")
      log "generators: $impl with $g at $LATENCY_RATE/s -> $verdict ($detail)"
      SUMMARY+=("generators $impl $g at $LATENCY_RATE/s: $verdict $detail")
    done
  done
  GENERATOR=$saved
}

log "lab $NS_S / $NS_C; work dir $WORK; machine: $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1), kea $(kea-dhcp4 -v 2>/dev/null || echo none); load $(cut -d' ' -f1-3 /proc/loadavg)"
log "settings: generator=$GENERATOR pin=${PIN:-none} mode=$MODE servers=$SERVERS duration=${DURATION}s warmup=${WARMUP}s@$WARMUP_RATE/s clients=$CLIENTS threads=$THREADS queue=$QUEUE drop-limit=$DROP_LIMIT% java-opts='$JAVA_OPTS' aot=${AOT:-off} gen-java-opts='$GEN_JAVA_OPTS' gen-args='$GEN_ARGS'"
case "$MODE" in
  single) compare_rates single ;;
  pair) compare_rates pair ;;
  latency) for i in ${SERVERS//,/ }; do latency "$i"; done ;;
  all) compare_rates single; compare_rates pair; for i in ${SERVERS//,/ }; do latency "$i"; done ;;
  generators) generators ;;
esac
echo
echo "== results ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)) =="
printf '%s\n' "${SUMMARY[@]}"
