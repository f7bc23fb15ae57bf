#!/usr/bin/env bash
# HA lease sync after a restart with an empty lease file: how long until the pair is back in hot-standby, and how
# long clients under steady load got no answer meanwhile. Kea 2.2 and Leasehold side by side, every pair kind.
#
#   sudo benchmarks/scripts/sync-gap.sh [options]
#
# Lab (namespaces made for the run with the lab kit, removed on every way out): the primary A (192.0.2.1) faces the
# client side, where perfdhcp acts as a relay (192.0.2.2); the standby B sits behind a second veth pair that carries
# HA (198.51.100.1 - 198.51.100.2). Both servers run the same configuration text (memfile persist, multi-threading
# 2 threads / queue 64, one /8 subnet, a 2M-address pool; HA hot-standby, heartbeat 1 s, max-response-delay 5 s,
# sync-page-limit --page-limit, sync-timeout 120 s, lease_cmds + ha hooks) but for this-server-name.
#
# Per pair and lease count N:
#   1. A and B start with the same lease file of N valid leases (written by this script, Kea's CSV format) and are
#      left until A reports hot-standby (this start already includes one sync of B from A).
#   2. perfdhcp sends new clients at --load-rate for the whole measurement; the client side captures every DHCPACK
#      (dumpcap, then tshark).
#   3. --restart-after seconds into the load, B is killed (SIGKILL), its lease file deleted and B started again: it
#      has to fetch all N leases (lease4-get-page) and, as Kea does, disables A's DHCP service while it does.
#   4. The script polls both servers' HA state (ha-heartbeat on their HA listeners, every 100 ms) until both report
#      hot-standby: "sync" is the time from B's restart to that moment. "gap" is the longest time without any
#      DHCPACK at the client side from the restart to 5 s after that moment ("gap before" is the same figure over
#      the load before the restart, the noise floor). "unanswered" counts the DISCOVERs sent from the restart to
#      1 s before the end of that window minus the OFFERs received in the window (from the capture).
#   5. Both servers stop (SIGTERM); their lease files must hold the same valid leases (latest row per address,
#      expire in the future): "missing" counts A's leases that B does not hold, and the reverse.
#
# Options:
#   --pairs LIST        comma list of A+B: kea+kea, leasehold+leasehold, kea+leasehold, leasehold+kea  (all four)
#   --leases LIST       comma list of N                                                 (100000)
#   --load-rate R       perfdhcp DISCOVERs per second during the measurement            (200)
#   --restart-after S   seconds of load before B is restarted                           (5)
#   --page-limit N      sync-page-limit                                                 (10000)
#   --jar PATH          the standalone Leasehold jar   (dhcp-examples/target/leasehold-dhcp4.jar)
#   --java-opts "..."   JVM options for Leasehold                                       (-Xms2g -Xmx2g)
#   --aot               start Leasehold as README does, through dhcp-examples/bin/leasehold-dhcp4: on JDK 25+ with an
#                       AOT cache from a training run (--train) on this run's configuration, made once before the
#                       first start                                                     (off: java -jar)
#   --keep DIR          keep configs, logs, lease files and captures in DIR
#   --time-limit S      hard limit for the whole run; stopped and cleaned up after that (3600)
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
PAIRS=kea+kea,leasehold+leasehold,kea+leasehold,leasehold+kea
LEASES=100000
LOAD_RATE=200
RESTART_AFTER=5
PAGE_LIMIT=10000
JAR=$ROOT/dhcp-examples/target/leasehold-dhcp4.jar
JAVA_OPTS="-Xms2g -Xmx2g"
AOT=
KEEP=
TIME_LIMIT=3600
KEA_HOOKS=${KEA_HOOKS:-/usr/lib/x86_64-linux-gnu/kea/hooks}

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) PAIRS=$2; shift ;;
    --leases) LEASES=$2; shift ;;
    --load-rate) LOAD_RATE=$2; shift ;;
    --restart-after) RESTART_AFTER=$2; shift ;;
    --page-limit) PAGE_LIMIT=$2; shift ;;
    --jar) JAR=$2; shift ;;
    --java-opts) JAVA_OPTS=$2; shift ;;
    --aot) AOT=1 ;;
    --keep) KEEP=$2; shift ;;
    --time-limit) TIME_LIMIT=$2; shift ;;
    -h|--help) usage 0 ;;
    *) echo "sync-gap.sh: unknown option '$1' (see --help)" >&2; exit 2 ;;
  esac
  shift
