#!/usr/bin/env bash
# Cold start: drops per second in the first seconds of a freshly started server, Kea 2.2 and Leasehold side by side.
#
#   sudo benchmarks/scripts/cold-start.sh [options]
#
# For each rate and each server: a fresh server (empty lease file) is started in compare.sh's lab (namespaces made
# for the run with the lab kit: the server at 192.0.2.1, perfdhcp as a relay at 192.0.2.2, one veth pair; the same
# configuration text for both servers: memfile persist true, multi-threading 2 threads / queue 64, one /8 subnet,
# a 2M-address pool). "Ready" is the moment the server's DHCP socket is bound (UDP port 67 listed by `ss` in its
# namespace, polled every 20 ms), the same test for both; perfdhcp starts --delay seconds after ready, at a fixed
# rate, with per-second reports (-t 1), for --seconds + 1 seconds (the last second has no report of its own, so
# the table shows the first --seconds; the totals cover the whole run). Nothing warms the server up first.
#
# Printed per second: DISCOVERs sent, and the DISCOVER-OFFER and REQUEST-ACK losses of that second (sent - received
# in the second, from perfdhcp's cumulative periodic reports; a reply crossing a second boundary moves a packet to
# the next second, so one-second values can be off by a few packets either way), with their sum as a percentage
# of the queries sent in the second; and the CPU time the server (both servers in pair mode) used in that second
# (utime + stime from /proc, sampled once a second from just before the load starts), which shows a cold server's
# extra work (interpreter, JIT compiler threads) even when the machine is too busy for the drops to mean much. At the end, per server: the time from process start to ready, perfdhcp's own
# totals (drops ratio of each exchange) and the datagrams the server's kernel dropped for a full socket buffer.
#
# Modes (--mode):
#   single   one server of each (default)
#   pair     a hot-standby pair of each (HA over a second link, heartbeat 1 s, max-response-delay 2 s,
#            max-unacked-clients 0), both ready (the primary reports hot-standby) before the load starts. The standby
#            has the primary's address and MAC on its own link, and the client side mirrors every frame it sends to
#            the primary onto that link (tc mirred), as a relay configured with both servers would send each query to
#            both. --kill-at seconds into the load the primary is killed (SIGKILL): the seconds after show the failover
#            and how the promoted standby, which has never answered a client, copes with the full load.
#
# Options:
#   --servers LIST      comma list of kea, leasehold, leasehold-nowarm (the same jar with --warmup 0) and
#                       leasehold-base (the jar of --base-jar)                          (kea,leasehold)
#   --rates LIST        comma list of rates (DORA/s), one run of each server per rate   (3000)
#   --seconds S         seconds of load per run (perfdhcp -p), at most 120              (30)
#   --delay S           seconds between ready and the first query (decimal allowed)     (1)
#   --repeat N          runs per server and rate, alternating servers                   (1)
#   --clients N         perfdhcp -R                                                     (1000000)
#   --mode M            single | pair                                                   (single)
#   --kill-at S         pair mode: the second of the load at which the primary is killed (10)
#   --jar PATH          the standalone Leasehold jar        (dhcp-examples/target/leasehold-dhcp4.jar)
#   --base-jar PATH     the jar run as leasehold-base, e.g. a build from before a change
#   --java PATH         the java launcher for Leasehold                                 (java on PATH)
#   --java-opts "..."   JVM options for Leasehold                                       (-Xms1g -Xmx1g)
#   --lh-args "..."     extra arguments for the Leasehold main (e.g. "--warmup 0")      (none)
#   --aot               start Leasehold as README does, through dhcp-examples/bin/leasehold-dhcp4: on JDK 25+ (the
#                       launcher's pick, or --java) with an AOT cache from a training run (--train) on this run's
#                       configuration, made once before the first start and not counted in "ready"   (off: java -jar)
#   --keep DIR          keep configs, logs and perfdhcp outputs in DIR
#   --time-limit S      hard limit for the whole run; stopped and cleaned up after that (1800)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
SERVERS=kea,leasehold
RATES=3000
SECONDS_LOAD=30
MODE=single
KILL_AT=10
BASE_JAR=
DELAY=1
REPEAT=1
CLIENTS=1000000
JAR=$ROOT/dhcp-examples/target/leasehold-dhcp4.jar
JAVA=java
JAVA_OPTS="-Xms1g -Xmx1g"
LH_ARGS=
AOT=
KEEP=
TIME_LIMIT=1800
KEA_HOOKS=${KEA_HOOKS:-/usr/lib/x86_64-linux-gnu/kea/hooks}

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --servers) SERVERS=$2; shift ;;
    --rates) RATES=$2; shift ;;
    --seconds) SECONDS_LOAD=$2; shift ;;
    --delay) DELAY=$2; shift ;;
    --repeat) REPEAT=$2; shift ;;
    --clients) CLIENTS=$2; shift ;;
    --mode) MODE=$2; shift ;;
    --kill-at) KILL_AT=$2; shift ;;
    --jar) JAR=$2; shift ;;
    --base-jar) BASE_JAR=$2; shift ;;
    --java) JAVA=$2; shift ;;
    --java-opts) JAVA_OPTS=$2; shift ;;
    --lh-args) LH_ARGS=$2; shift ;;
    --aot) AOT=1 ;;
    --keep) KEEP=$2; shift ;;
    --time-limit) TIME_LIMIT=$2; shift ;;
    -h|--help) usage 0 ;;
    *) echo "cold-start.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for n in SECONDS_LOAD REPEAT CLIENTS KILL_AT TIME_LIMIT; do
  [[ ${!n} =~ ^[0-9]+$ ]] && [ "${!n}" -gt 0 ] || { echo "cold-start.sh: ${n,,} must be a positive integer, got '${!n}'" >&2; exit 2; }
