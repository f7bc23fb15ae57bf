#!/usr/bin/env bash
# Seed 000's topology in network namespaces: three Leasehold servers running the seed's three configurations
# unchanged (zaldua1zerb1, zaldua1zerb2, zaldua2zerb1; interfaces named enp0s17/18/19 as in the seed), a client on
# each network, then a failover: zaldua1zerb1 is killed and its network moves to its standby, zaldua1zerb2.
#
#   sudo dhcp-examples/lab/seed000-lab.sh   # needs root, iproute2, udhcpc, dhclient, unshare; builds nothing
#   JAR=path/to/leasehold-dhcp4.jar sudo -E ...      # another build of the standalone server
#
# Every namespace carries a random tag and is deleted on exit (also on Ctrl-C, failure, or when the process that
# started the lab dies; a lab killed with -9 is swept by the next lab). A namespace or process that survives the
# cleanup is reported as a LEAK and fails the run. Traffic stays inside the namespaces. Exit status 0 means every check passed.
set -euo pipefail

HERE="$(cd "$(dirname "$0")" && pwd)"
ROOT="$(cd "$HERE/../.." && pwd)"
JAR="${JAR:-$ROOT/dhcp-examples/target/leasehold-dhcp4.jar}"
SEEDS="${SEEDS:-$ROOT/dhcp-examples/src/test/resources/seeds}"
JAVA="${JAVA:-java}"
# The command that runs the standalone server (word-split; the Java test sets it to a class-path launch).
SERVER_CMD="${SERVER_CMD:-$JAVA -Xmx256m -jar $JAR}"
# Namespaces, processes and the work directory are recorded by the lab kit and removed on every way out.
source "$ROOT/dhcp-testing/scripts/labkit.sh"
PIDS=()

log() { printf '[lab %s] %s\n' "$(date +%T)" "$*"; }
fail() { log "FAIL: $*"; exit 1; }

[ "$(id -u)" -eq 0 ] || fail "run as root (network namespaces)"
labkit_init seed000-lab
TAG="$LAB_TAG"
WORK="$LAB_WORK"
for t in ip udhcpc dhclient unshare "$JAVA"; do command -v "$t" >/dev/null || fail "$t is not installed"; done
case "$SERVER_CMD" in *" -jar "*) [ -f "$JAR" ] || fail "$JAR not found: run 'mvn -q package -DskipTests' first";; esac

# ns BASE: a namespace of this lab. Called as X=$(ns base), in a subshell: the lab kit records it in a file, so the
# exit path still knows it (an array filled here would be lost with the subshell).
ns() { labkit_ns "$1"; }
SW=$(ns lsw)      # the "switch": one bridge per network
Z1=$(ns lz1)      # zaldua1zerb1
Z2=$(ns lz2)      # zaldua1zerb2
Z3=$(ns lz3)      # zaldua2zerb1
C1=$(ns lc1)      # client on zaldua1 (192.168.42.0/23), MAC reserved in the seed
C2=$(ns lc2)      # client on zaldua2 (192.168.4.0/22)
C3=$(ns lc3)      # client on the third network (192.168.1.128/25)
for br in br1 br2 br3; do ip -n "$SW" link add "$br" type bridge; ip -n "$SW" link set "$br" up; done

n=0
plug() { # plug NS IFNAME BRIDGE [CIDR] [MAC]
  n=$((n+1)); local a="lv${TAG}a$n" b="lv${TAG}b$n"
  # created inside the namespaces in one step: no veth is ever left in the host's namespace
  ip link add "$a" netns "$1" type veth peer name "$b" netns "$SW"
  ip -n "$1" link set "$a" name "$2"
  [ -n "${5:-}" ] && ip -n "$1" link set "$2" address "$5"
  [ -n "${4:-}" ] && ip -n "$1" addr add "$4" dev "$2"
  ip -n "$1" link set "$2" up
  ip -n "$SW" link set "$b" master "$3"; ip -n "$SW" link set "$b" up
}
plug "$Z1" enp0s17 br1 192.168.42.4/23
plug "$Z1" enp0s18 br2 192.168.4.4/22
plug "$Z1" enp0s19 br3 192.168.1.130/25
plug "$Z2" enp0s17 br1 192.168.42.5/23
plug "$Z3" enp0s17 br2 192.168.4.5/22
plug "$C1" eth0 br1 "" 00:01:02:03:02:02
plug "$C2" eth0 br2
plug "$C3" eth0 br3

start() { # start NS CONFIG: the seed file unchanged, with private /var/lib/kea and /run/kea
  ip netns exec "$1" unshare -m --propagation private sh -c \
    'mount -t tmpfs tmpfs /var/lib/kea && mount -t tmpfs tmpfs /run/kea && exec "$@"' sh \
    $SERVER_CMD -c "$SEEDS/$2" >"$WORK/$2.log" 2>&1 &
  PIDS+=($!)
  labkit_pid $!
  log "started $2 in $1 (pid $!)"
}
mkdir -p /var/lib/kea /run/kea
start "$Z1" zaldua1zerb1.json
start "$Z2" zaldua1zerb2.json
start "$Z3" zaldua2zerb1.json
Z1PID=${PIDS[0]}

