package io.leasehold.dhcp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.netty.buffer.Unpooled;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class DhcpMessageBuilderTest {
    private static final int A = Ipv4.parse("192.0.2.1");
    private static final int B = Ipv4.parse("192.0.2.2");

    @Test
    void everyTypedOptionReadsBackAsWritten() {
        RelayAgentInfo rai = RelayAgentInfo.builder().circuitId(new byte[] {1}).build();
        ClientFqdn fqdn = ClientFqdn.of(ClientFqdn.FLAG_S | ClientFqdn.FLAG_E, "h.example.org.");
        DhcpMessage m = DhcpMessage.builder()
                .messageType(DhcpMessageType.REQUEST).requestedAddress(A).serverIdentifier(B)
                .leaseTime(0xffffffffL).renewalTime(100).rebindingTime(200).subnetMask(Ipv4.mask(20))
                .routers(A, B).domainNameServers(B).domainName("example.org").hostName("h")
                .broadcastAddress(Ipv4.parse("192.0.2.255")).parameterRequestList(1, 3, 6, 255)
                .maxMessageSize(1500).clientId(ClientId.parse("01:aa:bb")).vendorClass("MSFT 5.0")
                .userClass(new byte[] {3, 'a', 'b', 'c'}).clientFqdn(fqdn).relayAgentInfo(rai)
                .subnetSelection(Ipv4.parse("192.0.2.0")).message("no")
                .build();
        assertEquals(DhcpMessageType.REQUEST, m.messageType());
        assertEquals(OptionalInt.of(A), m.requestedAddress());
        assertEquals(OptionalInt.of(B), m.serverIdentifier());
        assertEquals(OptionalLong.of(0xffffffffL), m.leaseTime());
        assertEquals(OptionalLong.of(100), m.renewalTime());
        assertEquals(OptionalLong.of(200), m.rebindingTime());
        assertEquals(OptionalInt.of(Ipv4.mask(20)), m.subnetMask());
        assertArrayEquals(new int[] {A, B}, m.routers());
        assertArrayEquals(new int[] {B}, m.domainNameServers());
        assertEquals("example.org", m.domainName());
        assertEquals("h", m.hostName());
        assertEquals(OptionalInt.of(Ipv4.parse("192.0.2.255")), m.broadcastAddress());
        assertArrayEquals(new int[] {1, 3, 6, 255}, m.parameterRequestList());
        assertEquals(OptionalInt.of(1500), m.maxMessageSize());
        assertEquals(ClientId.parse("01:aa:bb"), m.clientId());
        assertEquals("MSFT 5.0", m.vendorClass());
        assertArrayEquals(new byte[] {3, 'a', 'b', 'c'}, m.userClass());
        assertEquals(fqdn, m.clientFqdn());
        assertEquals(rai, m.relayAgentInfo());
        assertEquals(OptionalInt.of(Ipv4.parse("192.0.2.0")), m.subnetSelection());
        assertEquals("no", m.message());
        assertEquals(0, m.overload());
        assertEquals(DhcpDecoder.decode(Unpooled.wrappedBuffer(ByteBufs.encode(m))), m);
    }

    @Test
    void absentOptionsReadAsAbsent() {
        DhcpMessage m = DhcpMessage.builder().build();
        assertTrue(m.isBootp());
        assertNull(m.messageType());
        assertEquals(OptionalInt.empty(), m.requestedAddress());
        assertEquals(OptionalLong.empty(), m.leaseTime());
        assertNull(m.routers());
        assertNull(m.parameterRequestList());
        assertFalse(m.requestsOption(1));
        assertNull(m.clientId());
        assertNull(m.clientFqdn());
        assertNull(m.relayAgentInfo());
        assertNull(m.option(12));
        assertEquals(0, m.optionCount());
        assertEquals(DhcpMessage.BOOTREQUEST, m.op());
        assertEquals(1, m.htype());
    }

    @Test
    void settingAnOptionAgainReplacesItInPlace() {
        DhcpMessage m = DhcpMessage.builder().hostName("a").messageType(DhcpMessageType.DISCOVER).hostName("b")
                .option(224, new byte[] {1}).removeOption(53).removeOption(99).build();
        assertArrayEquals(new int[] {12, 224}, m.optionCodes());
        assertEquals("b", m.hostName());
    }

    @Test
    void builderGrowsPastSixteenOptions() {
        DhcpMessage.Builder b = DhcpMessage.builder();
        for (int code = 200; code < 240; code++) {
            b.option(code, new byte[] {(byte) code});
        }
        DhcpMessage m = b.build();
        assertEquals(40, m.optionCount());
        assertArrayEquals(new byte[] {(byte) 239}, m.option(239));
    }

    @Test
    void rawOptionsAreValidatedLikeDecodedOnes() {
        DhcpMessage.Builder b = DhcpMessage.builder();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> b.option(50, new byte[] {1, 2, 3}));
        assertEquals("option dhcp-requested-address(50): length 3, expected 4", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> b.option(82, new byte[] {1, 9}));
        assertThrows(IllegalArgumentException.class, () -> b.option(52, new byte[] {1}));
        assertThrows(IllegalArgumentException.class, () -> b.option(0, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> b.option(255, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> b.option(256, new byte[0]));
        assertThrows(IllegalArgumentException.class, () -> b.leaseTime(-1));
        assertThrows(IllegalArgumentException.class, () -> b.leaseTime(1L << 32));
        assertThrows(IllegalArgumentException.class, () -> b.routers());
        assertThrows(IllegalArgumentException.class, () -> b.parameterRequestList(256));
        assertThrows(IllegalArgumentException.class, () -> b.serverName("s".repeat(64)));
        assertThrows(IllegalArgumentException.class, () -> b.bootFileName("f".repeat(128)));
        assertThrows(IllegalArgumentException.class, () -> b.chaddr(1, 17, new byte[6]));
        assertThrows(IllegalArgumentException.class, () -> b.secs(65536));
        assertEquals(0, b.build().optionCount(), "failed calls change nothing");
    }

    @Test
    void replyToCopiesWhatKeaCopies() {
        DhcpMessage query = DhcpDecoder.decode(Unpooled.wrappedBuffer(
                Golden.bytes("perfdhcp-relay-request-perfdhcp")));
        DhcpMessage reply = DhcpMessage.replyTo(query).build();
        assertEquals(DhcpMessage.BOOTREPLY, reply.op());
        assertEquals(query.xid(), reply.xid());
        assertEquals(query.flags(), reply.flags());
        assertEquals(query.giaddr(), reply.giaddr());
        assertEquals(query.hops(), reply.hops());
        assertEquals(query.hardwareAddress(), reply.hardwareAddress());
        assertEquals(0, reply.secs());
        assertEquals(0, reply.optionCount());
    }

    @Test
    void headerFields() {
        DhcpMessage m = DhcpMessage.builder().op(2).hops(3).xid(-1).secs(65535).broadcast(true).ciaddr(A).yiaddr(B)
                .siaddr(A).giaddr(B).hardwareAddress(HardwareAddress.parse("00:11:22:33:44:55"))
                .serverName("srv").bootFileName("boot.img").build();
        assertEquals(2, m.op());
        assertEquals(3, m.hops());
        assertEquals(-1, m.xid());
        assertEquals(65535, m.secs());
        assertTrue(m.isBroadcast());
        assertEquals(0x8000, m.flags());
        assertEquals(A, m.ciaddr());
        assertEquals(B, m.yiaddr());
        assertEquals(A, m.siaddr());
        assertEquals(B, m.giaddr());
        assertEquals(HardwareAddress.parse("00:11:22:33:44:55"), m.hardwareAddress());
        assertEquals(16, m.chaddr().length);
        assertEquals("srv", m.serverName());
        assertEquals("boot.img", m.bootFileName());
        assertFalse(m.toBuilder().broadcast(false).build().isBroadcast());
        DhcpMessage ib = DhcpMessage.builder().chaddr(32, 0, new byte[16]).build();
        assertEquals(32, ib.htype());
        assertEquals(0, ib.hardwareAddress().length());
    }

    @Test
    void equalityIgnoresOption52ButNotOrder() {
        byte[] p = Packets.withOptions("350101" + "340101ff");
        Packets.put(p, 108, "0c0161ff");
        DhcpMessage overloaded = DhcpDecoder.decode(Unpooled.wrappedBuffer(p));
        DhcpMessage plain = DhcpDecoder.decode(Unpooled.wrappedBuffer(Packets.withOptions("350101" + "0c0161ff")));
        assertEquals(plain, overloaded);
        assertEquals(plain.hashCode(), overloaded.hashCode());
        DhcpMessage swapped = DhcpDecoder.decode(Unpooled.wrappedBuffer(Packets.withOptions("0c0161" + "350101ff")));
        assertNotEquals(plain, swapped);
        assertFalse(overloaded.toBuilder().build().hasOption(52));
    }

    @Test
    void toStringSummarises() {
        DhcpMessage m = DhcpDecoder.decode(Unpooled.wrappedBuffer(Golden.bytes("perfdhcp-relay-offer-kea")));
        assertEquals("DhcpMessage{DHCPOFFER, xid=0x0, chaddr=024c48000100, yiaddr=10.77.0.102, giaddr=10.77.0.2, "
                + "options=[53, 1, 3, 6, 15, 28, 51, 54, 58, 59, 61, 82]}", m.toString());
    }

    @Test
    void valuesReplacedByOthersOfAnotherLengthOrRemovedLeaveNoTraceInTheMessage() {
        DhcpMessage.Builder b = DhcpMessage.builder().messageType(DhcpMessageType.OFFER)
                .hostName("short").domainName("example.org").leaseTime(60);
        b.hostName("a-much-longer-host-name").domainName("e.org").removeOption(51).hostName("mid-size");
        DhcpMessage m = b.build();
        assertArrayEquals(new int[] {53, 12, 15}, m.optionCodes(), "positions kept, removed one gone");
        assertEquals("mid-size", m.hostName());
        assertEquals("e.org", m.domainName());
        assertEquals(DhcpMessageType.OFFER, m.messageType());
        assertEquals(DhcpMessage.HEADER_LENGTH + 1 + 8 + 5, m.data().length, "only live values are kept");
        io.netty.buffer.ByteBuf wire = Unpooled.buffer();
        DhcpEncoder.DEFAULT.encode(m, wire);
        assertEquals(m, DhcpDecoder.decode(wire));
    }

    @Test
    void aBuilderReusedAfterBuildLeavesTheBuiltMessageAlone() {
        DhcpMessage query = DhcpMessage.builder().xid(7).giaddr(A).hops(1).flags(DhcpMessage.FLAG_BROADCAST)
                .messageType(DhcpMessageType.DISCOVER).clientId(ClientId.parse("01:aa:bb")).build();
        DhcpMessage.Builder b = DhcpMessage.builder().hostName("x".repeat(600)).siaddr(B);
        DhcpMessage first = b.resetToReplyTo(query).messageType(DhcpMessageType.OFFER).yiaddr(A).build();
        DhcpMessage firstAgain = DhcpMessage.replyTo(query).messageType(DhcpMessageType.OFFER).yiaddr(A).build();
        assertEquals(firstAgain, first, "reset to a reply starts from nothing but the reply's copied fields");
        assertEquals(0, first.siaddr());
        DhcpMessage second = b.resetToReplyTo(query).messageType(DhcpMessageType.NAK).leaseTime(5).build();
        assertEquals(DhcpMessageType.OFFER, first.messageType(), "the first message is its own copy");
        assertEquals(A, first.yiaddr());
        assertFalse(first.hasOption(51));
        assertEquals(DhcpMessageType.NAK, second.messageType());
        assertEquals(0, second.yiaddr());
        assertEquals(7, second.xid());
    }

    @Test
    void optionsCopiedFromAnotherMessageOrFromPartOfAnArray() {
        RelayAgentInfo rai = RelayAgentInfo.builder().circuitId(new byte[] {1, 2}).build();
        DhcpMessage query = DhcpMessage.builder().relayAgentInfo(rai).clientId(ClientId.parse("01:aa:bb")).build();
        DhcpMessage m = DhcpMessage.builder().hostName("h").copyOption(query, 82).copyOption(query, 61)
                .copyOption(query, 118).option(15, new byte[] {9, 'a', '.', 'o', 'r', 'g', 9}, 1, 5).build();
        assertArrayEquals(query.option(82), m.option(82));
        assertEquals(query.clientId(), m.clientId());
        assertFalse(m.hasOption(118), "an option the source lacks is not set");
        assertEquals("a.org", m.domainName());
        DhcpMessage without = m.toBuilder().copyOption(DhcpMessage.builder().build(), 82).build();
        assertFalse(without.hasOption(82), "copying an absent option removes it");
        assertThrows(IllegalArgumentException.class, () -> DhcpMessage.builder().copyOption(query, 52));
        assertThrows(IllegalArgumentException.class, () -> DhcpMessage.builder().option(1, new byte[] {1, 2, 3}, 0, 3),
                "range values are checked like whole ones");
        assertThrows(IndexOutOfBoundsException.class, () -> DhcpMessage.builder().option(15, new byte[2], 1, 2));
    }

    @Test
    void relayAgentInformationIsParsedOnceAndAbsenceRemembered() {
        RelayAgentInfo rai = RelayAgentInfo.builder().circuitId(new byte[] {1}).build();
        DhcpMessage with = DhcpMessage.builder().relayAgentInfo(rai).build();
        org.junit.jupiter.api.Assertions.assertSame(with.relayAgentInfo(), with.relayAgentInfo());
        assertArrayEquals(new byte[] {1}, with.relayAgentInfo().circuitId());
        DhcpMessage without = DhcpMessage.builder().build();
        assertNull(without.relayAgentInfo());
        assertNull(without.relayAgentInfo());
    }

    @Test
    void aBuilderThatKeepsReplacingValuesDoesNotGrowWithoutBound() {
        DhcpMessage.Builder b = DhcpMessage.builder().messageType(DhcpMessageType.ACK);
        for (int i = 0; i < 10_000; i++) {
            b.hostName("h".repeat(1 + i % 200)).domainName(i % 2 == 0 ? "example.org" : "e.org");
        }
        DhcpMessage m = b.build();
        assertEquals("h".repeat(1 + 9_999 % 200), m.hostName());
        assertEquals("e.org", m.domainName());
        assertArrayEquals(new int[] {53, 12, 15}, m.optionCodes());
        assertTrue(b.header.length <= 2048, "the builder's array grew to " + b.header.length);
    }
}