done
[[ $RATES =~ ^[0-9]+(,[0-9]+)*$ ]] || { echo "cold-start.sh: --rates must be a comma list of integers" >&2; exit 2; }
[[ $DELAY =~ ^[0-9]+(\.[0-9]+)?$ ]] || { echo "cold-start.sh: --delay must be a number of seconds" >&2; exit 2; }
[ "$SECONDS_LOAD" -le 120 ] || { echo "cold-start.sh: --seconds is at most 120" >&2; exit 2; }
case "$MODE" in single|pair) ;; *) echo "cold-start.sh: --mode must be single or pair, got '$MODE'" >&2; exit 2 ;; esac
for impl in ${SERVERS//,/ }; do
  case "$impl" in kea|leasehold|leasehold-nowarm) ;;
    leasehold-base) [ -f "$BASE_JAR" ] || { echo "cold-start.sh: leasehold-base needs --base-jar" >&2; exit 2; } ;;
    *) echo "cold-start.sh: unknown server '$impl'" >&2; exit 2 ;; esac
done
[ "$(id -u)" = 0 ] || { echo "cold-start.sh: needs root (network namespaces)" >&2; exit 3; }
for c in ip ss perfdhcp tc curl; do command -v "$c" >/dev/null || { echo "cold-start.sh: '$c' is not installed" >&2; exit 3; }; done
[[ ",$SERVERS," == *,kea,* ]] && { command -v kea-dhcp4 >/dev/null || { echo "cold-start.sh: kea-dhcp4 is not installed" >&2; exit 3; }; }
[[ ",$SERVERS," == *,leasehold* ]] && [ ! -f "$JAR" ] && { echo "cold-start.sh: no jar at $JAR (build it: see README)" >&2; exit 3; }

source "$ROOT/dhcp-testing/scripts/labkit.sh"
labkit_init leasehold-coldstart
WORK=$LAB_WORK
NS_S=$(labkit_ns lcs-s)      # the server, or the primary
NS_B=$(labkit_ns lcs-b)      # the standby (pair mode)
NS_C=$(labkit_ns lcs-c)      # perfdhcp, the relay
SERVER_A=192.0.2.1
RELAY=192.0.2.2
HA_A=198.51.100.1
HA_B=198.51.100.2
PIDS=()
SUMMARY=()

