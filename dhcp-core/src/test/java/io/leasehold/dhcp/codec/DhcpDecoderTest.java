package io.leasehold.dhcp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.lease.Ipv4;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The decoding rules documented on {@link DhcpDecoder}, one case each. */
class DhcpDecoderTest {

    private static DhcpMessage decode(byte[] packet) {
        return DhcpDecoder.decode(Unpooled.wrappedBuffer(packet));
    }

    private static DhcpDecodeException rejects(byte[] packet, int offset, String messagePart) {
        DhcpDecodeException e = assertThrows(DhcpDecodeException.class, () -> decode(packet));
        assertEquals(offset, e.getOffset(), e.getMessage());
        assertTrue(e.getMessage().contains(messagePart), e.getMessage());
        assertTrue(e.getMessage().contains("offset " + offset), e.getMessage());
        return e;
    }

    // ---- header -------------------------------------------------------------------------------------------------

    @Test
    void truncatedHeaderIsRejectedAtItsLength() {
        rejects(new byte[0], 0, "truncated BOOTP header: 0 bytes");
        rejects(new byte[1], 1, "truncated BOOTP header");
        rejects(Arrays.copyOf(Packets.header(), 235), 235, "needs 236");
        DhcpDecodeException e = assertThrows(DhcpDecodeException.class,
                () -> DhcpDecoder.decode(new byte[300], 100, 200));
        assertEquals(200, e.getOffset());
    }

    @Test
    void hlenAbove16IsRejected() {
        byte[] p = Packets.withOptions("350101ff");
        p[2] = 17;
        rejects(p, 2, "hlen 17");
        p[2] = 16;
        assertEquals(16, decode(p).hlen());
    }

    @Test
    void bareHeaderWithoutCookieIsBootp() {
        DhcpMessage m = decode(Packets.header());
        assertTrue(m.isBootp());
        assertEquals(0, m.optionCount());
        assertEquals(0x01020304, m.xid());
        DhcpMessage m239 = decode(Arrays.copyOf(Packets.header(), 239));
        assertTrue(m239.isBootp());
    }

    @Test
    void wrongCookieIsBootpAndTheVendorAreaIsIgnored() {
        byte[] p = Packets.withOptions("350101ff");
        p[239] = 0x64;
        DhcpMessage m = decode(p);
        assertTrue(m.isBootp());
        assertNull(m.messageType());
        assertEquals(0, m.optionCount());
    }

    @Test
    void cookieWithoutMessageTypeIsBootpWithOptions() {
        DhcpMessage m = decode(Packets.withOptions("0c04626f6f74ff"));
        assertTrue(m.isBootp());
        assertEquals("boot", m.hostName());
    }

    @Test
    void decodingReadsOnlyTheReadableBytesAndLeavesTheBufferAlone() {
        byte[] p = Packets.withOptions("350103ff");
        ByteBuf buf = PooledByteBufAllocator.DEFAULT.buffer();
        try {
            buf.writeBytes(new byte[] {9, 9, 9});
            buf.writeBytes(p);
            buf.writeBytes(new byte[] {0x0c, 0x05}); // outside the readable window below
            buf.readerIndex(3).writerIndex(3 + p.length);
            DhcpMessage m = DhcpDecoder.decode(buf);
            assertEquals(DhcpMessageType.REQUEST, m.messageType());
            assertEquals(3, buf.readerIndex());
            assertEquals(1, buf.refCnt());
        } finally {
            buf.release();
        }
        assertEquals(DhcpMessageType.REQUEST, DhcpDecoder.decode(Packets.concat(new byte[5], p), 5, p.length)
                .messageType());
    }

    // ---- options framing ----------------------------------------------------------------------------------------

    @Test
    void missingEndIsAccepted() {
        DhcpMessage m = decode(Packets.withOptions("350101" + "0c03616263"));
        assertEquals(DhcpMessageType.DISCOVER, m.messageType());
        assertEquals("abc", m.hostName());
    }