done
for n in LOAD_RATE RESTART_AFTER PAGE_LIMIT TIME_LIMIT; do
  [[ ${!n} =~ ^[0-9]+$ ]] && [ "${!n}" -gt 0 ] || { echo "sync-gap.sh: --${n,,} must be a positive integer, got '${!n}'" >&2; exit 2; }
done
for n in ${LEASES//,/ }; do
  [[ $n =~ ^[0-9]+$ ]] && [ "$n" -le 1900000 ] || { echo "sync-gap.sh: --leases takes counts up to 1900000 (the pool), got '$n'" >&2; exit 2; }
done
for p in ${PAIRS//,/ }; do
  [[ $p =~ ^(kea|leasehold)\+(kea|leasehold)$ ]] || { echo "sync-gap.sh: --pairs takes A+B with kea or leasehold, got '$p'" >&2; exit 2; }
done

need() { command -v "$1" >/dev/null 2>&1 || { echo "sync-gap.sh: '$1' is not installed ($2)" >&2; exit 3; }; }
[ "$(id -u)" = 0 ] || { echo "sync-gap.sh: needs root (network namespaces)" >&2; exit 3; }
need ip iproute2; need perfdhcp kea-admin; need curl curl; need dumpcap wireshark-common; need tshark tshark
need kea-dhcp4 kea-dhcp4-server; need java "a JDK 17"
[ -f "$JAR" ] || (cd "$ROOT" && mvn -q -o -pl dhcp-examples -am package -DskipTests)

source "$ROOT/dhcp-testing/scripts/labkit.sh"
labkit_init leasehold-sync
WORK=$LAB_WORK
[ -n "$KEEP" ] && KEEP_LOGS=1
NS_A=$(labkit_ns lhs-a)
NS_B=$(labkit_ns lhs-b)
NS_C=$(labkit_ns lhs-c)
SERVER_A=192.0.2.1
RELAY=192.0.2.2
HA_A=198.51.100.1
HA_B=198.51.100.2
RESULTS=()
( end=$((SECONDS + TIME_LIMIT)); while [ $SECONDS -lt $end ]; do sleep 1; kill -0 $$ || exit 0; done
  echo "sync-gap.sh: time limit of $TIME_LIMIT s reached, stopped" >&2; kill -TERM $$ ) >/dev/null 2>&1 &
labkit_pid $!

log() { printf '[%s] %s\n' "$(date +%T)" "$*" >&2; }
now_ms() { date +%s%3N; }

veth() {   # veth <nsA> <ifA> <cidrA> <nsB> <ifB> <cidrB>
  local a="lhs${LAB_TAG}$2" b="lhs${LAB_TAG}$5x"
  ip link add "$a" netns "$1" type veth peer name "$b" netns "$4"
  ip -n "$1" link set "$a" name "$2"; ip -n "$4" link set "$b" name "$5"
  ip -n "$1" addr add "$3" dev "$2"; ip -n "$4" addr add "$6" dev "$5"
  ip -n "$1" link set "$2" up; ip -n "$4" link set "$5" up
}
veth "$NS_A" s0 $SERVER_A/24 "$NS_C" c0 $RELAY/24
veth "$NS_A" ha0 $HA_A/24 "$NS_B" ha0 $HA_B/24

config() {   # config <dir> <interface> <server1|server2>
  cat > "$1/dhcp4.json" <<EOF
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "$2" ], "dhcp-socket-type": "udp" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$1/leases4.csv", "lfc-interval": 0 },
    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2, "packet-queue-size": 64 },
    "valid-lifetime": 4000, "renew-timer": 1000, "rebind-timer": 2000,
    "hooks-libraries": [
      { "library": "$KEA_HOOKS/libdhcp_lease_cmds.so" },
      { "library": "$KEA_HOOKS/libdhcp_ha.so", "parameters": { "high-availability": [ {
          "this-server-name": "$3", "mode": "hot-standby",
          "heartbeat-delay": 1000, "max-response-delay": 5000, "max-ack-delay": 5000, "max-unacked-clients": 0,
          "sync-timeout": 120000, "sync-page-limit": $PAGE_LIMIT,
          "multi-threading": { "enable-multi-threading": true, "http-dedicated-listener": true,
                               "http-listener-threads": 2, "http-client-threads": 2 },
          "peers": [
            { "name": "server1", "url": "http://$HA_A:8001/", "role": "primary", "auto-failover": true },
            { "name": "server2", "url": "http://$HA_B:8001/", "role": "standby", "auto-failover": true } ] } ] } } ],
    "subnet4": [ { "id": 1, "subnet": "10.0.0.0/8", "relay": { "ip-addresses": [ "$RELAY" ] },
                   "pools": [ { "pool": "10.0.0.10 - 10.31.255.254" } ],
                   "option-data": [ { "name": "routers", "data": "10.0.0.1" } ] } ],
    "loggers": [ { "name": "kea-dhcp4", "severity": "INFO",
                   "output_options": [ { "output": "$1/server.log" } ] } ]
} }
EOF
}