cleanup() {
  local rc=$?
  [ -n "${WATCHDOG:-}" ] && kill "$WATCHDOG" 2>/dev/null || true
  for p in "${PIDS[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  if [ -n "$KEEP" ]; then mkdir -p "$KEEP" && cp -r "$WORK"/. "$KEEP"/ && echo "kept logs in $KEEP"; fi
  (exit $rc); labkit_cleanup
}
trap cleanup EXIT
trap 'echo "cold-start.sh: stopped (time limit $TIME_LIMIT s or interrupted)" >&2; exit 130' INT TERM
( end=$((SECONDS + TIME_LIMIT)); while [ $SECONDS -lt $end ]; do sleep 1; kill -0 $$ || exit 0; done
  kill -TERM $$ ) >/dev/null 2>&1 &
WATCHDOG=$!

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
now_ms() { date +%s%3N; }

# ---- lab: one veth pair, never in the host's namespace ----
ip link add "lcs${LAB_TAG}a" netns "$NS_S" type veth peer name "lcs${LAB_TAG}b" netns "$NS_C"
ip -n "$NS_S" link set "lcs${LAB_TAG}a" name s0; ip -n "$NS_C" link set "lcs${LAB_TAG}b" name c0
ip -n "$NS_S" addr add $SERVER_A/24 dev s0; ip -n "$NS_C" addr add $RELAY/24 dev c0
ip -n "$NS_S" link set s0 up; ip -n "$NS_C" link set c0 up
if [ "$MODE" = pair ]; then
  # the standby's own link: the primary's address and MAC on s0 (separate links, so no conflict); c1 has no
  # address, so the client side routes through c0 only and takes the standby's answers in on c1
  ip link add "lcs${LAB_TAG}c" netns "$NS_B" type veth peer name "lcs${LAB_TAG}d" netns "$NS_C"
  ip -n "$NS_B" link set "lcs${LAB_TAG}c" name s0; ip -n "$NS_C" link set "lcs${LAB_TAG}d" name c1
  ip -n "$NS_B" link set s0 address "$(ip -n "$NS_S" -o link show s0 | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2)"
  # and c1 has c0's MAC, so the standby's answers (to the MAC it learned from the mirrored queries) are taken in
  ip -n "$NS_C" link set c1 address "$(ip -n "$NS_C" -o link show c0 | grep -o 'link/ether [0-9a-f:]*' | cut -d' ' -f2)"
  ip -n "$NS_B" addr add $SERVER_A/24 dev s0
  ip -n "$NS_B" link set s0 up; ip -n "$NS_C" link set c1 up
  ip netns exec "$NS_C" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.c1.rp_filter=0
  tc -n "$NS_C" qdisc add dev c0 clsact
  tc -n "$NS_C" filter add dev c0 egress protocol all u32 match u32 0 0 action mirred egress mirror dev c1
  # the HA link
  ip link add "lcs${LAB_TAG}e" netns "$NS_S" type veth peer name "lcs${LAB_TAG}f" netns "$NS_B"
  ip -n "$NS_S" link set "lcs${LAB_TAG}e" name ha0; ip -n "$NS_B" link set "lcs${LAB_TAG}f" name ha0
  ip -n "$NS_S" addr add $HA_A/24 dev ha0; ip -n "$NS_B" addr add $HA_B/24 dev ha0
  ip -n "$NS_S" link set ha0 up; ip -n "$NS_B" link set ha0 up
fi