    @Test
    void padsAreSkippedAndBytesAfterEndIgnored() {
        DhcpMessage m = decode(Packets.withOptions("0000350101000c0161ff0c08deadbeef"));
        assertArrayEquals(new int[] {53, 12}, m.optionCodes());
        assertEquals("a", m.hostName());
    }

    @Test
    void optionLengthRunningPastTheEndIsRejected() {
        // option 12 at offset 243 claims 9 bytes, 3 remain
        rejects(Packets.withOptions("350101" + "0c09616263"), 243, "option 12 has length 9 but only 3 bytes remain");
    }

    @Test
    void overlongLengthOfTheLastByteIsRejected() {
        rejects(Packets.withOptions("350101" + "0cff"), 243, "length 255 but only 0 bytes remain");
    }

    @Test
    void optionWithoutLengthByteIsRejected() {
        rejects(Packets.withOptions("350101" + "0c"), 243, "option 12 has no length byte");
    }

    @Test
    void malformedKnownOptionIsRejectedAtItsOffset() {
        rejects(Packets.withOptions("350101" + "3203c0a801ff"), 243, "option dhcp-requested-address(50): length 3");
        rejects(Packets.withOptions("350101" + "3d0101ff"), 243, "dhcp-client-identifier(61): length 1");
        rejects(Packets.withOptions("35020101ff"), 240, "dhcp-message-type(53): length 2");
        rejects(Packets.withOptions("350101" + "030500000000ff"), 243, "non-zero multiple of 4");
        rejects(Packets.withOptions("350101" + "5203010561ff"), 243, "sub-option 1 at option byte 0 has length 5");
        rejects(Packets.withOptions("350101" + "520605030a000001ff"), 243, "sub-option 5 has length 3");
        rejects(Packets.withOptions("350101" + "51060400004061ff"), 243, "compression pointers");
    }

    @Test
    void unknownCodesAndTypesAreKept() {
        DhcpMessage m = decode(Packets.withOptions("3501c8" + "e0021234" + "fe00ff"));
        assertEquals(200, m.messageType().intValue());
        assertFalse(m.messageType().isKnown());
        assertEquals("UNKNOWN_200", m.messageType().name());
        assertArrayEquals(new byte[] {0x12, 0x34}, m.option(224));
        assertArrayEquals(new byte[0], m.option(254));
        assertEquals(0, m.optionLength(254));
        assertEquals(-1, m.optionLength(253));
        assertEquals("unknown-224", m.options().get(1).code().name());
    }

    @Test
    void trailingNulsAreStrippedFromText() {
        DhcpMessage m = decode(Packets.withOptions("350101" + "0c05686f737400" + "3c00ff"));
        assertEquals("host", m.hostName());
        assertEquals("", m.vendorClass());
    }

    // ---- RFC 3396 -----------------------------------------------------------------------------------------------

    @Test
    void repeatedOptionsAreConcatenatedAtTheFirstPosition() {
        DhcpMessage m = decode(Packets.withOptions("0c03616263" + "350101" + "0c03646566" + "3202c0a8" + "32020102"
                + "ff"));
        assertArrayEquals(new int[] {12, 53, 50}, m.optionCodes());
        assertEquals("abcdef", m.hostName());
        assertEquals(OptionalInt.of(Ipv4.parse("192.168.1.2")), m.requestedAddress());
        assertEquals(3, m.optionCount());
    }

    @Test
    void concatenatedValueMayExceed255Bytes() {
        StringBuilder hex = new StringBuilder("350101");
        for (int i = 0; i < 3; i++) {
            hex.append("e0ff").append("ab".repeat(255));
        }
        DhcpMessage m = decode(Packets.withOptions(hex + "ff"));
        assertEquals(765, m.optionLength(224));
    }

