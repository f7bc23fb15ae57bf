package io.leasehold.dhcp.codec;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.PooledByteBufAllocator;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** decode → encode → decode over every golden packet. */
class RoundTripTest {
    static Iterable<String> golden() {
        return Golden.ALL;
    }

    @ParameterizedTest
    @MethodSource("golden")
    void reencodesByteIdentical(String name) {
        byte[] raw = Golden.bytes(name);
        DhcpMessage m = DhcpDecoder.decode(Unpooled.wrappedBuffer(raw));
        // Real clients and Kea pad to 300 bytes or not at all; pick the matching encoder.
        DhcpEncoder encoder = raw.length < DhcpEncoder.BOOTP_MINIMUM_LENGTH
                ? DhcpEncoder.DEFAULT.withMinimumLength(0) : DhcpEncoder.DEFAULT;
        ByteBuf out = encoder.encode(m, PooledByteBufAllocator.DEFAULT);
        try {
            assertEquals(Golden.toHex(raw), ByteBufUtil.hexDump(out));
            assertEquals(raw.length, encoder.encodedLength(m));
        } finally {
            assertTrue(out.release());
        }
    }

    @ParameterizedTest
    @MethodSource("golden")
    void decodeEncodeDecodeIsEqual(String name) {
        DhcpMessage first = DhcpDecoder.decode(Unpooled.wrappedBuffer(Golden.bytes(name)));
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer();
        try {
            DhcpEncoder.Result r = DhcpEncoder.DEFAULT.encode(first, out, 576);
            assertTrue(r.droppedOptions().isEmpty(), r.toString());
            assertTrue(r.length() <= 576 - 28);
            DhcpMessage second = DhcpDecoder.decode(out);
            assertEquals(first, second);
            assertEquals(first.hashCode(), second.hashCode());
            assertEquals(first.options(), second.options());
        } finally {
            assertTrue(out.release());
        }
    }

    @ParameterizedTest
    @MethodSource("golden")
    void toBuilderRebuildsAnEqualMessage(String name) {
        DhcpMessage m = DhcpDecoder.decode(Unpooled.wrappedBuffer(Golden.bytes(name)));
        DhcpMessage copy = m.toBuilder().build();
        assertEquals(m, copy);
        assertArrayEquals(m.chaddr(), copy.chaddr());
        assertEquals(m.toString(), copy.toString());
    }
}
