#!/usr/bin/env bash
# Failover soak (issue #17): an HA pair under steady perfdhcp load for N rounds, one fault per round injected into
# one server, alternating A and B, with every DHCPACK captured at the relay and checked after each round.
#
#   sudo dhcp-examples/lab/failover-soak.sh [options]
#
# Options:
#   --pairs LIST            comma list of lh-lh, lh-kea, kea-lh (A = server1 = primary, B = server2; lh-kea is
#                           Leasehold primary and Kea server2)                          (lh-lh,lh-kea,kea-lh)
#   --modes LIST            comma list of hot-standby, load-balancing                    (hot-standby,load-balancing)
#   --faults LIST           comma list of kill, partition, freeze, run in that order     (kill,partition,freeze)
#   --combos LIST           instead of --pairs x --modes: comma list of PAIR:MODE, run in that order
#                           (e.g. lh-lh:hot-standby,lh-kea:hot-standby,lh-lh:load-balancing)
#   --rounds-per-fault N    rounds of each fault per pair and mode; 1 is the short form   (1)
#   --time-limit S          hard bound of the whole run: a watchdog stops it, cleans up and fails it  (3600)
#   --rate R                DORA/s of each of the two perfdhcp instances                 (50)
#   --clients N             perfdhcp -R: clients per round (a fresh MAC range each round) (200)
#   --freeze-seconds S      SIGSTOP duration of a freeze round (> max-response-delay; a partner notices a frozen
#                           peer only at the 10 s HTTP request timeout, so takes over only past ~11 s)     (5)
#   --partition-seconds S   how long a partition round keeps the peer link down          (8)
#   --keep                  keep the work directory (configs, server logs, captures, perfdhcp output)
#   SERVER_CMD=...          environment: the command that runs Leasehold (word-split; default java -jar the
#                           standalone jar dhcp-examples/target/leasehold-dhcp4.jar, built with
#                           mvn -B -q -o -pl dhcp-examples -am package -DskipTests)
#
# Lab (network namespaces made for the run, removed on every way out by the lab kit; nothing leaves them):
#   switch (bridge br0) -- A eth0 10.40.0.1 | B eth0 10.40.0.2 | relay eth0 10.40.0.9 and 10.40.0.10
#   A ha0 10.41.0.1 ==== B ha0 10.41.0.2   a separate veth pair that carries only the HA traffic (peer URLs)
# The relay namespace runs two perfdhcp instances in relay mode (-l, giaddr), one per server, with the SAME client
# MAC range (-b mac=...) and the same seed: a real relay with two helper addresses forwards each client message to
# both servers, so each client's queries must reach both (the standby of a hot-standby pair analyses them to detect
# a dead primary; in load balancing each server answers its own scope by the hash of the client id). The two
# instances do not replay the exact same sequence (perfdhcp's REQUEST follows an OFFER, which only one server
# sends), but every client of the range reaches both servers within a few seconds at the default rate.
# perfdhcp leaves the 'secs' field at 0 whether or not a client was answered; a real client's 'secs' grows while it
# goes unanswered. So that the standby's unacked-client analysis sees what it would see with real clients, the kill
# and freeze rounds raise 'secs' (perfdhcp -Y/-y) from the moment of the fault on, when the faulted server stops
# answering; partition rounds do not: the clients are still answered by their server, and a standby must not take
# over (max-unacked-clients is Kea's default 10 here, not 0: with 0 a hot-standby standby would take over on any
# peer-link cut, and a load-balancing pair would split its brain, as kea-ha-protocol.md section 16 shows).
#
# Servers: same configuration text for Kea and Leasehold: HA with heartbeat-delay 1000, max-response-delay 3000,
# max-ack-delay 1000, max-unacked-clients 10, lease updates and lease sync on, dedicated HA listener; memfile leases
# persisted to leases4.csv in each server's work directory with lfc-interval 0; for load balancing the pool is
# split by the HA_server1 / HA_server2 classes (a shared pool diverges by design in Kea).
#
# Faults, one per round into one server, alternating A and B (round 1 A, round 2 B, ...; rounds go through the fault
# list in order, so with the default order the short form kills A, cuts the link and freezes A, the primary, whose
# freeze is the one a partner can take over from; a partition cuts both ends, so its target is only nominal):
#   kill       kill -9, wait max-response-delay + 2 s, restart with the same lease file; it must sync back
#   freeze     SIGSTOP for 5 s (--freeze-seconds; longer than max-response-delay), then SIGCONT
#   partition  the HA veth pair set down on both sides for 8 s (--partition-seconds), then up (clients still reach
#              both servers); the pair is checked from 11 s after the cut on (request timeout + one heartbeat: a
#              request that stalled on the cut link fails only then, and a primary that sees its lease update fail
#              that way goes partner-down, so the pair may resynchronise once more first)
# After the fault the pair must be back in its normal state (both servers report hot-standby / load-balancing in
# status-get) within 60 s without any help, then the load goes on for 4 s more.
#
# Checks of each round, on the DHCPACKs captured in the relay namespace (dumpcap, then tshark fields
# frame.time_epoch, dhcp.hw.mac_addr, dhcp.ip.your, dhcp.option.ip_address_lease_time, dhcp.option.dhcp_server_id)
# of all rounds of the pair so far, and on both servers' lease files (soak-analyze.py does the arithmetic):
#   double allocations  an address ACKed to two MACs whose leases overlap: a lease runs from its ACK to the time
#                       its client sent the REQUEST plus the lease time (RFC 2131 4.4.1: the client's own reckoning;
#                       the ACK's time when no REQUEST matches)                                 must be 0
#   missing leases      a MAC's latest ACK still valid at the end of the round, not held for that MAC in either
#                       server's lease file                                                        must be 0
#   normal state        both servers back in their normal state, both alive, ACKs in the last 2 s of the round
#   thaw                a thawed Leasehold server must not go to partner-down within 1 s of its thaw (it would
#                       serve from the lease state it had before the freeze; see LH_HA_THAWED in its log)
#   takeover            fault -> first ACK by the surviving server for a client of the faulted server's scope
#                       (reported; "n/a" when a hot-standby standby is faulted: its scope is empty; "none" when the
#                       survivor never took over, e.g. a freeze shorter than the partner's detection)
# A round that fails only by double allocations that Kea 2.2 is documented to make (section 16: a frozen Kea
# finishing, just after SIGCONT, the exchange it had queued) is reported as KEA-KNOWN and counted separately: it is
# neither passed nor failed. Everything else that fails is FAIL.
#
# Output: one line per round, a summary table per pair/mode/fault, then exactly "N passed, M failed" (KEA-KNOWN
# rounds in neither). Exit 0 only when no round failed; 1 otherwise; 2 on a usage error; 3 when a tool is missing;
# 124 when the time limit stopped the run.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="${JAR:-$ROOT/dhcp-examples/target/leasehold-dhcp4.jar}"
JAVA="${JAVA:-java}"
SERVER_CMD="${SERVER_CMD:-$JAVA -Xmx256m -jar $JAR}"
KEA_HOOKS="${KEA_HOOKS:-/usr/lib/x86_64-linux-gnu/kea/hooks}"
ANALYZE="$HERE/soak-analyze.py"