# lease_file <path> <n>: n valid leases in Kea 2.2's memfile CSV, addresses from 10.0.0.10 up (perfdhcp's clients
# get the addresses after them), MACs 0e:xx:xx:xx (perfdhcp's start at 00:...), expiring in an hour
lease_file() {
  awk -v n="$2" -v now="$(date +%s)" 'BEGIN {
    print "address,hwaddr,client_id,valid_lifetime,expire,subnet_id,fqdn_fwd,fqdn_rev,hostname,state,user_context"
    for (i = 0; i < n; i++) {
      a = 167772170 + i
      printf "%d.%d.%d.%d,0e:00:%02x:%02x:%02x:%02x,,4000,%d,1,0,0,,0,\n", int(a / 16777216), int(a / 65536) % 256,
        int(a / 256) % 256, a % 256, int(i / 16777216), int(i / 65536) % 256, int(i / 256) % 256, i % 256, now + 3600
    }
  }' > "$1"
}

# lease_files <lease file>: the files a memfile server loads, in the order it loads them (Kea's lease file cleanup
# leaves <file>.completed, or <file>.2 and <file>.1, beside <file>)
lease_files() {
  if [ -f "$1.completed" ]; then echo "$1.completed"; else
    for x in "$1.2" "$1.1"; do [ -f "$x" ] && echo "$x"; done; fi
  [ -f "$1" ] && echo "$1"
  return 0
}

# valid_leases <lease file>: "address hwaddr" of every lease whose latest row is valid now, sorted
valid_leases() {
  local files; files=$(lease_files "$1")
  [ -n "$files" ] || return 0
  # shellcheck disable=SC2086
  awk -F, -v now="$(date +%s)" 'FNR > 1 && $1 ~ /^[0-9]/ { hw[$1] = $2; exp_[$1] = $5; st[$1] = $10 }
    END { for (a in hw) if (exp_[a] > now && st[a] == 0 && hw[a] != "") print a, hw[a] }' $files | sort
}

