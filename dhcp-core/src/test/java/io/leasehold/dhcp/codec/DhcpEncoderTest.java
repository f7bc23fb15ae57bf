package io.leasehold.dhcp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.lease.Ipv4;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DhcpEncoderTest {
    private static final int SERVER = Ipv4.parse("10.77.0.1");
    private ByteBuf out;

    @BeforeEach
    void allocate() {
        out = PooledByteBufAllocator.DEFAULT.buffer();
    }

    @AfterEach
    void release() {
        assertTrue(out.release(), "the test's buffer must be released exactly once");
    }

    private static byte[] filled(int length, int value) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) value);
        return b;
    }

    private static DhcpMessage.Builder offer() {
        return DhcpMessage.builder().op(DhcpMessage.BOOTREPLY).xid(0x11223344)
                .hardwareAddress(io.leasehold.dhcp.lease.HardwareAddress.parse("02:00:00:00:00:09"))
                .yiaddr(Ipv4.parse("10.77.0.150"))
                .messageType(DhcpMessageType.OFFER).serverIdentifier(SERVER).leaseTime(3600);
    }

    private byte[] bytes() {
        return ByteBufUtil.getBytes(out);
    }

    // ---- layout -------------------------------------------------------------------------------------------------

    @Test
    void rebuildsKeasOfferByteForByte() {
        DhcpMessage discover = DhcpDecoder.decode(Unpooled.wrappedBuffer(
                Golden.bytes("dhclient-dora-discover-dhclient")));
        DhcpMessage offer = DhcpMessage.replyTo(discover)
                .yiaddr(Ipv4.parse("10.77.0.100"))
                .messageType(DhcpMessageType.OFFER)
                .subnetMask(Ipv4.mask(24))
                .routers(SERVER)
                .domainNameServers(SERVER, Ipv4.parse("10.77.0.53"))
                .hostName(discover.hostName())
                .domainName("golden.example.org")
                .broadcastAddress(Ipv4.parse("10.77.0.255"))
                .leaseTime(3600)
                .serverIdentifier(SERVER)
                .renewalTime(900)
                .rebindingTime(1800)
                .build();
        DhcpEncoder.DEFAULT.encode(offer, out);
        assertEquals(Golden.toHex(Golden.bytes("dhclient-dora-offer-kea")), ByteBufUtil.hexDump(out));
    }

    @Test
    void rebuildsKeasNakAndPadsItTo300ByDefault() {
        DhcpMessage request = DhcpDecoder.decode(Unpooled.wrappedBuffer(
                Golden.bytes("dhclient-nak-request-dhclient")));
        DhcpMessage nak = DhcpMessage.replyTo(request).messageType(DhcpMessageType.NAK).serverIdentifier(SERVER)
                .build();
        DhcpEncoder.DEFAULT.withMinimumLength(0).encode(nak, out);
        assertEquals(Golden.toHex(Golden.bytes("dhclient-nak-nak-kea")), ByteBufUtil.hexDump(out));
        out.clear();
        DhcpEncoder.DEFAULT.encode(nak, out);
        assertEquals(300, out.readableBytes());
        byte[] b = bytes();
        assertEquals((byte) 0xff, b[249]);
        assertArrayEquals(new byte[50], Arrays.copyOfRange(b, 250, 300));
    }

    @Test
    void longValuesAreSplitIntoInstancesOfAtMost255Bytes() {
        DhcpMessage m = DhcpMessage.builder().messageType(DhcpMessageType.DISCOVER).option(224, filled(600, 0xab))
                .build();
        DhcpEncoder.DEFAULT.withMinimumLength(0).encode(m, out);
        byte[] b = bytes();
        int at = 240 + 3;
        assertEquals(0xe0, b[at] & 0xff);
        assertEquals(255, b[at + 1] & 0xff);
        assertEquals(0xe0, b[at + 257] & 0xff);
        assertEquals(255, b[at + 258] & 0xff);
        assertEquals(0xe0, b[at + 514] & 0xff);
        assertEquals(90, b[at + 515] & 0xff);
        assertEquals(0xff, b[at + 516 + 90] & 0xff);
        assertEquals(at + 516 + 91, b.length);
        DhcpMessage back = DhcpDecoder.decode(out);
        assertEquals(m, back);
        assertArrayEquals(filled(600, 0xab), back.option(224));
    }

    @Test
    void emptyOptionIsCodeAndZeroLength() {
        DhcpMessage m = DhcpMessage.builder().messageType(DhcpMessageType.DISCOVER).option(80, new byte[0]).build();
        DhcpEncoder.DEFAULT.withMinimumLength(0).encode(m, out);
        assertEquals("350101" + "5000" + "ff", ByteBufUtil.hexDump(out, 240, out.readableBytes() - 240));
    }

    @Test
    void appendsAfterExistingBytes() {
        out.writeBytes(new byte[] {1, 2, 3});
        DhcpMessage m = offer().build();
        DhcpEncoder.DEFAULT.encode(m, out);
        assertEquals(303, out.readableBytes());
        assertEquals(m, DhcpDecoder.decode(out.skipBytes(3)));
    }

    @Test
    void allocatingEncodeHandsOverOneReference() {
        ByteBuf b = DhcpEncoder.DEFAULT.encode(offer().build(), PooledByteBufAllocator.DEFAULT);
        assertEquals(1, b.refCnt());
        assertEquals(300, b.readableBytes());
        assertTrue(b.release());
    }

    @Test
    void messageLargerThanAUdpDatagramIsRefused() {
        DhcpMessage m = offer().option(224, new byte[65000]).build();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> DhcpEncoder.DEFAULT.encode(m, out));
        assertTrue(e.getMessage().contains("exceeds the largest UDP payload"), e.getMessage());
        assertEquals(0, out.writerIndex(), "nothing written");
    }

    @Test
    void encoderSettingsAreValidated() {
        assertThrows(IllegalArgumentException.class, () -> DhcpEncoder.DEFAULT.withMinimumLength(-1));
        assertThrows(IllegalArgumentException.class, () -> DhcpEncoder.DEFAULT.withMinimumLength(70000));
        assertFalse(DhcpEncoder.DEFAULT.withOverload(false).usesOverload());
        assertEquals(300, DhcpEncoder.DEFAULT.withOverload(false).minimumLength());
    }

    // ---- maximum message size ------------------------------------------------------------------------------------

    @Test
    void replyThatFitsIsWrittenWhole() {
        DhcpMessage m = offer().build();
        DhcpEncoder.Result r = DhcpEncoder.DEFAULT.encode(m, out, 576);
        assertEquals(List.of(), r.droppedOptions());
        assertEquals(0, r.overload());
        assertEquals(300, r.length());
        assertEquals(300, out.readableBytes());
    }

    @Test
    void lowerPriorityOptionsAreDroppedRatherThanExceedingTheLimit() {
        // sname and file are in use, so there is no overload: 548 - 240 - 1 = 307 bytes for options
        DhcpMessage m = offer().serverName("tftp.example").bootFileName("pxelinux.0")
                .option(224, filled(250, 1)).option(225, filled(250, 2))
                .subnetMask(Ipv4.mask(24)).routers(SERVER).renewalTime(900).rebindingTime(1800)
                .build();
        DhcpEncoder.Result r = DhcpEncoder.DEFAULT.encode(m, out, 576);
        assertEquals(List.of(DhcpOptionCode.valueOf(225)), r.droppedOptions());
        assertEquals(0, r.overload());
        assertTrue(out.readableBytes() <= 576 - 28, "length " + out.readableBytes());
        assertEquals(r.length(), out.readableBytes());
        DhcpMessage back = DhcpDecoder.decode(out);
        assertArrayEquals(new int[] {53, 54, 51, 224, 1, 3, 58, 59}, back.optionCodes());
        assertEquals("tftp.example", back.serverName());
        assertEquals("pxelinux.0", back.bootFileName());
        assertEquals(m.toBuilder().removeOption(225).build(), back);
    }

    @Test
    void requiredOptionsWinOverEarlierOptionalOnes() {
        DhcpMessage m = DhcpMessage.builder().op(DhcpMessage.BOOTREPLY).serverName("x")
                .option(224, filled(255, 1)).option(225, filled(255, 2)).domainName("d".repeat(200))
                .messageType(DhcpMessageType.ACK).serverIdentifier(SERVER).leaseTime(60)
                .option(61, new byte[] {1, 2, 3}).routers(SERVER)
                .build();
        DhcpEncoder.Result r = DhcpEncoder.DEFAULT.encode(m, out, 0);
        // 304 bytes: 53, 54, 51, 61 (20) + routers (6) + domain name (202) = 228; 224 and 225 (257 bytes each)
        // fit neither the rest nor the free file field (127), and options up to 255 bytes are never split
        assertEquals(List.of(DhcpOptionCode.valueOf(224), DhcpOptionCode.valueOf(225)), r.droppedOptions());
        DhcpMessage back = DhcpDecoder.decode(out);
        assertArrayEquals(new int[] {15, 53, 54, 51, 61, 3}, back.optionCodes());
    }

    @Test
    void limitBelow576IsRaisedTo576AndHigherLimitsAreHonoured() {
        DhcpMessage m = offer().option(224, filled(250, 1)).option(225, filled(250, 2)).build();
        DhcpEncoder noOverload = DhcpEncoder.DEFAULT.withOverload(false);
        DhcpEncoder.Result small = noOverload.encode(m, out, 300);
        assertEquals(List.of(DhcpOptionCode.valueOf(225)), small.droppedOptions());
        out.clear();
        DhcpEncoder.Result large = noOverload.encode(m, out, 1500);
        assertEquals(List.of(), large.droppedOptions());
        assertEquals(m, DhcpDecoder.decode(out));
        assertTrue(out.readableBytes() <= 1500 - 28);
    }

    @Test
    void overloadCarriesOptionsInFileWhenTheOptionsFieldIsFull() {
        DhcpMessage m = offer().option(224, filled(120, 1)).option(225, filled(120, 2)).option(226, filled(120, 3))
                .build();
        DhcpEncoder.Result r = DhcpEncoder.DEFAULT.encode(m, out, 576);
        assertEquals(List.of(), r.droppedOptions());
        assertEquals(1, r.overload());
        assertTrue(out.readableBytes() <= 548);
        byte[] b = bytes();
        assertEquals("340101", Golden.toHex(Arrays.copyOfRange(b, 240, 243)), "option 52 first in the options field");
        assertEquals(0xe2, b[108] & 0xff, "option 226 at the start of file");
        DhcpMessage back = DhcpDecoder.decode(out);
        assertEquals(1, back.overload());
        assertEquals(m, back);
        assertEquals("", back.bootFileName());
    }

    @Test
    void overloadUsesSnameAfterFile() {
        DhcpMessage m = offer().option(224, filled(120, 1)).option(225, filled(120, 2)).option(226, filled(120, 3))
                .option(227, filled(60, 4)).build();
        DhcpEncoder.Result r = DhcpEncoder.DEFAULT.encode(m, out, 576);
        assertEquals(List.of(), r.droppedOptions());
        assertEquals(3, r.overload());
        assertEquals(0xe3, bytes()[44] & 0xff, "option 227 at the start of sname");
        assertEquals(m, DhcpDecoder.decode(out));
    }

    @Test
    void overloadLeavesAFieldInUseAlone() {
        DhcpMessage m = offer().bootFileName("pxelinux.0").option(224, filled(120, 1)).option(225, filled(120, 2))
                .option(226, filled(50, 3)).build();
        DhcpEncoder.Result r = DhcpEncoder.DEFAULT.encode(m, out, 576);
        assertEquals(2, r.overload());
        DhcpMessage back = DhcpDecoder.decode(out);
        assertEquals("pxelinux.0", back.bootFileName());
        assertEquals(m, back);
    }

    @Test
    void withoutOverloadOptionsAreDroppedInstead() {
        DhcpMessage m = offer().option(224, filled(120, 1)).option(225, filled(120, 2)).option(226, filled(120, 3))
                .build();
        DhcpEncoder.Result r = DhcpEncoder.DEFAULT.withOverload(false).encode(m, out, 576);
        assertEquals(List.of(DhcpOptionCode.valueOf(226)), r.droppedOptions());
        assertEquals(0, r.overload());
        DhcpMessage back = DhcpDecoder.decode(out);
        assertEquals(0, back.overload());
        assertNull(back.option(226));
    }

    @Test
    void longOptionMaySpanTheOptionsFieldAndFile() {
        DhcpMessage m = DhcpMessage.builder().messageType(DhcpMessageType.ACK).option(224, filled(400, 7)).build();
        DhcpEncoder.Result r = DhcpEncoder.DEFAULT.encode(m, out, 576);
        assertEquals(List.of(), r.droppedOptions());
        assertEquals(1, r.overload());
        assertTrue(out.readableBytes() <= 548);
        DhcpMessage back = DhcpDecoder.decode(out);
        assertArrayEquals(filled(400, 7), back.option(224));
        assertEquals(m, back);
    }

    @Test
    void decodedOverloadedMessageReencodesWithinTheLimit() {
        byte[] p = Packets.withOptions("350105" + "340103" + "0c0161" + "ff");
        Packets.put(p, 108, "0c0162ff");
        Packets.put(p, 44, "0f03636f6dff");
        DhcpMessage m = DhcpDecoder.decode(Unpooled.wrappedBuffer(p));
        DhcpEncoder.Result r = DhcpEncoder.DEFAULT.encode(m, out, 576);
        assertEquals(0, r.overload(), "everything fits the options field now");
        DhcpMessage back = DhcpDecoder.decode(out);
        assertEquals(m, back);
        assertEquals("ab", back.hostName());
        assertEquals(0, back.overload());
    }
}
