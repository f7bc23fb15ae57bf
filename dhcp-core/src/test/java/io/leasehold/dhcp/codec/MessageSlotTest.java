package io.leasehold.dhcp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.lease.Ipv4;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link MessageSlot}: the same messages as the decoder and the builder make, in storage used again and again. */
class MessageSlotTest {
    private final MessageSlot slot = new MessageSlot();

    /** Packets for each decoder path: options in place, repeated options, overload, BOOTP without a cookie. */
    private static List<byte[]> packets() {
        byte[] overloaded = Packets.withOptions("350101" + "340103" + "0c0161" + "ff");
        Packets.put(overloaded, 108, "0c0162" + "3604c0a80001" + "ff");
        Packets.put(overloaded, 44, "0c0163" + "0f03636f6d");
        return List.of(
                Packets.withOptions("350101" + "3204c0a80a0b" + "3d0701020000000001" + "ff"),
                Packets.withOptions("350103" + "0c026162" + "0c026364" + "ff"),
                overloaded,
                Packets.header(),
                Arrays.copyOf(Packets.header(), 239));
    }

    @Test
    void decodesEveryPacketAsTheDecoderDoes() {
        for (byte[] p : packets()) {
            DhcpMessage expected = DhcpDecoder.decode(p, 0, p.length);
            DhcpMessage fromArray = slot.decode(p, 0, p.length);
            assertEquals(expected, fromArray);
            assertEquals(expected.toString(), fromArray.toString());
            assertArrayEquals(expected.optionCodes(), fromArray.optionCodes());
            assertEquals(expected.overload(), fromArray.overload());
            assertTrue(fromArray.isInSlot());
            assertEquals(expected, slot.decode(Unpooled.wrappedBuffer(p)));
            assertEquals(ByteBufUtil.hexDump(encode(expected)), ByteBufUtil.hexDump(encode(fromArray)));
        }
    }

    @Test
    void eachDecodeOverwritesTheLastWhileOwnedCopiesKeepTheirContents() {
        byte[] a = Packets.withOptions("350101" + "3604c0a80001" + "ff");
        byte[] b = Packets.withOptions("350103" + "0c0161" + "ff");
        b[4] = 9; // another xid
        DhcpMessage first = slot.decode(a, 0, a.length);
        DhcpMessage kept = first.owned();
        assertFalse(kept.isInSlot());
        assertNotSame(first, kept);
        DhcpMessage second = slot.decode(b, 0, b.length);
        assertSame(first, second, "one message object per slot");
        assertEquals(DhcpDecoder.decode(b, 0, b.length), first, "the slot's message now holds the second packet");
        assertEquals(DhcpDecoder.decode(a, 0, a.length), kept, "the owned copy still holds the first");
        assertEquals(Ipv4.parse("192.168.0.1"), kept.addressOption(54, 0));
        assertSame(kept, kept.owned(), "an owned message is its own owned copy");
    }

    @Test
    void relayInformationIsReadFromTheCurrentPacket() {
        // Option 82 with link selection (sub-option 5), parsed once per message and remembered: a slot's message
        // must forget it when it takes the next packet.
        byte[] first = Packets.withOptions("350101" + "5206" + "05040a000001" + "ff");
        byte[] second = Packets.withOptions("350101" + "5206" + "05040a000002" + "ff");
        byte[] none = Packets.withOptions("350101" + "ff");
        assertEquals(Ipv4.parse("10.0.0.1"), slot.decode(first, 0, first.length).relayAgentInfo()
                .linkSelection().getAsInt());
        assertEquals(Ipv4.parse("10.0.0.2"), slot.decode(second, 0, second.length).relayAgentInfo()
                .linkSelection().getAsInt());
        assertNull(slot.decode(none, 0, none.length).relayAgentInfo());
    }

    @Test
    void aLargerPacketGrowsTheSlotAndSmallerOnesStillDecode() {
        StringBuilder hex = new StringBuilder("350101");
        for (int code = 100; code < 105; code++) {
            hex.append(Integer.toHexString(code)).append("fe").append("61".repeat(254));
        }
        byte[] big = Packets.withOptions(hex + "ff"); // ~1,540 bytes: past the slot's first array
        byte[] small = Packets.withOptions("350103" + "ff");
        assertEquals(DhcpDecoder.decode(small, 0, small.length), slot.decode(small, 0, small.length));
        assertEquals(DhcpDecoder.decode(big, 0, big.length), slot.decode(big, 0, big.length));
        assertEquals(DhcpDecoder.decode(small, 0, small.length), slot.decode(small, 0, small.length));
        assertEquals(-1, slot.decode(small, 0, small.length).optionLength(100), "nothing of the big packet is left");
    }

