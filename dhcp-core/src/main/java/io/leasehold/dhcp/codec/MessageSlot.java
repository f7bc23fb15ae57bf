package io.leasehold.dhcp.codec;

import io.netty.buffer.ByteBuf;

/**
 * One {@link DhcpMessage} whose storage is used again and again: each {@link #decode} or {@link #build} overwrites
 * the message the previous one answered (the same object), so that a thread handling one packet after another
 * allocates no message, no array for its bytes and no option table per packet. For a caller that is done with each
 * message before it makes the next, e.g. decode, process, encode on one thread; a message to be kept longer is
 * {@link DhcpMessage#owned() copied out} first. Not thread-safe: one slot per thread.
 *
 * <p>The slot keeps its own arrays (grown to the largest packet seen, up to the 64-KiB datagram limit) and hands
 * them to its message; a packet that needs the decoder's slow path (overloaded or repeated options) gets arrays of
 * its own.
 */
public final class MessageSlot {
    private final DhcpMessage message = DhcpMessage.forSlot();
    private byte[] bytes = new byte[DhcpEncoder.MIN_MAX_MESSAGE_SIZE];
    private int[] rows = new int[3 * 32];

    /**
     * Decodes the readable bytes of {@code in} into this slot, as {@link DhcpDecoder#decode(ByteBuf)} does into a new
     * message. Neither changes the buffer's indexes nor releases it.
     *
     * @throws DhcpDecodeException when the bytes are not a usable message
     */
    public DhcpMessage decode(ByteBuf in) {
        int n = in.readableBytes();
        byte[] d = bytes(n);
        in.getBytes(in.readerIndex(), d, 0, n);
        return DhcpDecoder.decodeIn(d, n, this);
    }

    /**
     * Decodes {@code length} bytes of {@code packet} from {@code offset} into this slot (the bytes are copied), as
     * {@link DhcpDecoder#decode(byte[], int, int)} does into a new message.
     *
     * @throws DhcpDecodeException when the bytes are not a usable message
     */
    public DhcpMessage decode(byte[] packet, int offset, int length) {
        if (offset < 0 || length < 0 || offset > packet.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + packet.length);
        }
        byte[] d = bytes(length);
        System.arraycopy(packet, offset, d, 0, length);
        return DhcpDecoder.decodeIn(d, length, this);
    }

    /** {@code builder}'s message in this slot, as {@link DhcpMessage.Builder#build()} makes it in a new one. */
    public DhcpMessage build(DhcpMessage.Builder builder) {
        return builder.buildInto(this);
    }

    /** The slot's byte array, grown (without keeping its contents) to hold at least {@code n} bytes. */
    byte[] bytes(int n) {
        if (bytes.length < n) {
            bytes = new byte[Math.max(n, 2 * bytes.length)];
        }
        return bytes;
    }

    /** The slot's row array, grown (without keeping its contents) to hold at least {@code n} ints. */
    int[] rows(int n) {
        if (rows.length < n) {
            rows = new int[Math.max(n, 2 * rows.length)];
        }
        return rows;
    }

    /** Gives the slot's message these contents and answers it. */
    DhcpMessage hold(byte[] data, int extent, int[] table, int count) {
        message.reuse(data, extent, table, count);
        return message;
    }

    @Override
    public String toString() {
        return "MessageSlot{" + message + ", " + bytes.length + " bytes, " + rows.length / 3 + " rows}";
    }
}