PAIRS=lh-lh,lh-kea,kea-lh
MODES=hot-standby,load-balancing
FAULTS=kill,partition,freeze
COMBOS=
ROUNDS=1
TIME_LIMIT=3600
RATE=50
CLIENTS=200
KEEP=
HEARTBEAT_MS=1000
MAX_RESPONSE_MS=3000
MAX_ACK_MS=1000
MAX_UNACKED=10
VALID_LIFETIME=3600
WARM=6          # s of load before the fault
FREEZE_S=5      # SIGSTOP duration (> max-response-delay)
PARTITION_S=8   # peer link down
RECOVER_S=60    # the pair must be normal again within this after the fault ends
TAIL_S=4        # load after the pair is normal again
REQUEST_TIMEOUT_S=10  # HA request timeout (Kea's and Leasehold's), see the partition round

usage() { sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit "${1:-0}"; }
bad() { echo "failover-soak.sh: $*" >&2; exit 2; }
while [ $# -gt 0 ]; do
  case "$1" in
    --pairs) PAIRS=${2:?}; shift ;;
    --modes) MODES=${2:?}; shift ;;
    --faults) FAULTS=${2:?}; shift ;;
    --combos) COMBOS=${2:?}; shift ;;
    --rounds-per-fault) ROUNDS=${2:?}; shift ;;
    --time-limit) TIME_LIMIT=${2:?}; shift ;;
    --rate) RATE=${2:?}; shift ;;
    --clients) CLIENTS=${2:?}; shift ;;
    --freeze-seconds) FREEZE_S=${2:?}; shift ;;
    --partition-seconds) PARTITION_S=${2:?}; shift ;;
    --keep) KEEP=1 ;;
    -h|--help) usage 0 ;;
    *) bad "unknown option '$1' (see --help)" ;;
  esac
  shift
