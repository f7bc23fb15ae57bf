package io.leasehold.dhcp.codec;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.UnpooledByteBufAllocator;

final class ByteBufs {
    private ByteBufs() {
    }

    /** Encodes with the default encoder and returns the bytes, releasing the buffer. */
    static byte[] encode(DhcpMessage m) {
        ByteBuf b = DhcpEncoder.DEFAULT.encode(m, UnpooledByteBufAllocator.DEFAULT);
        try {
            return ByteBufUtil.getBytes(b);
        } finally {
            b.release();
        }
    }
}
