package io.leasehold.dhcp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Decodes packets captured from real clients and Kea (src/test/resources/golden) and checks their fields. */
class GoldenPacketsTest {
    private static final HardwareAddress CLIENT_MAC = HardwareAddress.parse("02:4c:48:00:00:02");
    private static final int SERVER = Ipv4.parse("10.77.0.1");
    private static final int[] PRL_DHCLIENT = {1, 28, 2, 3, 15, 6, 119, 12, 26, 42};

    static DhcpMessage decode(String name) {
        ByteBuf buf = Unpooled.wrappedBuffer(Golden.bytes(name));
        try {
            DhcpMessage m = DhcpDecoder.decode(buf);
            assertEquals(0, buf.readerIndex(), "decode must not move the reader index");
            assertEquals(1, buf.refCnt(), "decode must not release or retain");
            return m;
        } finally {
            buf.release();
        }
    }

    @Test
    void dhclientDiscover() {
        DhcpMessage m = decode("dhclient-dora-discover-dhclient");
        assertEquals(DhcpMessage.BOOTREQUEST, m.op());
        assertEquals(1, m.htype());
        assertEquals(6, m.hlen());
        assertEquals(0, m.hops());
        assertEquals(0x5f246c3d, m.xid());
        assertEquals(0, m.secs());
        assertFalse(m.isBroadcast());
        assertEquals(0, m.ciaddr());
        assertEquals(0, m.giaddr());
        assertEquals(CLIENT_MAC, m.hardwareAddress());
        assertEquals("", m.serverName());
        assertEquals("", m.bootFileName());
        assertEquals(DhcpMessageType.DISCOVER, m.messageType());
        assertFalse(m.isBootp());
        assertEquals("golden-dhclient", m.hostName());
        assertArrayEquals(PRL_DHCLIENT, m.parameterRequestList());
        assertTrue(m.requestsOption(119));
        assertFalse(m.requestsOption(121));
        assertArrayEquals(new int[] {53, 12, 55}, m.optionCodes());
        assertNull(m.clientId());
        assertEquals(OptionalInt.empty(), m.maxMessageSize());
        assertEquals(0, m.overload());
    }

    @Test
    void keaOfferToDhclient() {
        DhcpMessage m = decode("dhclient-dora-offer-kea");
        assertEquals(DhcpMessage.BOOTREPLY, m.op());
        assertEquals(0x5f246c3d, m.xid());
        assertEquals(Ipv4.parse("10.77.0.100"), m.yiaddr());
        assertEquals(0, m.siaddr());
        assertEquals(CLIENT_MAC, m.hardwareAddress());
        assertEquals(DhcpMessageType.OFFER, m.messageType());
        assertEquals(OptionalInt.of(Ipv4.parse("255.255.255.0")), m.subnetMask());
        assertArrayEquals(new int[] {SERVER}, m.routers());
        assertArrayEquals(new int[] {SERVER, Ipv4.parse("10.77.0.53")}, m.domainNameServers());
        assertEquals("golden-dhclient", m.hostName());
        assertEquals("golden.example.org", m.domainName());
        assertEquals(OptionalInt.of(Ipv4.parse("10.77.0.255")), m.broadcastAddress());
        assertEquals(OptionalLong.of(3600), m.leaseTime());
        assertEquals(OptionalInt.of(SERVER), m.serverIdentifier());
        assertEquals(OptionalLong.of(900), m.renewalTime());
        assertEquals(OptionalLong.of(1800), m.rebindingTime());
        assertArrayEquals(new int[] {53, 1, 3, 6, 12, 15, 28, 51, 54, 58, 59}, m.optionCodes());
        assertEquals(333, Golden.bytes("dhclient-dora-offer-kea").length);
    }

    @Test
    void dhclientSelectingRequestAndAck() {
        DhcpMessage req = decode("dhclient-dora-request-dhclient");
        assertEquals(DhcpMessageType.REQUEST, req.messageType());
        assertEquals(OptionalInt.of(Ipv4.parse("10.77.0.100")), req.requestedAddress());
        assertEquals(OptionalInt.of(SERVER), req.serverIdentifier());
        assertEquals(0, req.ciaddr());
        DhcpMessage ack = decode("dhclient-dora-ack-kea");
        assertEquals(DhcpMessageType.ACK, ack.messageType());
        assertEquals(req.xid(), ack.xid());
        assertEquals(Ipv4.parse("10.77.0.100"), ack.yiaddr());
        assertEquals(OptionalLong.of(3600), ack.leaseTime());
    }

    @Test
    void dhclientInitRebootRequest() {
        DhcpMessage m = decode("dhclient-reboot-request-dhclient");
        assertEquals(0xf85de93d, m.xid());
        assertEquals(DhcpMessageType.REQUEST, m.messageType());
        assertEquals(OptionalInt.of(Ipv4.parse("10.77.0.100")), m.requestedAddress());
        assertEquals(OptionalInt.empty(), m.serverIdentifier(), "INIT-REBOOT carries no server id");
        assertEquals(0, m.ciaddr());
        assertEquals(DhcpMessageType.ACK, decode("dhclient-reboot-ack-kea").messageType());
    }

    @Test
    void keaNakForWrongInitRebootAddress() {
        DhcpMessage req = decode("dhclient-nak-request-dhclient");
        assertEquals(OptionalInt.of(Ipv4.parse("10.77.0.150")), req.requestedAddress());
        DhcpMessage nak = decode("dhclient-nak-nak-kea");
        assertEquals(250, Golden.bytes("dhclient-nak-nak-kea").length, "Kea does not pad its NAK");
        assertEquals(0x5239f84c, nak.xid());
        assertEquals(DhcpMessageType.NAK, nak.messageType());
        assertEquals(0, nak.yiaddr());
        assertEquals(OptionalInt.of(SERVER), nak.serverIdentifier());
        assertEquals(OptionalLong.empty(), nak.leaseTime());
        assertArrayEquals(new int[] {53, 54}, nak.optionCodes());
    }