start_server() {   # start_server <kea|leasehold> <dir> <namespace>
  local impl=$1 dir=$2 ns=$3 pid
  mkdir -p "$dir/run"
  if [ "$impl" = kea ]; then
    ip netns exec "$ns" env KEA_PIDFILE_DIR="$dir/run" KEA_LOCKFILE_DIR="$dir/run" \
      kea-dhcp4 -c "$dir/dhcp4.json" >>"$dir/stdout.log" 2>&1 &
  else
    local cache=
    if [ -n "$AOT" ]; then
      cache=$WORK/leasehold.aot
      labkit_aot_train "$JAR" java "$JAVA_OPTS" "$cache" "$dir/dhcp4.json" || return 1
    fi
    labkit_lh_cmd "$JAR" java "$JAVA_OPTS" "$cache"
    ip netns exec "$ns" "${LH_CMD[@]}" -c "$dir/dhcp4.json" >>"$dir/stdout.log" 2>&1 &
  fi
  pid=$!
  echo "$pid" > "$dir/pid"
}

stop_server() {   # stop_server <dir> [KILL]
  local pid; pid=$(cat "$1/pid" 2>/dev/null) || return 0
  if [ "${2:-}" = KILL ]; then kill -KILL "$pid" 2>/dev/null || true; else kill -TERM "$pid" 2>/dev/null || true; fi
  for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  rm -f "$1/pid"
}

ha_state() {   # ha_state <address>: the state a server reports on its HA listener (ha-heartbeat)
  ip netns exec "$NS_B" curl -s -m 1 -X POST -H 'Content-Type: application/json' \
    -d '{ "command": "ha-heartbeat", "service": [ "dhcp4" ] }' "http://$1:8001/" 2>/dev/null \
    | grep -o '"state": *"[a-z-]*"' | head -1 | sed 's/.*"\([a-z-]*\)"$/\1/' || true
}

both_hot_standby() { [ "$(ha_state $HA_A)" = hot-standby ] && [ "$(ha_state $HA_B)" = hot-standby ]; }

# acks <pcap>: epoch milliseconds of every DHCPACK captured
# frames <pcap> <message type>: epoch milliseconds of every DHCP message of that type captured
frames() {
  tshark -r "$1" -Y "dhcp.option.dhcp == $2" -T fields -e frame.time_epoch 2>/dev/null \
    | awk '{ printf "%d\n", $1 * 1000 }' | sort -n
}

between() { awk -v a="$2" -v b="$3" '$1 >= a && $1 <= b' "$1" | wc -l; }

# longest_gap <file of ms> <from ms> <to ms>: the longest time without an ACK between from and to (edges count)
longest_gap() {
  awk -v from="$2" -v to="$3" 'BEGIN { last = from; best = 0 }
    $1 >= from && $1 <= to { if ($1 - last > best) best = $1 - last; last = $1 }
    END { if (to - last > best) best = to - last; printf "%.2f", best / 1000 }' "$1"
}

