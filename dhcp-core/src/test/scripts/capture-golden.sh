#!/usr/bin/env bash
# Captures golden DHCPv4 packets from real clients (ISC dhclient, BusyBox udhcpc, Kea perfdhcp as a relay) talking
# to Debian's kea-dhcp4, all inside two private network namespaces joined by one veth pair. Nothing leaves them.
#
# Usage (root): dhcp-core/src/test/scripts/capture-golden.sh [output-dir]
#   output-dir defaults to dhcp-core/src/test/resources/golden. Writes one <name>.hex file per packet (the UDP
#   payload as one line of lower-case hex) and the raw captures under pcap/.
# Needs: iproute2, kea-dhcp4, perfdhcp, dhclient, busybox udhcpc, dumpcap, tshark.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/../resources/golden}
mkdir -p "$out/pcap"
out=$(cd "$out" && pwd)

SRV_IF=lhc-srv0
CLI_IF=lhc-cli0
SRV_MAC=02:4c:48:00:00:01
CLI_MAC=02:4c:48:00:00:02

[ "$(id -u)" -eq 0 ] || { echo "capture-golden.sh needs root (network namespaces, packet capture)" >&2; exit 1; }
for tool in ip kea-dhcp4 perfdhcp dhclient busybox dumpcap tshark; do
  command -v "$tool" >/dev/null || { echo "capture-golden.sh needs $tool" >&2; exit 1; }
done
# Namespaces and the work directory are recorded by the lab kit and removed on every way out (a run killed with
# -9 is swept by the next lab); a namespace that survives fails the run.
source "$here/../../../../dhcp-testing/scripts/labkit.sh"
labkit_init lhc-golden
work=$LAB_WORK

cleanup() {
  local rc=$?
  set +e
  # Only this shell's own background jobs that are still running (kea-dhcp4, dumpcap, a client).
  for p in $(jobs -p); do kill "$p" 2>/dev/null; done
  wait 2>/dev/null
  (exit $rc); labkit_cleanup
}
trap cleanup EXIT

# Waits (at most $3 tenths of a second) until file $1 contains text $2.
wait_for() {
  local i
  for ((i = 0; i < $3; i++)); do
    grep -q -- "$2" "$1" 2>/dev/null && return 0
    sleep 0.1
  done
  echo "timed out waiting for '$2' in $1" >&2
  cat "$1" >&2 || true
  return 1
}

# --- namespaces -----------------------------------------------------------------------------------------------
SRV_NS=$(labkit_ns lhc-srv)
CLI_NS=$(labkit_ns lhc-cli)
ip link add "$SRV_IF" address "$SRV_MAC" netns "$SRV_NS" type veth peer name "$CLI_IF" address "$CLI_MAC" netns "$CLI_NS"
ip -n "$SRV_NS" link set lo up
ip -n "$CLI_NS" link set lo up
ip -n "$SRV_NS" addr add 10.77.0.1/24 dev "$SRV_IF"
ip -n "$SRV_NS" link set "$SRV_IF" up
ip -n "$CLI_NS" link set "$CLI_IF" up

# --- kea-dhcp4 in the server namespace ------------------------------------------------------------------------
cat > "$work/kea.json" <<JSON
{ "Dhcp4": {
    "interfaces-config": { "interfaces": [ "$SRV_IF" ] },
    "lease-database": { "type": "memfile", "persist": false },
    "valid-lifetime": 3600, "renew-timer": 900, "rebind-timer": 1800,
    "subnet4": [ {
        "id": 1, "subnet": "10.77.0.0/24",
        "pools": [ { "pool": "10.77.0.100 - 10.77.0.199" } ],
        "option-data": [
            { "name": "routers", "data": "10.77.0.1" },
            { "name": "domain-name-servers", "data": "10.77.0.1, 10.77.0.53" },
            { "name": "domain-name", "data": "golden.example.org" },
            { "name": "broadcast-address", "data": "10.77.0.255" }
        ]
    } ],
    "loggers": [ { "name": "kea-dhcp4", "output_options": [ { "output": "stdout" } ], "severity": "INFO" } ]
} }
JSON
KEA_PIDFILE_DIR=$work KEA_LOCKFILE_DIR=$work ip netns exec "$SRV_NS" kea-dhcp4 -c "$work/kea.json" >"$work/kea.log" 2>&1 &
wait_for "$work/kea.log" DHCP4_STARTED 100

# --- capture helpers ------------------------------------------------------------------------------------------
cap_pid=
capture_start() { # $1 = scenario name
  ip netns exec "$SRV_NS" dumpcap -P -i "$SRV_IF" -f 'udp port 67 or udp port 68' -w "$out/pcap/$1.pcap" \
    >"$work/dumpcap-$1.log" 2>&1 &
  cap_pid=$!
  wait_for "$work/dumpcap-$1.log" 'Capturing on' 100
}
capture_stop() {
  sleep 0.5 # let the last reply reach the capture
  kill -INT "$cap_pid"
  wait "$cap_pid" || true
}

# --- scenarios ------------------------------------------------------------------------------------------------
cat > "$work/dhclient.conf" <<CONF
send host-name "golden-dhclient";
request subnet-mask, broadcast-address, time-offset, routers, domain-name, domain-name-servers, domain-search,
        host-name, interface-mtu, ntp-servers;