    @Test
    void concatenatedValueIsValidatedAsAWhole() {
        // two halves of option 61 are fine together; alone the first would be too short
        DhcpMessage m = decode(Packets.withOptions("3d0101" + "350101" + "3d0102ff"));
        assertArrayEquals(new byte[] {1, 2}, m.option(61));
        // two 1-byte instances of option 53 make a 2-byte value: rejected at the first instance
        rejects(Packets.withOptions("350101" + "0c0161" + "350101ff"), 240, "length 2");
    }

    // ---- overload -----------------------------------------------------------------------------------------------

    @Test
    void overloadedFileAndSnameAreReadInOrderAndThenEmpty() {
        byte[] p = Packets.withOptions("350101" + "340103" + "0c0161" + "ff");
        Packets.put(p, 108, "0c0162" + "3604c0a80001" + "ff");
        Packets.put(p, 44, "0c0163" + "0f03636f6d"); // sname: no end option, runs to the field's end
        DhcpMessage m = decode(p);
        assertEquals(3, m.overload());
        assertEquals("abc", m.hostName(), "options, then file, then sname");
        assertEquals(OptionalInt.of(Ipv4.parse("192.168.0.1")), m.serverIdentifier());
        assertEquals("com", m.domainName());
        assertArrayEquals(new int[] {53, 52, 12, 54, 15}, m.optionCodes());
        assertEquals("", m.serverName());
        assertEquals("", m.bootFileName());
        assertArrayEquals(new byte[64], m.sname());
        assertArrayEquals(new byte[128], m.file());
    }

    @Test
    void overloadOfFileOnlyLeavesSnameAsText() {
        byte[] p = Packets.withOptions("350102" + "340101ff");
        Packets.put(p, 44, "7466747031"); // "tftp1"
        Packets.put(p, 108, "0c0178ff");
        DhcpMessage m = decode(p);
        assertEquals(1, m.overload());
        assertEquals("x", m.hostName());
        assertEquals("tftp1", m.serverName());
        assertEquals("", m.bootFileName());
    }

    @Test
    void overloadOfSnameOnlyLeavesFileAsText() {
        byte[] p = Packets.withOptions("350102" + "340102ff");
        Packets.put(p, 44, "0c0178ff");
        Packets.put(p, 108, "7078656c696e75782e30"); // "pxelinux.0"
        DhcpMessage m = decode(p);
        assertEquals(2, m.overload());
        assertEquals("x", m.hostName());
        assertEquals("", m.serverName());
        assertEquals("pxelinux.0", m.bootFileName());
    }

    @Test
    void loopingOverloadIsRejected() {
        byte[] p = Packets.withOptions("350101" + "340101ff");
        Packets.put(p, 108, "0c0161" + "340103" + "ff");
        rejects(p, 111, "option 52 (dhcp-option-overload) inside the file field");
        byte[] q = Packets.withOptions("350101" + "340102ff");
        Packets.put(q, 44, "340102ff");
        rejects(q, 44, "inside the sname field");
    }

    @Test
    void malformedOrRepeatedOverloadIsRejected() {
        rejects(Packets.withOptions("350101" + "340104ff"), 243, "value 4, expected 1 (file), 2 (sname) or 3");
        rejects(Packets.withOptions("350101" + "34020101ff"), 243, "length 2, expected 1");
        rejects(Packets.withOptions("350101" + "340101" + "340101ff"), 246, "repeated");
    }

    @Test
    void optionRunningPastTheEndOfAnOverloadedFieldIsRejected() {
        byte[] p = Packets.withOptions("350101" + "340102ff");
        Packets.put(p, 100, "0c0a"); // sname ends at 108: 6 bytes remain after the header
        rejects(p, 100, "option 12 has length 10 but only 6 bytes remain in the sname field");
    }

    @Test
    void overloadedFieldsAreNotDecodedWithoutOption52() {
        byte[] p = Packets.withOptions("350101ff");
        Packets.put(p, 108, "0c0162ff");
        DhcpMessage m = decode(p);
        assertNull(m.hostName());
        assertEquals(0, m.overload());
        assertEquals("\f\u0001b\ufffd", m.bootFileName());
    }
}