# config <dir> [server1|server2]: the same text for Kea and Leasehold (compare.sh's configuration); with a peer
# name, the HA hooks of a hot-standby pair
config() {
  local dir=$1 ha=${2:-} hooks=""
  if [ -n "$ha" ]; then
    hooks=$(cat <<EOF
    "hooks-libraries": [
      { "library": "$KEA_HOOKS/libdhcp_lease_cmds.so" },
      { "library": "$KEA_HOOKS/libdhcp_ha.so", "parameters": { "high-availability": [ {
          "this-server-name": "$ha", "mode": "hot-standby",
          "heartbeat-delay": 1000, "max-response-delay": 2000, "max-ack-delay": 5000, "max-unacked-clients": 0,
          "sync-timeout": 60000, "sync-page-limit": 10000,
          "multi-threading": { "enable-multi-threading": true, "http-dedicated-listener": true,
                               "http-listener-threads": 2, "http-client-threads": 2 },
          "peers": [
            { "name": "server1", "url": "http://$HA_A:8001/", "role": "primary", "auto-failover": true },
            { "name": "server2", "url": "http://$HA_B:8001/", "role": "standby", "auto-failover": true } ] } ] } } ],
EOF
)
  fi
  cat > "$dir/dhcp4.json" <<EOF
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "s0" ], "dhcp-socket-type": "udp" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$dir/leases4.csv", "lfc-interval": 0 },
    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2, "packet-queue-size": 64 },
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

# start_server <impl> <dir> <ns>: launches, then waits until port 67 is bound; writes start/ready times (ms)
start_server() {
  local impl=$1 dir=$2 ns=$3 pid t0
  mkdir -p "$dir/run"
  t0=$(now_ms)
  local jar=$JAR args=$LH_ARGS
  case "$impl" in leasehold-nowarm) args="$args --warmup 0" ;; leasehold-base) jar=$BASE_JAR ;; esac
  if [ "$impl" = kea ]; then
    ip netns exec "$ns" env KEA_PIDFILE_DIR="$dir/run" KEA_LOCKFILE_DIR="$dir/run" \
      kea-dhcp4 -c "$dir/dhcp4.json" >"$dir/stdout.log" 2>&1 &
  else
    local cache=
    if [ -n "$AOT" ]; then
      cache=$WORK/leasehold-$MODE-$(basename "$jar" .jar).aot
      labkit_aot_train "$jar" "$JAVA" "$JAVA_OPTS" "$cache" "$dir/dhcp4.json" || return 1
      t0=$(now_ms)
    fi
    labkit_lh_cmd "$jar" "$JAVA" "$JAVA_OPTS" "$cache"
    # shellcheck disable=SC2086
    ip netns exec "$ns" "${LH_CMD[@]}" -c "$dir/dhcp4.json" $args >"$dir/stdout.log" 2>&1 &
  fi
  pid=$!
  PIDS+=("$pid"); echo "$pid" > "$dir/pid"; echo "$t0" > "$dir/t-start"
  for _ in $(seq 1 1500); do
    if ip netns exec "$ns" ss -Huln 'sport = :67' 2>/dev/null | grep -q .; then now_ms > "$dir/t-ready"; return 0; fi
    kill -0 "$pid" 2>/dev/null || { echo "cold-start.sh: $impl exited at start:" >&2; tail -20 "$dir/stdout.log" >&2; return 1; }
    sleep 0.02
  done
  echo "cold-start.sh: $impl did not bind port 67 within 30 s" >&2
  return 1
}

stop_server() {
  local dir=$1 pid
  [ -f "$dir/pid" ] || return 0
  pid=$(cat "$dir/pid")
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  local keep=()
  for p in "${PIDS[@]}"; do [ "$p" = "$pid" ] || keep+=("$p"); done
  PIDS=("${keep[@]}")
  rm -f "$dir/pid"
}

udp_rcvbuf_errors() {
  ip netns exec "$1" awk '/^Udp:/ { if (!c) { for (i = 1; i <= NF; i++) if ($i == "RcvbufErrors") c = i }
                                    else print $c }' /proc/net/snmp
}

# per_second <perfdhcp output> -> one line per second: "sent_do lost_do lost_ra pct"
per_second() {
  awk -F'[ /;]+' '
    /^sent: [0-9]+\/[0-9]+; received:/ {
      sd = $2; sr = $3; rd = $5; rr = $6
      dsd = sd - psd; dsr = sr - psr; drd = rd - prd; drr = rr - prr
      lo = dsd - drd; lr = dsr - drr
      q = dsd + dsr
      printf "%d %d %d %.2f\n", dsd, lo, lr, (q > 0 ? 100 * (lo + lr) / q : 0)
      psd = sd; psr = sr; prd = rd; prr = rr
    }' "$1"
}