cat >"$WORK/udhcpc.sh" <<'SCRIPT'
#!/bin/sh
[ "$1" = bound ] && env > "$ENVFILE"
exit 0
SCRIPT
chmod +x "$WORK/udhcpc.sh"

lease() { # lease CLIENT_NS NAME: one DORA with up to 60 s of retries; prints ip and server
  local env="$WORK/$2.env"; rm -f "$env"
  ip netns exec "$1" env ENVFILE="$env" udhcpc -f -q -n -t 30 -T 2 -i eth0 -s "$WORK/udhcpc.sh" \
    >"$WORK/$2.udhcpc.log" 2>&1 || { cat "$WORK/$2.udhcpc.log"; return 1; }
  get() { grep "^$1=" "$env" | head -1 | cut -d= -f2-; }
  echo "$(get ip) $(get serverid) $(get hostname)"
}

log "the HA partners start in waiting; peers they cannot reach are declared down after max-response-delay"
r1=$(lease "$C1" c1) || fail "no lease on zaldua1"; log "zaldua1 client: $r1"
r2=$(lease "$C2" c2) || fail "no lease on zaldua2"; log "zaldua2 client: $r2"
r3=$(lease "$C3" c3) || fail "no lease on the third network"; log "third-network client: $r3"
set -- $r1; [ "$1" = 192.168.42.10 ] || fail "the reserved MAC should get 192.168.42.10, got $1"
[ "${3:-}" = zaldua1bez1 ] || fail "the reserved host name should be zaldua1bez1"
[ "$2" = 192.168.42.4 ] || fail "zaldua1 should be served by its primary zaldua1zerb1, got $2"
set -- $r2; case "$1" in 192.168.4.*) ;; *) fail "zaldua2 address $1";; esac
set -- $r3; case "$1" in 192.168.1.1[6-9]?|192.168.1.200) ;; *) fail "third-network address $1";; esac

log "waiting for the zaldua1 pair to reach hot-standby (heartbeats every 10 s)"
end=$((SECONDS + 120))
until grep -q "zaldua1zerb2-zaldua1: .*-> hot-standby" "$WORK/zaldua1zerb2.json.log" 2>/dev/null; do
  [ $SECONDS -lt $end ] || fail "zaldua1zerb2 never reached hot-standby:
$(grep LH_HA "$WORK/zaldua1zerb2.json.log" | tail -5)"
  sleep 1
done
log "zaldua1zerb2 is the hot standby of zaldua1zerb1"
log "failover: killing zaldua1zerb1 (primary of zaldua1, standby of zaldua2)"
kill -9 "$Z1PID"
# A hot-standby standby takes over when more than max-unacked-clients (default 10) clients keep retrying with
# 'secs' above max-ack-delay (default 10 s) while the primary is silent: Kea's failure detection. So, as on a real
# network, a dozen clients (dhclient, which counts 'secs') ask for leases on zaldua1 after the primary died.
CLIENTS=()
for i in $(seq 1 12); do
  c=$(ns "lx$i"); plug "$c" eth0 br1 "" "$(printf '02:00:00:00:42:%02x' "$i")"; CLIENTS+=("$c")
done
for i in "${!CLIENTS[@]}"; do
  ip netns exec "${CLIENTS[$i]}" timeout 120 dhclient -4 -1 -sf /bin/true -lf "$WORK/lx$i.leases" \
    -pf "$WORK/lx$i.pid" eth0 >"$WORK/lx$i.log" 2>&1 &
done
wait_for_lease() {
  local end=$((SECONDS + 110))
  while [ $SECONDS -lt $end ]; do
    if grep -h "dhcp-server-identifier 192.168.42.5" "$WORK"/lx*.leases >/dev/null 2>&1; then return 0; fi
    sleep 1
  done
  return 1
}
wait_for_lease || fail "zaldua1 is not served after the primary died"
got=$(grep -l "dhcp-server-identifier 192.168.42.5" "$WORK"/lx*.leases | wc -l)
log "zaldua1 after failover: $got client(s) got a lease from the standby zaldua1zerb2 (192.168.42.5)"
dups=$(grep -h "fixed-address" "$WORK"/lx*.leases | sort | uniq -d | wc -l)
[ "$dups" -eq 0 ] || fail "an address was given to two clients"
r2b=$(lease "$C2" c2-after) || fail "zaldua2 stopped being served"
log "zaldua2 client after failover: $r2b (its primary zaldua2zerb1 was never affected)"
log "PASS: each network was served, and zaldua1 moved to its standby when its primary died"
