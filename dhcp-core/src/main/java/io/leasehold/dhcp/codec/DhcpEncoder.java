package io.leasehold.dhcp.codec;

import static io.leasehold.dhcp.codec.DhcpMessage.FILE_LENGTH;
import static io.leasehold.dhcp.codec.DhcpMessage.HEADER_LENGTH;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_FILE;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_SNAME;
import static io.leasehold.dhcp.codec.DhcpMessage.SNAME_LENGTH;

import io.leasehold.dhcp.codec.internal.Bytes;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Encodes {@link DhcpMessage}s. Immutable and thread-safe; {@link #DEFAULT} suits a server.
 *
 * <p>Layout: the 236-byte header, the magic cookie, the options in message order, an end option, then zero padding
 * up to {@link #minimumLength()} ({@value #BOOTP_MINIMUM_LENGTH} bytes by default: the BOOTP minimum that relays and
 * old clients expect, which ISC dhcpd also pads to; Kea does not pad). An option value longer than 255 bytes is
 * written as consecutive instances of at most 255 bytes (RFC 3396). Option 52 in the message is ignored.
 *
 * <h2>Size limit</h2>
 * {@link #encode(DhcpMessage, ByteBuf, int)} takes the client's maximum message size (option 57; RFC 2131 says assume
 * 576 without it). Like option 57 and ISC dhcpd, the limit counts the IP and UDP headers (28 bytes), so the BOOTP
 * message gets at most {@code max - 28} bytes; values below 576 are raised to 576, above 65535 lowered to 65535. When
 * the options do not fit the options field:
 * <ol>
 *   <li>if overload is enabled ({@link #withOverload(boolean)}, default on) and {@code file} and/or {@code sname} are
 *       empty in the message, options spill into them (option 52 says which; RFC 2131 §4.1, RFC 2132 §9.3);</li>
 *   <li>options are kept by priority: 53 message type; then 54 server id, 51 lease time, 58 T1, 59 T2, 1 subnet
 *       mask, 61 client id, 82 relay agent information, 118 subnet selection; then 3 routers, 6 DNS servers,
 *       15 domain name, 12 host name, 81 client FQDN, 28 broadcast address, 56 message; then all others; within a rank
 *       in message order. Each is kept if the kept options still fit, else dropped and listed in the
 *       {@link Result};</li>
 *   <li>the kept options are written in message order, filling the options field, then {@code file}, then
 *       {@code sname}, so a decoder sees them in the same order. An option of up to 255 bytes is never split across
 *       fields; a longer one may be (RFC 3396 concatenation order). The message is never longer than the limit.</li>
 * </ol>
 */
public final class DhcpEncoder {
    /** The BOOTP message size (RFC 951: 300 bytes with a 64-byte vendor area) replies are padded to by default. */
    public static final int BOOTP_MINIMUM_LENGTH = 300;
    /** The smallest maximum message size a client may announce (RFC 2132 §9.10), and the default without one. */
    public static final int MIN_MAX_MESSAGE_SIZE = 576;
    /** IPv4 and UDP header bytes that the maximum message size includes. */
    public static final int IP_UDP_HEADER_LENGTH = 28;
    /** The largest UDP payload over IPv4. */
    public static final int MAX_UDP_PAYLOAD = 65535 - IP_UDP_HEADER_LENGTH;

    /** Pads to 300 bytes and uses overload when a size limit needs it. */
    public static final DhcpEncoder DEFAULT = new DhcpEncoder(BOOTP_MINIMUM_LENGTH, true);

    private static final int OVERLOAD = 52;
    private static final int END = 255;

    private final int minimumLength;
    private final boolean overload;

    private DhcpEncoder(int minimumLength, boolean overload) {
        this.minimumLength = minimumLength;
        this.overload = overload;
    }

    /**
     * An encoder padding messages with zeros to {@code bytes} (0 = no padding; never past a size limit).
     *
     * @throws IllegalArgumentException when {@code bytes} is not 0..{@value #MAX_UDP_PAYLOAD}
     */
    public DhcpEncoder withMinimumLength(int bytes) {
        if (bytes < 0 || bytes > MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException("minimumLength out of range 0.." + MAX_UDP_PAYLOAD + ": " + bytes);
        }
        return new DhcpEncoder(bytes, overload);
    }

    /** An encoder that may ({@code true}) or may not use {@code sname}/{@code file} for options to meet a limit. */
    public DhcpEncoder withOverload(boolean useOverload) {
        return new DhcpEncoder(minimumLength, useOverload);
    }

    /** Bytes messages are zero-padded to. */
    public int minimumLength() {
        return minimumLength;
    }

    /** Whether {@code sname}/{@code file} may carry options when a size limit needs the room. */
    public boolean usesOverload() {
        return overload;
    }

    /** The length {@link #encode(DhcpMessage, ByteBuf)} writes, padding included. */
    public int encodedLength(DhcpMessage message) {
        return Math.max(contentLength(message), minimumLength);
    }

    /**
     * Encodes without a size limit into a new buffer from {@code alloc}, which the caller must release.
     *
     * @throws IllegalArgumentException when the message is longer than a UDP datagram can carry
     */
    public ByteBuf encode(DhcpMessage message, ByteBufAllocator alloc) {
        int length = checkedLength(message);
        ByteBuf out = alloc.buffer(length, length);
        try {
            write(message, out, length);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        }
    }

    /**
     * Encodes without a size limit, appending to {@code out}.
     *
     * @throws IllegalArgumentException when the message is longer than a UDP datagram can carry
     */
    public void encode(DhcpMessage message, ByteBuf out) {
        int length = checkedLength(message);
        out.ensureWritable(length);
        write(message, out, length);
    }

    /**
     * Encodes a reply for a client that accepts at most {@code maxMessageSize} bytes of IP datagram, appending to
     * {@code out}; see the class documentation for what happens when the options do not fit.
     *
     * @param maxMessageSize the query's option 57, or {@value #MIN_MAX_MESSAGE_SIZE} when it had none
     * @return how many bytes were written, which options were dropped and whether overload was used
     */
    public Result encode(DhcpMessage message, ByteBuf out, int maxMessageSize) {
        int limit = Math.min(Math.max(maxMessageSize, MIN_MAX_MESSAGE_SIZE), 65535) - IP_UDP_HEADER_LENGTH;
        int content = contentLength(message);
        if (content <= limit) {
            int length = Math.max(content, Math.min(minimumLength, limit));
            out.ensureWritable(length);
            write(message, out, length);
            return new Result(length, Collections.emptyList(), 0);
        }
        return pack(message, out, limit);
    }

    // ---- unlimited ----------------------------------------------------------------------------------------------

    private int checkedLength(DhcpMessage message) {
        int length = encodedLength(message);
        if (length > MAX_UDP_PAYLOAD) {
            throw new IllegalArgumentException("message of " + length + " bytes exceeds the largest UDP payload, "
                    + MAX_UDP_PAYLOAD);
        }
        return length;
    }

    /** Header, cookie, options and end, without padding. */
    private static int contentLength(DhcpMessage m) {
        int length = DhcpDecoder.OPTIONS_START + 1;
        for (int i = 0, n = m.optionCount(); i < n; i++) {
            if (m.code(i) != OVERLOAD) {
                length += encodedOptionLength(m.valueLength(i));
            }
        }
        return length;
    }

    /** Bytes an option value takes on the wire, split into instances of at most 255 bytes. */
    private static int encodedOptionLength(int valueLength) {
        return valueLength == 0 ? 2 : valueLength + 2 * ((valueLength + 254) / 255);
    }

    private static void write(DhcpMessage m, ByteBuf out, int length) {
        int start = out.writerIndex();
        byte[] d = m.data();
        out.writeBytes(d, 0, HEADER_LENGTH);
        out.writeInt(DhcpDecoder.MAGIC_COOKIE);
        for (int i = 0, n = m.optionCount(); i < n; i++) {
            int code = m.code(i);
            if (code != OVERLOAD) {
                writeOption(out, code, d, m.valueOffset(i), m.valueLength(i));
            }
        }
        out.writeByte(END);
        out.writeZero(length - (out.writerIndex() - start));
    }

    private static void writeOption(ByteBuf out, int code, byte[] d, int off, int len) {
        do {
            int chunk = Math.min(len, 255);
            out.writeShort(code << 8 | chunk);
            out.writeBytes(d, off, chunk);
            off += chunk;
            len -= chunk;
        } while (len > 0);
    }

    /** Writes option instances into a header field; returns the new position. */
    private static int writeOption(byte[] dst, int pos, int code, byte[] d, int off, int len) {
        do {
            int chunk = Math.min(len, 255);
            dst[pos] = (byte) code;
            dst[pos + 1] = (byte) chunk;
            System.arraycopy(d, off, dst, pos + 2, chunk);
            pos += 2 + chunk;
            off += chunk;
            len -= chunk;
        } while (len > 0);
        return pos;
    }

    // ---- limited ------------------------------------------------------------------------------------------------

    /** Priority of an option under a size limit: lower is kept first. */
    private static int rank(int code) {
        switch (code) {
            case 53:
                return 0;
            case 54, 51, 58, 59, 1, 61, 82, 118:
                return 1;
            case 3, 6, 15, 12, 81, 28, 56:
                return 2;
            default:
                return 3;
        }
    }

    /** The most value bytes that fit in {@code free} bytes of an area as instances of at most 255 bytes. */
    private static int valueCapacity(int free) {
        int rest = free % 257;
        return free / 257 * 255 + Math.max(0, rest - 2);
    }

    private Result pack(DhcpMessage m, ByteBuf out, int limit) {
        byte[] d = m.data();
        boolean fileFree = overload && Bytes.isZero(d, OFF_FILE, FILE_LENGTH);
        boolean snameFree = overload && Bytes.isZero(d, OFF_SNAME, SNAME_LENGTH);
        // Free bytes per area: options field, file, sname; each keeps one byte for its end option, the options
        // field three more for option 52 when another area may be used.
        int[] free = {
            limit - DhcpDecoder.OPTIONS_START - 1 - (fileFree || snameFree ? 3 : 0),
            fileFree ? FILE_LENGTH - 1 : 0,
            snameFree ? SNAME_LENGTH - 1 : 0,
        };
        int n = m.optionCount();
        boolean[] kept = new boolean[n];
        boolean[] dropped = new boolean[n];
        for (int rank = 0; rank < 4; rank++) {
            for (int i = 0; i < n; i++) {
                int code = m.code(i);
                if (code != OVERLOAD && rank(code) == rank) {
                    kept[i] = true;
                    if (!layout(m, kept, free, null)) {
                        kept[i] = false;
                        dropped[i] = true;
                    }
                }
            }
        }
        int[] piece = new int[3 * n]; // value bytes of option i in area a, -1 when none
        Arrays.fill(piece, -1);
        layout(m, kept, free, piece);
        int overloadValue = (piece(piece, n, 1) ? 1 : 0) | (piece(piece, n, 2) ? 2 : 0);

        byte[] header = d;
        if (overloadValue != 0) {
            header = Arrays.copyOf(d, HEADER_LENGTH);
            int filePos = OFF_FILE;
            int snamePos = OFF_SNAME;
            for (int i = 0; i < n; i++) {
                int off = m.valueOffset(i) + Math.max(piece[3 * i], 0);
                if (piece[3 * i + 1] >= 0) {
                    filePos = writeOption(header, filePos, m.code(i), d, off, piece[3 * i + 1]);
                    off += piece[3 * i + 1];
                }
                if (piece[3 * i + 2] >= 0) {
                    snamePos = writeOption(header, snamePos, m.code(i), d, off, piece[3 * i + 2]);
                }
            }
            if ((overloadValue & 1) != 0) {
                header[filePos] = (byte) END;
            }
            if ((overloadValue & 2) != 0) {
                header[snamePos] = (byte) END;
            }
        }

        out.ensureWritable(limit);
        int start = out.writerIndex();
        out.writeBytes(header, 0, HEADER_LENGTH);
        out.writeInt(DhcpDecoder.MAGIC_COOKIE);
        if (overloadValue != 0) {
            out.writeByte(OVERLOAD);
            out.writeByte(1);
            out.writeByte(overloadValue);
        }
        List<DhcpOptionCode> droppedCodes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (piece[3 * i] >= 0) {
                writeOption(out, m.code(i), d, m.valueOffset(i), piece[3 * i]);
            }
            if (dropped[i]) {
                droppedCodes.add(DhcpOptionCode.valueOf(m.code(i)));
            }
        }
        out.writeByte(END);
        int written = out.writerIndex() - start;
        int length = Math.max(written, Math.min(minimumLength, limit));
        out.writeZero(length - written);
        return new Result(length, Collections.unmodifiableList(droppedCodes), overloadValue);
    }

    private static boolean piece(int[] piece, int n, int area) {
        for (int i = 0; i < n; i++) {
            if (piece[3 * i + area] >= 0) {
                return true;
            }
        }
        return false;
    }

    /**
     * Lays the kept options out in message order: each goes whole into the current area if it fits, else (up to 255
     * bytes) whole into the next area with room, or (longer) spreads from the current area on. Areas are never
     * revisited, so decoding (options, file, sname) yields the options in message order again.
     *
     * @param piece filled with the value bytes of option i in area a (-1 for none), or {@code null} to only test
     * @return whether everything kept fits
     */
    private static boolean layout(DhcpMessage m, boolean[] kept, int[] capacity, int[] piece) {
        int[] free = capacity.clone();
        int a = 0;
        for (int i = 0, n = m.optionCount(); i < n; i++) {
            if (!kept[i]) {
                continue;
            }
            int len = m.valueLength(i);
            int need = encodedOptionLength(len);
            if (len > 255 && free[a] < need) {
                int rest = len;
                for (; a < 3; a++) {
                    int take = Math.min(rest, valueCapacity(free[a]));
                    if (take > 0) {
                        free[a] -= encodedOptionLength(take);
                        rest -= take;
                        if (piece != null) {
                            piece[3 * i + a] = take;
                        }
                    }
                    if (rest == 0) {
                        break;
                    }
                }
                if (rest > 0) {
                    return false;
                }
                continue;
            }
            while (a < 3 && free[a] < need) {
                a++;
            }
            if (a == 3) {
                return false;
            }
            free[a] -= need;
            if (piece != null) {
                piece[3 * i + a] = len;
            }
        }
        return true;
    }

    /** What a size-limited encode did. */
    public static final class Result {
        private final int length;
        private final List<DhcpOptionCode> dropped;
        private final int overload;

        Result(int length, List<DhcpOptionCode> dropped, int overload) {
            this.length = length;
            this.dropped = dropped;
            this.overload = overload;
        }

        /** Bytes written. */
        public int length() {
            return length;
        }

        /** Options left out because they did not fit, in message order; empty when everything fit. */
        public List<DhcpOptionCode> droppedOptions() {
            return dropped;
        }

        /** The option 52 value written: 0 (none), 1 (file), 2 (sname) or 3 (both). */
        public int overload() {
            return overload;
        }

        @Override
        public String toString() {
            return "Result{length=" + length + ", dropped=" + dropped + ", overload=" + overload + "}";
        }
    }
}