# totals <perfdhcp output> -> "sent_do drops_do% sent_ra drops_ra% total%"
totals() {
  awk '
    /^\*\*\*Statistics for: DISCOVER-OFFER/ { ex = 1 }
    /^\*\*\*Statistics for: REQUEST-ACK/ { ex = 2 }
    /^sent packets:/ { sent[ex] = $3 }
    /^received packets:/ { recv[ex] = $3 }
    END {
      if (sent[1] == "") { print "0 100 0 100 100"; exit }
      d1 = sent[1] - recv[1]; d2 = sent[2] - recv[2]
      printf "%d %.3f %d %.3f %.3f\n", sent[1], 100 * d1 / sent[1], sent[2], sent[2] ? 100 * d2 / sent[2] : 100,
        100 * (d1 + d2) / (sent[1] + sent[2])
    }' "$1"
}

ha_state() {   # ha_state <address>: the state a peer reports to ha-heartbeat (asked over the HA link)
  ip netns exec "$NS_B" curl -s -m 2 -X POST -H 'Content-Type: application/json' \
    -d '{ "command": "ha-heartbeat", "service": [ "dhcp4" ] }' "http://$1:8001/" 2>/dev/null \
    | grep -o '"state": *"[a-z-]*"' | head -1 | sed 's/.*"\([a-z-]*\)"$/\1/'
}

# run_one <impl> <rate> <tag>: one cold run; leaves $WORK/<tag>.perf, .sec and .sum
run_one() {
  local impl=$1 rate=$2 tag=$3 dir="$WORK/$3" killer=""
  rm -rf "$dir"; mkdir -p "$dir/b"
  if [ "$MODE" = single ]; then
    config "$dir"
    start_server "$impl" "$dir" "$NS_S" || { stop_server "$dir"; return 1; }
  else
    config "$dir" server1; config "$dir/b" server2
    start_server "$impl" "$dir" "$NS_S" || { stop_server "$dir"; return 1; }
    start_server "$impl" "$dir/b" "$NS_B" || { stop_server "$dir"; stop_server "$dir/b"; return 1; }
    local st=""
    for _ in $(seq 1 240); do st=$(ha_state $HA_A); [ "$st" = hot-standby ] && break; sleep 0.25; done
    [ "$st" = hot-standby ] || log "$impl pair: the primary says '${st:-nothing}' after 60 s, not hot-standby"
    now_ms > "$dir/t-ready"   # ready: both in hot-standby
  fi
  sleep "$DELAY"
  local ks; ks=$(udp_rcvbuf_errors "$NS_S")
  if [ "$MODE" = pair ]; then
    ( sleep "$KILL_AT"; kill -KILL "$(cat "$dir/pid")" 2>/dev/null ) &
    killer=$!
  fi
  # the server's CPU time, sampled every second from /proc (utime + stime, in clock ticks)
  # (pair mode: of both servers together, a dead one counting with its last value)
  ( pids="$(cat "$dir/pid") $(cat "$dir/b/pid" 2>/dev/null)"; declare -A last=()
    for _ in $(seq 0 "$SECONDS_LOAD"); do
      total=0
      for p in $pids; do
        v=$(sed 's/.*) //' "/proc/$p/stat" 2>/dev/null | awk '{print $12 + $13}')
        [ -n "$v" ] && last[$p]=$v
        total=$((total + ${last[$p]:-0}))
      done
      echo "$total"; sleep 1
    done ) > "$WORK/$tag.cpu" &
  local sampler=$!
  ip netns exec "$NS_C" timeout $((SECONDS_LOAD + 20)) perfdhcp -4 -l $RELAY -r "$rate" -R "$CLIENTS" \
    -p $((SECONDS_LOAD + 1)) -t 1 $SERVER_A >"$WORK/$tag.perf" 2>&1 || true
  [ -z "$killer" ] || wait "$killer" 2>/dev/null || true
  wait "$sampler" 2>/dev/null || true
  ks=$(( $(udp_rcvbuf_errors "$NS_S") - ks ))
  [ "$MODE" = single ] || echo "after the kill the standby says '$(ha_state $HA_B)'" > "$WORK/$tag.ha"
  stop_server "$dir"; stop_server "$dir/b"
  per_second "$WORK/$tag.perf" | head -n "$SECONDS_LOAD" > "$WORK/$tag.sec.0"
  # append the server's CPU per second (ms) to each second's line
  awk -v hz="$(getconf CLK_TCK)" 'NR == FNR { c[FNR] = $1; next }
    { cpu = (c[FNR + 1] != "" && c[FNR] != "" && c[FNR + 1] != "-") ? int((c[FNR + 1] - c[FNR]) * 1000 / hz) : "-"
      print $0, cpu }' "$WORK/$tag.cpu" "$WORK/$tag.sec.0" > "$WORK/$tag.sec"
  local ready=$(( $(cat "$dir/t-ready") - $(cat "$dir/t-start") )) sd dd sr dr tt
  read -r sd dd sr dr tt < <(totals "$WORK/$tag.perf")
  echo "$ready $sd $dd $sr $dr $tt $ks" > "$WORK/$tag.sum"
  cp "$dir/stdout.log" "$WORK/$tag.stdout" 2>/dev/null || true
}