CONF
dhclient_args=(-4 -cf "$work/dhclient.conf" -lf "$work/dhclient.leases" -pf "$work/dhclient.pid" -sf /bin/true)

# Runs dhclient in the client namespace until it reports a binding, then stops it. $1 = log file.
dhclient_until_bound() {
  ip netns exec "$CLI_NS" timeout 60 dhclient "${dhclient_args[@]}" -1 -d "$CLI_IF" >"$1" 2>&1 &
  local p=$!
  wait_for "$1" 'bound to' 300
  kill "$p"
  wait "$p" || true
}

# 1. dhclient DISCOVER/OFFER/REQUEST/ACK (selecting).
capture_start dhclient-dora
dhclient_until_bound "$work/dhclient1.log"
capture_stop

# 2. dhclient again with its lease file: INIT-REBOOT REQUEST (option 50, no server id) and ACK.
capture_start dhclient-reboot
dhclient_until_bound "$work/dhclient2.log"
capture_stop

# 3. dhclient with a lease file naming an address Kea never gave it: INIT-REBOOT REQUEST for the wrong address,
#    Kea's NAK (the client is known), then a fresh DISCOVER/OFFER/REQUEST/ACK.
sed -i 's/fixed-address 10\.77\.0\.[0-9]*;/fixed-address 10.77.0.150;/' "$work/dhclient.leases"
capture_start dhclient-nak
dhclient_until_bound "$work/dhclient3.log"
capture_stop
grep -q DHCPNAK "$work/dhclient3.log" || { echo "expected a NAK" >&2; cat "$work/dhclient3.log" >&2; exit 1; }

# 4. dhclient -r: RELEASE (no reply). dhclient unicasts it from the leased address, so configure that first, as the
#    client script would have.
leased=$(grep -o 'fixed-address [0-9.]*' "$work/dhclient.leases" | tail -1 | cut -d' ' -f2)
ip -n "$CLI_NS" addr add "$leased/24" dev "$CLI_IF"
capture_start dhclient-release
ip netns exec "$CLI_NS" timeout 30 dhclient "${dhclient_args[@]}" -r -v "$CLI_IF" >"$work/dhclient4.log" 2>&1
capture_stop
ip -n "$CLI_NS" addr del "$leased/24" dev "$CLI_IF"

# 5. udhcpc: DISCOVER/OFFER/REQUEST/ACK with client id, max message size, vendor class, FQDN, user class.
capture_start udhcpc-dora
ip netns exec "$CLI_NS" timeout 60 busybox udhcpc -f -q -n -t 5 -T 2 -i "$CLI_IF" -s /bin/true \
  -V golden-vendor -F golden-udhcpc -x 0x4d:0b676f6c64656e2d75736572 >"$work/udhcpc.log" 2>&1
capture_stop

# 6. perfdhcp as a relay (giaddr 10.77.0.2) with relay agent information: circuit-id, remote-id, link-selection
#    and an unassigned sub-option 151; Kea echoes option 82 in its replies to the relay.
ip -n "$CLI_NS" addr add 10.77.0.2/24 dev "$CLI_IF"
rai=010b6c68632d63697263756974  # 1: "lhc-circuit"
rai+=0206024c48000102            # 2: remote-id 02:4c:48:00:01:02
rai+=05040a4d0000                # 5: link-selection 10.77.0.0
rai+=9702abcd                    # 151: unknown, ab:cd
capture_start perfdhcp-relay
ip netns exec "$CLI_NS" timeout 60 perfdhcp -4 -l 10.77.0.2 -n 5 -r 5 -R 5 -p 10 -s 7 -W 500000 \
  -b mac=02:4c:48:00:01:00 -o "82,$rai" 10.77.0.1 >"$work/perfdhcp.log" 2>&1 || { cat "$work/perfdhcp.log" >&2; exit 1; }
capture_stop

# --- extraction: the first packet of each message type and sender per scenario --------------------------------
type_name() {
  case "$1" in
    1) echo discover ;; 2) echo offer ;; 3) echo request ;; 4) echo decline ;; 5) echo ack ;; 6) echo nak ;;
    7) echo release ;; 8) echo inform ;; *) echo "type$1" ;;
  esac
}
for pcap in "$out"/pcap/*.pcap; do
  scenario=$(basename "$pcap" .pcap)
  declare -A seen=()
  while IFS='|' read -r frame type payload; do
    [ -n "$payload" ] || continue
    case "$type" in 2 | 5 | 6) from=kea ;; *) from=${scenario%%-*} ;; esac
    key="$from-$type"
    [ -z "${seen[$key]:-}" ] || continue
    seen[$key]=1
    name="$scenario-$(type_name "$type")-$from"
    echo "$payload" >"$out/$name.hex"
    echo "$name.hex  frame $frame, ${#payload} hex digits"
  done < <(tshark -r "$pcap" -Y dhcp -T fields -E separator='|' -e frame.number -e dhcp.option.dhcp \
             -e udp.payload)
  unset seen
done
echo "kea log:"; grep -E 'DHCP4_(LEASE|PACKET_SEND|QUERY)' "$work/kea.log" | head -40 || true