done
if [ -z "$COMBOS" ]; then
  for p in ${PAIRS//,/ }; do for m in ${MODES//,/ }; do COMBOS+="${COMBOS:+,}$p:$m"; done; done
fi
for c in ${COMBOS//,/ }; do
  case "${c%%:*}" in lh-lh|lh-kea|kea-lh) ;; *) bad "unknown pair '${c%%:*}' (lh-lh, lh-kea, kea-lh)" ;; esac
  case "$c" in *:hot-standby|*:load-balancing) ;; *) bad "unknown mode in '$c' (hot-standby, load-balancing)" ;; esac
done
for f in ${FAULTS//,/ }; do case "$f" in kill|freeze|partition) ;; *) bad "--faults: unknown fault '$f'" ;; esac; done
for n in ROUNDS TIME_LIMIT RATE CLIENTS FREEZE_S PARTITION_S; do
  [[ ${!n} =~ ^[0-9]+$ ]] && [ "${!n}" -gt 0 ] || bad "${n,,} must be a positive integer, got '${!n}'"
done
[ "$CLIENTS" -le 65000 ] || bad "--clients is at most 65000 (one MAC range per round)"
[ "$ROUNDS" -le 1000 ] || bad "--rounds-per-fault is at most 1000"

need() { command -v "$1" >/dev/null 2>&1 || { echo "failover-soak.sh: '$1' is not installed ($2)" >&2; exit 3; }; }
[ "$(id -u)" = 0 ] || { echo "failover-soak.sh: needs root (network namespaces)" >&2; exit 3; }
need ip iproute2; need perfdhcp kea-admin; need dumpcap wireshark-common; need tshark tshark; need python3 python3
[[ "$COMBOS" == *kea* ]] && { need kea-dhcp4 kea-dhcp4-server
  for lib in libdhcp_ha.so libdhcp_lease_cmds.so; do
    [ -f "$KEA_HOOKS/$lib" ] || { echo "failover-soak.sh: $KEA_HOOKS/$lib is missing" >&2; exit 3; }
  done; }
case "$SERVER_CMD" in *" -jar "*) [ -f "$JAR" ] || { echo "failover-soak.sh: $JAR not found: build it with" \
  "'mvn -B -q -o -pl dhcp-examples -am package -DskipTests'" >&2; exit 3; } ;; esac

# ---- lab kit: namespaces, processes and the work directory go on every way out ----
source "$ROOT/dhcp-testing/scripts/labkit.sh"
labkit_init failover-soak
TAG=$LAB_TAG
WORK=$LAB_WORK
[ -n "$KEEP" ] && export KEEP_LOGS=1

PASSED=0; FAILED=0; KNOWN=0; TOTAL=0; CURRENT=""
ROUNDS_TSV="$WORK/rounds.tsv"; : >"$ROUNDS_TSV"
BUDGET=$(awk -v a=$MAX_RESPONSE_MS -v b=$HEARTBEAT_MS 'BEGIN { printf "%.1f", (a + b) / 1000 }')