log "lab $NS_S/$NS_B/$NS_C; mode $MODE; $(nproc) cores, $(uname -r); kea $(kea-dhcp4 -v 2>/dev/null || echo none); leasehold java: $([ -n "$AOT" ] && echo "dhcp-examples/bin/leasehold-dhcp4 with an AOT cache" || "$JAVA" -version 2>&1 | head -1)"
log "settings: rates=$RATES seconds=$SECONDS_LOAD delay=${DELAY}s after ready repeat=$REPEAT java-opts='$JAVA_OPTS' lh-args='$LH_ARGS' aot=${AOT:-off} jar=$JAR"
for rate in ${RATES//,/ }; do
  for rep in $(seq 1 "$REPEAT"); do
    impls=()
    for impl in ${SERVERS//,/ }; do
      log "$impl at $rate/s, run $rep (load $(cut -d' ' -f1-3 /proc/loadavg))"
      if run_one "$impl" "$rate" "$impl-$rate-$rep"; then impls+=("$impl"); else log "$impl did not start"; fi
    done
    [ "${#impls[@]}" -gt 0 ] || continue
    echo
    what="$rate DORA/s from ${DELAY} s after ready"
    [ "$MODE" = pair ] && what="hot-standby pairs, $rate DORA/s from ${DELAY} s after both are ready, primary killed at second $KILL_AT"
    echo "== $what, run $rep ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)) =="
    head="  s"; for impl in "${impls[@]}"; do head+=$(printf ' | %-16s %6s %6s %6s %7s %6s' "$impl" sent DO-lost RA-lost lost% cpu-ms); done
    echo "$head"
    for s in $(seq 1 "$SECONDS_LOAD"); do
      line=$(printf '%3d' "$s")
      for impl in "${impls[@]}"; do
        read -r a b c d e < <(sed -n "${s}p" "$WORK/$impl-$rate-$rep.sec"; echo "- - - - -") || true
        line+=$(printf ' | %-16s %6s %6s %6s %7s %6s' "" "${a:--}" "${b:--}" "${c:--}" "${d:--}" "${e:--}")
      done
      echo "$line"
    done
    for impl in "${impls[@]}"; do
      read -r ready sd dd sr dr tt ks < "$WORK/$impl-$rate-$rep.sum"
      s="$impl $MODE $rate/s run $rep: ready $ready ms after launch; DISCOVER sent $sd, DO drops $dd %; REQUEST sent $sr, RA drops $dr %; total $tt %; kernel rcvbuf drops at the server $ks"
      [ -f "$WORK/$impl-$rate-$rep.ha" ] && s="$s; $(cat "$WORK/$impl-$rate-$rep.ha")"
      echo "$s"; SUMMARY+=("$s")
    done
  done
done
echo
echo "== summary ($(date -u +%FT%TZ), load $(cut -d' ' -f1-3 /proc/loadavg)) =="
printf '%s\n' "${SUMMARY[@]}"
