package io.leasehold.dhcp.engine;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;

/** Builds client queries for engine tests. */
final class Queries {
    private Queries() {
    }

    static HardwareAddress mac(int n) {
        return HardwareAddress.ethernet(new byte[] {0x02, 0, 0, 0, (byte) (n >> 8), (byte) n});
    }

    static DhcpMessage.Builder base(DhcpMessageType type, HardwareAddress hw, int xid) {
        return DhcpMessage.builder().xid(xid).hardwareAddress(hw).messageType(type)
                .parameterRequestList(1, 3, 6, 15, 28, 12, 51, 58, 59);
    }

    static DhcpMessage.Builder relayed(DhcpMessage.Builder b, String giaddr) {
        return b.giaddr(Ipv4.parse(giaddr)).hops(1);
    }

    static DhcpMessage discover(HardwareAddress hw, String giaddr) {
        return relayed(base(DhcpMessageType.DISCOVER, hw, 1), giaddr).build();
    }

    static DhcpMessage selecting(HardwareAddress hw, String giaddr, int address, int serverId) {
        return relayed(base(DhcpMessageType.REQUEST, hw, 2), giaddr).requestedAddress(address)
                .serverIdentifier(serverId).build();
    }

    static DhcpMessage initReboot(HardwareAddress hw, String giaddr, int address) {
        return relayed(base(DhcpMessageType.REQUEST, hw, 3), giaddr).requestedAddress(address).build();
    }

    static DhcpMessage renewing(HardwareAddress hw, int ciaddr) {
        return base(DhcpMessageType.REQUEST, hw, 4).ciaddr(ciaddr).build();
    }

    static DhcpMessage release(HardwareAddress hw, int ciaddr) {
        return base(DhcpMessageType.RELEASE, hw, 5).ciaddr(ciaddr).build();
    }

    static DhcpMessage decline(HardwareAddress hw, String giaddr, int address) {
        return relayed(base(DhcpMessageType.DECLINE, hw, 6), giaddr).requestedAddress(address).build();
    }

    static DhcpMessage withClientId(DhcpMessage m, byte... cid) {
        return m.toBuilder().clientId(ClientId.of(cid)).build();
    }

    static DhcpMessage withRai(DhcpMessage m, RelayAgentInfo rai) {
        return m.toBuilder().relayAgentInfo(rai).build();
    }
}