run() {   # run <A+B> <n>
  local pair=$1 n=$2 ia=${1%%+*} ib=${1#*+} dir="$WORK/$1-$2"
  mkdir -p "$dir/a" "$dir/b"
  config "$dir/a" s0 server1
  config "$dir/b" ha0 server2
  lease_file "$dir/a/leases4.csv" "$n"
  cp "$dir/a/leases4.csv" "$dir/b/leases4.csv"
  local t_start; t_start=$(now_ms)
  start_server "$ia" "$dir/a" "$NS_A"
  start_server "$ib" "$dir/b" "$NS_B"
  local ok=0
  for _ in $(seq 1 3000); do both_hot_standby && { ok=1; break; }; sleep 0.2; done
  if [ "$ok" != 1 ]; then
    RESULTS+=("$pair $n: the pair did not reach hot-standby at start (A: $(ha_state $HA_A), B: $(ha_state $HA_B))")
    stop_server "$dir/a"; stop_server "$dir/b"; return
  fi
  log "$pair $n: hot-standby $(( ($(now_ms) - t_start) / 1000 )) s after start; load $(cut -d' ' -f1 /proc/loadavg)"
  # capture, then load for long enough to cover the restart and its sync (bounded by perfdhcp -p and timeout)
  ip netns exec "$NS_C" dumpcap -q -i c0 -f "udp port 67" -w "$dir/acks.pcapng" >"$dir/dumpcap.log" 2>&1 &
  local cap=$!
  for _ in $(seq 1 100); do grep -q "Capturing on" "$dir/dumpcap.log" 2>/dev/null && break; sleep 0.1; done
  local period=$(( RESTART_AFTER + 300 ))
  ip netns exec "$NS_C" timeout $((period + 30)) perfdhcp -4 -l $RELAY -r "$LOAD_RATE" -R 1000000 -p "$period" \
    -t 5 $SERVER_A >"$dir/perfdhcp.txt" 2>&1 &
  local perf=$! t_load; t_load=$(now_ms)
  sleep "$RESTART_AFTER"
  local t0; t0=$(now_ms)
  stop_server "$dir/b" KILL
  rm -f "$dir/b"/leases4.csv*
  start_server "$ib" "$dir/b" "$NS_B"
  local t1=0 states=""
  while [ $(( $(now_ms) - t0 )) -lt 290000 ]; do
    if both_hot_standby; then t1=$(now_ms); break; fi
    sleep 0.1
  done
  states="A: $(ha_state $HA_A), B: $(ha_state $HA_B)"
  sleep 5
  kill -TERM "$perf" 2>/dev/null || true
  wait "$perf" 2>/dev/null || true
  sleep 1; kill -INT "$cap" 2>/dev/null || true; wait "$cap" 2>/dev/null || true
  stop_server "$dir/a"; stop_server "$dir/b"
  frames "$dir/acks.pcapng" 5 > "$dir/acks.ms"
  frames "$dir/acks.pcapng" 1 > "$dir/discovers.ms"
  frames "$dir/acks.pcapng" 2 > "$dir/offers.ms"
  local end=$(( t1 > 0 ? t1 + 5000 : $(now_ms) ))
  local gap before sent drops
  gap=$(longest_gap "$dir/acks.ms" "$t0" "$end")
  before=$(longest_gap "$dir/acks.ms" "$((t_load + 1000))" "$t0")
  sent=$(between "$dir/discovers.ms" "$t0" "$((end - 1000))")
  drops=$(( sent - $(between "$dir/offers.ms" "$t0" "$end") ))
  [ "$drops" -ge 0 ] || drops=0
  valid_leases "$dir/a/leases4.csv" > "$dir/a.valid"
  valid_leases "$dir/b/leases4.csv" > "$dir/b.valid"
  local na nb ma mb
  na=$(wc -l < "$dir/a.valid"); nb=$(wc -l < "$dir/b.valid")
  ma=$(comm -23 "$dir/a.valid" "$dir/b.valid" | wc -l); mb=$(comm -13 "$dir/a.valid" "$dir/b.valid" | wc -l)
  local sync
  if [ "$t1" -gt 0 ]; then sync=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1000 }'); else sync="not back in 290 s ($states)"; fi
  local line="$pair $n leases: sync ${sync} s, gap ${gap} s (gap before ${before} s), unanswered ${drops} of ${sent} DISCOVERs, valid leases A $na B $nb, missing on B $ma, only on B $mb, load $(cut -d' ' -f1 /proc/loadavg)"
  log "$line"
  RESULTS+=("$line")
}

log "lab $NS_A / $NS_B / $NS_C; work $WORK; $(nproc) cores, $(uname -r), $(java -version 2>&1 | head -1), kea $(kea-dhcp4 -v); commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo ?)"
log "settings: pairs=$PAIRS leases=$LEASES load-rate=$LOAD_RATE/s restart-after=${RESTART_AFTER}s page-limit=$PAGE_LIMIT java-opts='$JAVA_OPTS' aot=${AOT:-off}"
for n in ${LEASES//,/ }; do
  for p in ${PAIRS//,/ }; do run "$p" "$n"; done
done
[ -n "$KEEP" ] && { mkdir -p "$KEEP"; cp -r "$WORK"/. "$KEEP"/; }
echo
echo "== sync after a restart with an empty lease file ($(date -u +%FT%TZ), commit $(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo ?)) =="
printf '%s\n' "${RESULTS[@]}"