log() { printf '[soak %s] %s\n' "$(date +%T)" "$*" >&2; }
now() { date +%s.%N; }
summary() {
  echo
  echo "== summary ($(date -u +%FT%TZ)) =="
  [ -s "$ROUNDS_TSV" ] && python3 "$ANALYZE" summary "$ROUNDS_TSV" "$BUDGET"
  [ "$KNOWN" -gt 0 ] && echo "$KNOWN kea-known (rounds that failed only by Kea 2.2's documented behaviour; neither passed nor failed)"
  echo "$PASSED passed, $FAILED failed"
}
on_signal() { # a stop in the middle of a round fails that round
  trap - INT TERM HUP
  local why=$1 code=$2
  log "$why"
  if [ -n "$CURRENT" ]; then echo "round $CURRENT: FAIL ($why)"; FAILED=$((FAILED + 1)); fi
  summary
  exit "$code"
}
trap 'on_signal "interrupted" 130' INT
trap 'if [ -f "$WORK/time-limit" ]; then on_signal "time limit of $TIME_LIMIT s reached, stopped" 124; else on_signal terminated 143; fi' TERM HUP
# watchdog: sleeps in 1 s steps and writes nothing, so it never outlives the run by more than a second
( end=$((SECONDS + TIME_LIMIT)); while [ $SECONDS -lt $end ]; do sleep 1; kill -0 $$ 2>/dev/null || exit 0; done
  : >"$WORK/time-limit"; kill -TERM $$ ) >/dev/null 2>&1 &
labkit_pid $!
disown $!   # the kit kills it at the end; disowned, bash does not report that

# ---- topology ----
SW=$(labkit_ns fssw)
NS_A=$(labkit_ns fsa)
NS_B=$(labkit_ns fsb)
NS_C=$(labkit_ns fsrly)
A_IP=10.40.0.1; B_IP=10.40.0.2; RELAY_A=10.40.0.9; RELAY_B=10.40.0.10; HA_A=10.41.0.1; HA_B=10.41.0.2
ip -n "$SW" link add br0 type bridge
ip -n "$SW" link set br0 up
nveth=0
plug() { # plug NS CIDR: eth0 of NS on the switch's bridge (veths are created inside the namespaces, never the host)
  nveth=$((nveth + 1)); local a="fs${TAG}a$nveth" b="fs${TAG}b$nveth"
  ip link add "$a" netns "$1" type veth peer name "$b" netns "$SW"
  ip -n "$1" link set "$a" name eth0
  ip -n "$1" addr add "$2" dev eth0
  ip -n "$1" link set eth0 up
  ip -n "$SW" link set "$b" master br0; ip -n "$SW" link set "$b" up
}
plug "$NS_A" $A_IP/24
plug "$NS_B" $B_IP/24
plug "$NS_C" $RELAY_A/24
ip -n "$NS_C" addr add $RELAY_B/24 dev eth0
ip link add "fs${TAG}h1" netns "$NS_A" type veth peer name "fs${TAG}h2" netns "$NS_B"
ip -n "$NS_A" link set "fs${TAG}h1" name ha0; ip -n "$NS_B" link set "fs${TAG}h2" name ha0
ip -n "$NS_A" addr add $HA_A/24 dev ha0; ip -n "$NS_B" addr add $HA_B/24 dev ha0
ip -n "$NS_A" link set ha0 up; ip -n "$NS_B" link set ha0 up
ha_link() { ip -n "$NS_A" link set ha0 "$1"; ip -n "$NS_B" link set ha0 "$1"; }

# ---- servers ----
declare -A IMPL DIR NSOF PID IPOF
NSOF[A]=$NS_A; NSOF[B]=$NS_B; IPOF[A]=$A_IP; IPOF[B]=$B_IP