    @Test
    void dhclientRelease() {
        DhcpMessage m = decode("dhclient-release-release-dhclient");
        assertEquals(0xf6c51376, m.xid());
        assertEquals(DhcpMessageType.RELEASE, m.messageType());
        assertEquals(Ipv4.parse("10.77.0.100"), m.ciaddr());
        assertEquals(OptionalInt.of(SERVER), m.serverIdentifier());
        assertEquals(OptionalInt.empty(), m.requestedAddress());
    }

    @Test
    void udhcpcDiscover() {
        DhcpMessage m = decode("udhcpc-dora-discover-udhcpc");
        assertEquals(0xcfe35e52, m.xid());
        assertEquals(DhcpMessageType.DISCOVER, m.messageType());
        assertEquals(OptionalInt.of(576), m.maxMessageSize());
        assertEquals("golden-vendor", m.vendorClass());
        assertEquals(ClientId.parse("01:02:4c:48:00:00:02"), m.clientId());
        assertArrayEquals(Golden.hex("0b676f6c64656e2d75736572"), m.userClass());
        ClientFqdn fqdn = m.clientFqdn();
        assertEquals(ClientFqdn.FLAG_S, fqdn.flags());
        assertFalse(fqdn.isWireFormat());
        assertEquals("golden-udhcpc", fqdn.domainName());
        assertFalse(fqdn.isFullyQualified());
        assertArrayEquals(new int[] {53, 57, 55, 60, 61, 77, 81}, m.optionCodes());
        assertArrayEquals(new int[] {1, 3, 6, 12, 15, 28, 42}, m.parameterRequestList());
    }

    @Test
    void keaAckToUdhcpcEchoesClientIdAndAnswersFqdn() {
        DhcpMessage m = decode("udhcpc-dora-ack-kea");
        assertEquals(0xcfe35e52, m.xid());
        assertEquals(Ipv4.parse("10.77.0.101"), m.yiaddr());
        assertEquals(ClientId.parse("01:02:4c:48:00:00:02"), m.clientId());
        ClientFqdn fqdn = m.clientFqdn();
        assertEquals(ClientFqdn.FLAG_N | ClientFqdn.FLAG_O, fqdn.flags());
        assertEquals("golden-udhcpc.", fqdn.domainName());
        assertTrue(fqdn.isFullyQualified());
        DhcpMessage req = decode("udhcpc-dora-request-udhcpc");
        assertEquals(OptionalInt.of(Ipv4.parse("10.77.0.101")), req.requestedAddress());
        assertEquals(OptionalInt.of(SERVER), req.serverIdentifier());
    }

    @Test
    void perfdhcpRelayedDiscoverWithRelayAgentInformation() {
        byte[] raw = Golden.bytes("perfdhcp-relay-discover-perfdhcp");
        assertEquals(295, raw.length);
        DhcpMessage m = decode("perfdhcp-relay-discover-perfdhcp");
        assertEquals(0, m.xid());
        assertEquals(1, m.hops());
        assertEquals(Ipv4.parse("10.77.0.2"), m.giaddr());
        assertEquals(HardwareAddress.parse("02:4c:48:00:01:00"), m.hardwareAddress());
        assertEquals(DhcpMessageType.DISCOVER, m.messageType());
        assertEquals(ClientId.parse("01:02:4c:48:00:01:00"), m.clientId());
        RelayAgentInfo rai = m.relayAgentInfo();
        assertArrayEquals("lhc-circuit".getBytes(java.nio.charset.StandardCharsets.US_ASCII), rai.circuitId());
        assertArrayEquals(Golden.hex("024c48000102"), rai.remoteId());
        assertEquals(OptionalInt.of(Ipv4.parse("10.77.0.0")), rai.linkSelection());
        assertArrayEquals(Golden.hex("abcd"), rai.subOption(151), "unknown sub-option kept");
        assertEquals(4, rai.subOptions().size());
        assertEquals(151, rai.subOptions().get(3).code());
        assertFalse(rai.hasRelaySourcePort());
        assertEquals(OptionalInt.empty(), rai.serverIdOverride());
        assertNull(rai.subscriberId());
    }

    @Test
    void keaEchoesRelayAgentInformationVerbatim() {
        DhcpMessage query = decode("perfdhcp-relay-request-perfdhcp");
        assertEquals(DhcpMessageType.REQUEST, query.messageType());
        for (String reply : new String[] {"perfdhcp-relay-offer-kea", "perfdhcp-relay-ack-kea"}) {
            DhcpMessage m = decode(reply);
            assertEquals(Ipv4.parse("10.77.0.2"), m.giaddr());
            assertEquals(1, m.hops());
            assertEquals(Ipv4.parse("10.77.0.102"), m.yiaddr());
            assertEquals(query.relayAgentInfo(), m.relayAgentInfo());
            assertArrayEquals(query.option(82), m.option(82));
        }
    }

    @Test
    void everyGoldenPacketIsDhcpWithAKnownType() {
        for (String name : Golden.ALL) {
            DhcpMessage m = decode(name);
            assertFalse(m.isBootp(), name);
            assertTrue(m.messageType().isKnown(), name);
            assertEquals(name.endsWith("-kea") ? DhcpMessage.BOOTREPLY : DhcpMessage.BOOTREQUEST, m.op(), name);
        }
    }
}
