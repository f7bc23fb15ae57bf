package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;

/** Relayed client queries for HA tests. */
final class Queries {
    private Queries() {
    }

    static HardwareAddress mac(int n) {
        return HardwareAddress.ethernet(new byte[] {0x02, 0x0a, 0, 0, (byte) (n >> 8), (byte) n});
    }

    static DhcpMessage discover(HardwareAddress hw, String giaddr, int secs) {
        return DhcpMessage.builder().xid(hw.hashCode()).hardwareAddress(hw).messageType(DhcpMessageType.DISCOVER)
                .giaddr(Ipv4.parse(giaddr)).hops(1).secs(secs).build();
    }

    static DhcpMessage request(HardwareAddress hw, String giaddr, int address, int serverId) {
        return DhcpMessage.builder().xid(hw.hashCode() + 1).hardwareAddress(hw).messageType(DhcpMessageType.REQUEST)
                .giaddr(Ipv4.parse(giaddr)).hops(1).requestedAddress(address).serverIdentifier(serverId).build();
    }

    static DhcpMessage release(HardwareAddress hw, int ciaddr, int serverId) {
        return DhcpMessage.builder().xid(hw.hashCode() + 2).hardwareAddress(hw).messageType(DhcpMessageType.RELEASE)
                .ciaddr(ciaddr).serverIdentifier(serverId).build();
    }
}