config() { # config NODE MODE: the configuration file (same text for Kea and Leasehold)
  local node=$1 mode=$2 dir=${DIR[$1]} self pools role2
  [ "$node" = A ] && self=server1 || self=server2
  if [ "$mode" = load-balancing ]; then
    role2=secondary
    pools='{ "pool": "10.32.0.1 - 10.32.127.254", "client-class": "HA_server1" },
                             { "pool": "10.32.128.1 - 10.32.255.254", "client-class": "HA_server2" }'
  else
    role2=standby
    pools='{ "pool": "10.32.0.1 - 10.32.255.254" }'
  fi
  cat >"$dir/dhcp4.json" <<EOF
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "eth0" ], "dhcp-socket-type": "udp" },
    "control-socket": { "socket-type": "unix", "socket-name": "$dir/ctl.sock" },
    "lease-database": { "type": "memfile", "persist": true, "name": "$dir/leases4.csv", "lfc-interval": 0 },
    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2, "packet-queue-size": 64 },
    "valid-lifetime": $VALID_LIFETIME, "renew-timer": 900, "rebind-timer": 1800,
    "subnet4": [ { "id": 1, "subnet": "10.32.0.0/16", "relay": { "ip-addresses": [ "$RELAY_A", "$RELAY_B" ] },
                   "pools": [ $pools ] } ],
    "hooks-libraries": [
      { "library": "$KEA_HOOKS/libdhcp_lease_cmds.so" },
      { "library": "$KEA_HOOKS/libdhcp_ha.so", "parameters": { "high-availability": [ {
          "this-server-name": "$self", "mode": "$mode",
          "heartbeat-delay": $HEARTBEAT_MS, "max-response-delay": $MAX_RESPONSE_MS,
          "max-ack-delay": $MAX_ACK_MS, "max-unacked-clients": $MAX_UNACKED,
          "send-lease-updates": true, "sync-leases": true, "sync-timeout": 30000, "sync-page-limit": 500,
          "multi-threading": { "enable-multi-threading": true, "http-dedicated-listener": true,
                               "http-listener-threads": 1, "http-client-threads": 1 },
          "peers": [
            { "name": "server1", "url": "http://$HA_A:8001/", "role": "primary", "auto-failover": true },
            { "name": "server2", "url": "http://$HA_B:8001/", "role": "$role2", "auto-failover": true } ] } ] } } ],
    "loggers": [ { "name": "kea-dhcp4", "severity": "INFO", "output_options": [ { "output": "stdout" } ] } ]
} }
EOF
}

state() { python3 "$ANALYZE" state "${DIR[$1]}/ctl.sock"; }