    @Test
    void aRejectedPacketThrowsAsTheDecoderDoesAndLeavesTheSlotUsable() {
        byte[] bad = Packets.withOptions("3501"); // option 53 without its value
        DhcpDecodeException fromDecoder = assertThrows(DhcpDecodeException.class,
                () -> DhcpDecoder.decode(bad, 0, bad.length));
        DhcpDecodeException fromSlot = assertThrows(DhcpDecodeException.class, () -> slot.decode(bad, 0, bad.length));
        assertEquals(fromDecoder.getMessage(), fromSlot.getMessage());
        assertEquals(fromDecoder.getOffset(), fromSlot.getOffset());
        assertThrows(DhcpDecodeException.class, () -> slot.decode(new byte[100], 0, 100));
        assertThrows(IndexOutOfBoundsException.class, () -> slot.decode(new byte[300], 200, 200));
        byte[] good = Packets.withOptions("350101" + "ff");
        assertEquals(DhcpDecoder.decode(good, 0, good.length), slot.decode(good, 0, good.length));
    }

    @Test
    void aBuilderBuildsIntoTheSlotWhatItBuildsAsANewMessage() {
        DhcpMessage query = DhcpDecoder.decode(packets().get(0), 0, packets().get(0).length);
        DhcpMessage.Builder b = DhcpMessage.replyTo(query).messageType(DhcpMessageType.OFFER)
                .yiaddr(Ipv4.parse("10.0.0.9")).serverIdentifier(Ipv4.parse("10.0.0.1")).leaseTime(3600)
                .hostName("client-one");
        DhcpMessage built = b.build();
        DhcpMessage inSlot = slot.build(b);
        assertTrue(inSlot.isInSlot());
        assertFalse(built.isInSlot());
        assertEquals(built, inSlot);
        assertEquals(ByteBufUtil.hexDump(encode(built)), ByteBufUtil.hexDump(encode(inSlot)));
        DhcpMessage kept = inSlot.owned();
        // A shorter value replaces a longer one (the builder repacks), then the slot takes the next reply.
        b.messageType(DhcpMessageType.ACK).hostName("c2");
        DhcpMessage next = slot.build(b);
        assertSame(inSlot, next);
        assertEquals(b.build(), next);
        assertEquals("c2", next.hostName());
        assertEquals(built, kept, "the owned copy is the OFFER still");
    }

    @Test
    void optionsReadIntoTheCallersArrayAndAddressesWithoutOptionalInt() {
        byte[] p = Packets.withOptions("350103" + "3204c0a80a0b" + "370401030f06" + "ff");
        DhcpMessage m = slot.decode(p, 0, p.length);
        byte[] into = new byte[8];
        assertEquals(4, m.copyOption(55, into, 2));
        assertArrayEquals(new byte[] {0, 0, 1, 3, 15, 6, 0, 0}, into);
        assertEquals(-1, m.copyOption(54, into, 0));
        assertThrows(IndexOutOfBoundsException.class, () -> m.copyOption(55, new byte[3], 0));
        assertEquals(Ipv4.parse("192.168.10.11"), m.addressOption(50, 0));
        assertEquals(-7, m.addressOption(54, -7), "absent");
        assertEquals(-7, m.addressOption(53, -7), "shorter than an address");
    }

    @Test
    void relaySubOptionsAreReadWhereTheyLie() {
        byte[] p = Packets.withOptions("350101" + "520c" + "0102abcd" + "05040a000001" + "1300" + "ff");
        DhcpMessage m = slot.decode(p, 0, p.length);
        assertTrue(m.hasRelaySubOption(RelayAgentInfo.LINK_SELECTION));
        assertTrue(m.hasRelaySubOption(RelayAgentInfo.RELAY_SOURCE_PORT), "a sub-option of length 0");
        assertFalse(m.hasRelaySubOption(RelayAgentInfo.SERVER_ID_OVERRIDE));
        assertEquals(Ipv4.parse("10.0.0.1"), m.relaySubOptionAddress(RelayAgentInfo.LINK_SELECTION, 0));
        assertEquals(-1, m.relaySubOptionAddress(RelayAgentInfo.SERVER_ID_OVERRIDE, -1), "absent");
        assertEquals(-1, m.relaySubOptionAddress(1, -1), "circuit id: 2 bytes, shorter than an address");
        RelayAgentInfo parsed = m.relayAgentInfo();
        for (int code = 0; code < 256; code++) {
            assertEquals(parsed.has(code), m.hasRelaySubOption(code), "sub-option " + code);
        }
        byte[] none = Packets.withOptions("350101" + "ff");
        DhcpMessage without = slot.decode(none, 0, none.length);
        assertFalse(without.hasRelaySubOption(RelayAgentInfo.LINK_SELECTION));
        assertEquals(-1, without.relaySubOptionAddress(RelayAgentInfo.LINK_SELECTION, -1));
    }

    private static ByteBuf encode(DhcpMessage m) {
        ByteBuf out = Unpooled.buffer();
        DhcpEncoder.DEFAULT.encode(m, out);
        return out;
    }
}
