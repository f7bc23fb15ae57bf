package io.leasehold.dhcp.benchmarks.loadgen;

import io.leasehold.dhcp.codec.DhcpDecoder;
import io.leasehold.dhcp.codec.DhcpEncoder;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The generator's queries decode as the DHCP messages they claim to be; its reply parser reads real replies. */
class DoraWireTest {
    private static final int GIADDR = 0xc0000202;        // 192.0.2.2

    @Test
    void discoverIsARelayedDiscoverOfTheNumberedClient() {
        ByteBuf b = Unpooled.buffer();
        new DoraWire(GIADDR, 0x02aa, false).writeDiscover(b, 0x12345678, 0x01020304);
        assertEquals(DoraWire.QUERY_LENGTH, b.readableBytes());
        DhcpMessage m = DhcpDecoder.decode(b);
        assertEquals(DhcpMessage.BOOTREQUEST, m.op());
        assertEquals(DhcpMessageType.DISCOVER, m.messageType());
        assertEquals(0x12345678, m.xid());
        assertEquals(1, m.hops());
        assertEquals(GIADDR, m.giaddr());
        assertEquals(HardwareAddress.parse("02:aa:01:02:03:04"), m.hardwareAddress());
        assertArrayEquals(new byte[] {1, 3, 6, 15, 51}, m.option(55));
        assertFalse(m.hasOption(82));
        assertFalse(m.hasOption(50));
    }

    @Test
    void requestAsksForTheOfferedAddressFromTheOfferingServer() {
        ByteBuf b = Unpooled.buffer();
        new DoraWire(GIADDR, 0x02bb, true).writeRequest(b, 7, 9, 0x0a000005, 0xc0000201);
        assertEquals(DoraWire.QUERY_LENGTH, b.readableBytes());
        DhcpMessage m = DhcpDecoder.decode(b);
        assertEquals(DhcpMessageType.REQUEST, m.messageType());
        assertEquals(7, m.xid());
        assertEquals(HardwareAddress.parse("02:bb:00:00:00:09"), m.hardwareAddress());
        assertEquals(0x0a000005, m.requestedAddress().getAsInt());
        assertEquals(0xc0000201, m.serverIdentifier().getAsInt());
        assertEquals(0, m.ciaddr());
        assertTrue(m.relayAgentInfo().hasRelaySourcePort());
    }

    @Test
    void parsesAnOfferAndAnAck() {
        DhcpMessage query = DhcpDecoder.decode(discover(42));
        for (DhcpMessageType t : new DhcpMessageType[] {DhcpMessageType.OFFER, DhcpMessageType.ACK,
                DhcpMessageType.NAK}) {
            DhcpMessage reply = DhcpMessage.replyTo(query).messageType(t).yiaddr(0x0a000007)
                    .serverIdentifier(0xc0000201).leaseTime(3600).build();
            ByteBuf wire = DhcpEncoder.DEFAULT.encode(reply, ByteBufAllocator.DEFAULT);
            DoraWire.Reply r = new DoraWire.Reply();
            assertEquals(t.intValue(), DoraWire.parse(wire, r));
            assertEquals(42, r.xid);
            assertEquals(0x0a000007, r.yiaddr);
            assertEquals(0xc0000201, r.serverId);
            wire.release();
        }
    }

    @Test
    void rejectsWhatIsNotAWellFormedReply() {
        DoraWire.Reply r = new DoraWire.Reply();
        // a query (BOOTREQUEST) is not a reply
        assertEquals(-1, DoraWire.parse(discover(1), r));
        // a reply cut short in the fixed header
        ByteBuf reply = offer(1);
        assertEquals(-1, DoraWire.parse(reply.slice(0, 200), r));
        // an option whose length runs past the end
        ByteBuf cut = offer(1);
        int optionsEnd = DoraWire.OPTIONS + 3 + 6;    // 53/1/2, then 54/4/x: cut in the middle of option 54
        assertEquals(-1, DoraWire.parse(cut.slice(0, optionsEnd - 2), r));
        // a wrong magic cookie
        ByteBuf bad = offer(1);
        bad.setInt(DoraWire.COOKIE, 0x01020304);
        assertEquals(-1, DoraWire.parse(bad, r));
        // no message type option
        DhcpMessage noType = DhcpMessage.replyTo(DhcpDecoder.decode(discover(1))).yiaddr(1).build();
        assertEquals(-1, DoraWire.parse(DhcpEncoder.DEFAULT.encode(noType, ByteBufAllocator.DEFAULT), r));
    }

    private static ByteBuf discover(int xid) {
        ByteBuf b = Unpooled.buffer();
        new DoraWire(GIADDR, 0x02aa, false).writeDiscover(b, xid, 3);
        return b;
    }

    /** An OFFER whose options start with the message type and then the server identifier. */
    private static ByteBuf offer(int xid) {
        DhcpMessage reply = DhcpMessage.replyTo(DhcpDecoder.decode(discover(xid))).yiaddr(5)
                .messageType(DhcpMessageType.OFFER).serverIdentifier(0xc0000201).build();
        return DhcpEncoder.DEFAULT.encode(reply, ByteBufAllocator.DEFAULT);
    }
}