start_server() { # start_server NODE: starts it in its namespace (same config, same lease file), waits for its socket
  local node=$1 dir=${DIR[$1]} pid
  rm -f "$dir/ctl.sock" "$dir"/run/*.pid
  echo "---- start $(date -u +%FT%T.%NZ)" >>"$dir/server.log"
  if [ "${IMPL[$node]}" = kea ]; then
    ip netns exec "${NSOF[$node]}" env KEA_PIDFILE_DIR="$dir/run" KEA_LOCKFILE_DIR="$dir/run" \
      kea-dhcp4 -c "$dir/dhcp4.json" >>"$dir/server.log" 2>&1 &
  else
    # shellcheck disable=SC2086
    ip netns exec "${NSOF[$node]}" $SERVER_CMD -c "$dir/dhcp4.json" >>"$dir/server.log" 2>&1 &
  fi
  pid=$!
  labkit_pid "$pid"
  PID[$node]=$pid
  for _ in $(seq 1 600); do
    kill -0 "$pid" 2>/dev/null || { log "$node (${IMPL[$node]}) exited at start:"; tail -20 "$dir/server.log" >&2; return 1; }
    [ "$(state "$node")" != down ] && return 0
    sleep 0.1
  done
  log "$node (${IMPL[$node]}) did not answer on its control socket within 60 s"
  return 1
}

stop_server() { # stop_server NODE: SIGKILL and reap (also thaws nothing: a stopped process dies on SIGKILL)
  local pid=${PID[$1]:-}
  [ -n "$pid" ] || return 0
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
  PID[$1]=
}

wait_normal() { # wait_normal MODE SECONDS: both servers in the mode's normal state; prints the states at the end
  local mode=$1 end sa sb
  end=$(awk -v n="$(now)" -v s="$2" 'BEGIN { printf "%d", n + s }')
  while :; do
    sa=$(state A); sb=$(state B)
    if [ "$sa" = "$mode" ] && [ "$sb" = "$mode" ]; then echo "$sa/$sb"; return 0; fi
    [ "$(date +%s)" -lt "$end" ] || { echo "$sa/$sb"; return 1; }
    sleep 0.2
  done
}

# ---- one round ----
# run_round PAIR MODE N FAULT NODE: the fault into NODE under load, then the checks; prints the round line
run_round() {
  local pair=$1 mode=$2 n=$3 fault=$4 node=$5 cdir=$6
  local rdir="$cdir/round$n" pidof pf pa pb dc t0 tf tfe tn t1 states verdict reasons=() secs=()
  mkdir -p "$rdir"
  CURRENT="$n ($pair $mode $fault $node)"
  # a fresh client population each round: leases of earlier rounds stay valid and are still checked
  local mac; mac=$(printf '02:%02x:%02x:%02x:00:00' "$COMBO" $((n / 256)) $((n % 256)))
  [ "$fault" = partition ] || secs=(-Y "$WARM" -y 3600)
  ip netns exec "$NS_C" dumpcap -q -i eth0 -f "udp port 67" -w "$rdir/relay.pcapng" >"$rdir/dumpcap.log" 2>&1 &
  dc=$!; labkit_pid $dc
  for _ in $(seq 1 100); do grep -q "Capturing on" "$rdir/dumpcap.log" 2>/dev/null && break; sleep 0.1; done
  local maxp=$((WARM + FREEZE_S + PARTITION_S + MAX_RESPONSE_MS / 1000 + 2 + RECOVER_S + TAIL_S + 30))
  t0=$(now)
  ip netns exec "$NS_C" timeout $((maxp + 10)) perfdhcp -4 -l $RELAY_A -b "mac=$mac" -R "$CLIENTS" -r "$RATE" \
    -s "$n" -p "$maxp" "${secs[@]}" $A_IP >"$rdir/perfdhcp-A.txt" 2>&1 &
  pa=$!; labkit_pid $pa
  ip netns exec "$NS_C" timeout $((maxp + 10)) perfdhcp -4 -l $RELAY_B -b "mac=$mac" -R "$CLIENTS" -r "$RATE" \
    -s "$n" -p "$maxp" "${secs[@]}" $B_IP >"$rdir/perfdhcp-B.txt" 2>&1 &
  pb=$!; labkit_pid $pb
  sleep "$WARM"
  pidof=${PID[$node]}
  tf=$(now)
  case "$fault" in
    kill)
      kill -KILL "$pidof"; wait "$pidof" 2>/dev/null || true
      sleep $((MAX_RESPONSE_MS / 1000 + 2))
      tfe=$(now)
      start_server "$node" || reasons+=("restart-failed") ;;
    freeze)
      kill -STOP "$pidof"; sleep "$FREEZE_S"; kill -CONT "$pidof"; tfe=$(now) ;;
    partition)
      ha_link down; sleep "$PARTITION_S"; ha_link up; tfe=$(now)
      # A request written while the link was down stays in TCP's retransmission backoff after the link is back
      # (its next retransmission can come seconds later) and fails only at the 10 s HA request timeout, counted
      # from when it was sent. A primary whose lease update (and, queued behind it on the same connection, its
      # heartbeat) fails that way goes to partner-down and the pair resynchronises, Kea 2.2 as well. So the pair
      # counts as settled only after every request sent before the link came back has had its answer or its
      # timeout: from the fault's start plus the request timeout plus a heartbeat.
      local settle
      settle=$(awk -v f="$tf" -v n="$(now)" -v t="$REQUEST_TIMEOUT_S" -v h="$HEARTBEAT_MS" \
        'BEGIN { d = f + t + h / 1000 - n; printf "%.1f", (d > 0 ? d : 0) }')
      sleep "$settle" ;;
  esac
  if states=$(wait_normal "$mode" "$RECOVER_S"); then
    tn=$(now)
  else
    reasons+=("not-normal:$states"); tn=""
  fi
  sleep "$TAIL_S"
  for p in "$pa" "$pb"; do kill -TERM "$p" 2>/dev/null || true; done
  for p in "$pa" "$pb"; do wait "$p" 2>/dev/null || true; done
  t1=$(now)
  sleep 0.5
  kill -TERM "$dc" 2>/dev/null || true; wait "$dc" 2>/dev/null || true
  for x in A B; do
    if [ -z "${PID[$x]}" ] || ! kill -0 "${PID[$x]}" 2>/dev/null; then reasons+=("$x-dead"); fi
  done
  tshark -r "$rdir/relay.pcapng" -Y "dhcp.option.dhcp == 5" -T fields -E separator=/t -E occurrence=f -e frame.time_epoch \
    -e dhcp.hw.mac_addr -e dhcp.ip.your -e dhcp.option.ip_address_lease_time -e dhcp.option.dhcp_server_id \
    -e dhcp.id 2>/dev/null >"$rdir/acks.tsv" || true
  cat "$rdir/acks.tsv" >>"$cdir/acks.tsv"
  # the REQUESTs too: a client's lease runs from the time it sent the REQUEST that the ACK answers (RFC 2131 4.4.1)
  tshark -r "$rdir/relay.pcapng" -Y "dhcp.option.dhcp == 3" -T fields -E separator=/t -E occurrence=f \
    -e frame.time_epoch -e dhcp.hw.mac_addr -e dhcp.id -e ip.dst 2>/dev/null >>"$cdir/requests.tsv" || true
  local res
  res=$(python3 "$ANALYZE" round --acks "$cdir/acks.tsv" --start "$t0" --fault "$tf" --fault-end "$tfe" --end "$t1" \
        --mode "$mode" --faulted "$node" --fault-kind "$fault" --a-ip $A_IP --b-ip $B_IP \
        --a-impl "${IMPL[A]}" --b-impl "${IMPL[B]}" --leases-a "${DIR[A]}/leases4.csv" \
        --leases-b "${DIR[B]}/leases4.csv" --requests "$cdir/requests.tsv") || res="analysis-failed=1"
  local dup missing known takeover gap tail acks
  dup=$(sed -n 's/.*\bdup=\([0-9]*\).*/\1/p' <<<"$res"); missing=$(sed -n 's/.*\bmissing=\([0-9]*\).*/\1/p' <<<"$res")
  known=$(sed -n 's/.*\bdup_kea_known=\([0-9]*\).*/\1/p' <<<"$res"); takeover=$(sed -n 's/.*\btakeover=\([^ ]*\).*/\1/p' <<<"$res")
  gap=$(sed -n 's/.*\bgap=\([^ ]*\).*/\1/p' <<<"$res"); tail=$(sed -n 's/.*\btail_acks=\([0-9]*\).*/\1/p' <<<"$res")
  acks=$(sed -n 's/.*\backs=\([0-9]*\).*/\1/p' <<<"$res")
  [ -n "$dup" ] || { reasons+=("analysis-failed"); dup=0; missing=0; known=0; tail=0; acks=0; }
  [ "$missing" -eq 0 ] || reasons+=("missing-leases")
  local x tc
  for x in A B; do
    [ "${IMPL[$x]}" = lh ] || continue
    tc=$(python3 "$ANALYZE" thaw-check "${DIR[$x]}/server.log" "$t0" "$t1")
    case "$tc" in *thaw_partner_down=0) ;; *) reasons+=("$x-thawed-into-partner-down"); res+=" $x:$tc" ;; esac
  done
  [ "$tail" -gt 0 ] || reasons+=("no-acks-at-the-end")
  [ "$acks" -gt 0 ] || reasons+=("no-acks")
  if [ "$dup" -gt "$known" ]; then reasons+=("double-allocation"); fi
  if [ "${#reasons[@]}" -eq 0 ] && [ "$known" -gt 0 ]; then
    verdict=KEA-KNOWN; KNOWN=$((KNOWN + 1))
  elif [ "${#reasons[@]}" -eq 0 ]; then
    verdict=PASS; PASSED=$((PASSED + 1))
  else
    verdict=FAIL; FAILED=$((FAILED + 1))
  fi
  local normal_after="-"
  [ -n "$tn" ] && normal_after=$(awk -v a="$tfe" -v b="$tn" 'BEGIN { printf "%.1f", b - a }')
  printf 'round %d %s %s %s %s(%s): %s takeover=%s dup=%d (kea-known %d) missing=%d normal-after=%ss gap=%ss | %s%s\n' \
    "$n" "$pair" "$mode" "$fault" "$node" "${IMPL[$node]}" "$verdict" "${takeover:-?}" "$dup" "${known:-0}" "$missing" \
    "$normal_after" "${gap:-?}" "$res" "${reasons[*]:+ | ${reasons[*]}}"
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$pair" "$mode" "$fault" "$verdict" "$dup" "$missing" "${takeover:-?}" \
    "${gap:-?}" >>"$ROUNDS_TSV"
  if [ "$verdict" != PASS ]; then
    for x in A B; do
      log "last HA lines of $x (${IMPL[$x]}):"
      grep -E 'HA_|LH_HA' "${DIR[$x]}/server.log" | tail -15 >&2 || true
    done
  fi
  CURRENT=""
}

# ---- pairs and modes ----
COMBO=0
log "lab $TAG: $COMBOS faults=$FAULTS rounds-per-fault=$ROUNDS rate=$RATE/s x2 clients=$CLIENTS" \
    "time-limit=${TIME_LIMIT}s; heartbeat ${HEARTBEAT_MS} ms, max-response-delay ${MAX_RESPONSE_MS} ms," \
    "max-ack-delay ${MAX_ACK_MS} ms, max-unacked-clients $MAX_UNACKED; $(nproc) cores, load $(cut -d' ' -f1-3 /proc/loadavg)"
for combo in ${COMBOS//,/ }; do
    pair=${combo%%:*}; mode=${combo#*:}
    COMBO=$((COMBO + 1))
    cdir="$WORK/$pair-$mode"; mkdir -p "$cdir"
    IMPL[A]=${pair%-*}; IMPL[B]=${pair#*-}
    for x in A B; do DIR[$x]="$cdir/$x"; mkdir -p "${DIR[$x]}/run"; config "$x" "$mode"; done
    : >"$cdir/acks.tsv"; : >"$cdir/requests.tsv"
    log "$pair $mode: A=${IMPL[A]} (server1, primary), B=${IMPL[B]} (server2)"
    ok=1
    start_server A && start_server B || ok=0
    if [ "$ok" = 1 ] && st=$(wait_normal "$mode" 90); then
      log "$pair $mode: pair in $mode"
    else
      log "$pair $mode: the pair did not start or reach $mode (${st:-}); its rounds fail"
      ok=0
    fi
    n=0
    for _ in $(seq 1 "$ROUNDS"); do
      for fault in ${FAULTS//,/ }; do
        n=$((n + 1))
        if [ $((n % 2)) = 1 ]; then node=A; else node=B; fi
        if [ "$ok" = 1 ]; then
          run_round "$pair" "$mode" "$n" "$fault" "$node" "$cdir"
          # a pair that did not come back is restarted from its lease files so that the next rounds still mean something
          if [ "$(state A)" != "$mode" ] || [ "$(state B)" != "$mode" ]; then
            log "$pair $mode: restarting the pair after round $n"
            stop_server A; stop_server B; ha_link up
            { start_server A && start_server B && wait_normal "$mode" 90 >/dev/null; } || ok=0
          fi
        else
          echo "round $n $pair $mode $fault $node(${IMPL[$node]}): FAIL (the pair is not running)"
          printf '%s\t%s\t%s\tFAIL\t0\t0\t-\t-\n' "$pair" "$mode" "$fault" >>"$ROUNDS_TSV"
          FAILED=$((FAILED + 1))
        fi
      done
    done
    stop_server A; stop_server B
done
summary
[ "$FAILED" -eq 0 ]
