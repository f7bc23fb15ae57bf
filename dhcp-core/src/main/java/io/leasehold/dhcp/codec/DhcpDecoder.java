package io.leasehold.dhcp.codec;

import static io.leasehold.dhcp.codec.DhcpMessage.FILE_LENGTH;
import static io.leasehold.dhcp.codec.DhcpMessage.HEADER_LENGTH;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_FILE;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_HLEN;
import static io.leasehold.dhcp.codec.DhcpMessage.OFF_SNAME;
import static io.leasehold.dhcp.codec.DhcpMessage.SNAME_LENGTH;

import io.leasehold.dhcp.codec.internal.Bytes;
import io.leasehold.dhcp.codec.internal.OptionFormats;
import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/**
 * Decodes BOOTP/DHCPv4 messages. Stateless and thread-safe. Each call copies the packet once into the message it
 * returns and then reads only that copy, so it never reads outside the packet and does work linear in its length.
 *
 * <p>The only exception is {@link DhcpDecodeException}, with the byte offset of the problem. What is accepted and
 * what is rejected:
 * <table>
 *   <caption>Decoding rules</caption>
 *   <tr><th>input</th><th>result</th></tr>
 *   <tr><td>fewer than 236 bytes (truncated fixed header)</td><td>rejected (offset = the length)</td></tr>
 *   <tr><td>{@code hlen} greater than 16</td><td>rejected (offset 2): {@code chaddr} cannot hold it</td></tr>
 *   <tr><td>no magic cookie (exactly 236..239 bytes, or bytes 236..239 are not 99.130.83.99)</td>
 *       <td>accepted as BOOTP without options; the vendor area is ignored</td></tr>
 *   <tr><td>cookie but no option 53</td><td>accepted as BOOTP ({@link DhcpMessage#isBootp()})</td></tr>
 *   <tr><td>pad (0) bytes between options</td><td>skipped</td></tr>
 *   <tr><td>no end (255) option: options run to the end of the packet or field</td><td>accepted, as Kea does</td></tr>
 *   <tr><td>bytes after the end option</td><td>ignored (padding)</td></tr>
 *   <tr><td>an option code with no length byte, or whose length runs past the end of its area (packet,
 *       {@code file} or {@code sname})</td><td>rejected (offset of the option's code byte): its value is lost, and
 *       guessing would misread what follows</td></tr>
 *   <tr><td>several instances of one code</td><td>concatenated in order options, {@code file}, {@code sname} into one
 *       option at the first instance's position (RFC 3396)</td></tr>
 *   <tr><td>option 52 with value 1, 2 or 3</td><td>{@code file}, {@code sname} or both are read as further options
 *       (in that order) and then read as empty fields</td></tr>
 *   <tr><td>option 52 malformed (not 1 byte of 1..3), repeated, or inside {@code sname}/{@code file}
 *       (looping overload)</td><td>rejected: which fields hold options is then unknowable</td></tr>
 *   <tr><td>an option the server reads that breaks its format (table below)</td><td>rejected (offset of the first
 *       instance), as Kea's unpack rejects it</td></tr>
 *   <tr><td>unknown option codes, unknown message types, unknown {@code op} or {@code htype}</td>
 *       <td>accepted and kept</td></tr>
 * </table>
 * Offsets count from the first readable byte of the buffer (the start of the BOOTP message).
 *
 * <p>Formats checked (on the concatenated value); every other option is opaque bytes of any length:
 * <table>
 *   <caption>Option formats</caption>
 *   <tr><th>codes</th><th>rule</th></tr>
 *   <tr><td>1, 28, 50, 54, 118 (addresses); 51, 58, 59 (seconds)</td><td>exactly 4 bytes</td></tr>
 *   <tr><td>3, 6 (address lists)</td><td>a non-zero multiple of 4 bytes</td></tr>
 *   <tr><td>52 (overload)</td><td>1 byte, 1..3</td></tr>
 *   <tr><td>53 (message type)</td><td>1 byte</td></tr>
 *   <tr><td>57 (max message size)</td><td>2 bytes</td></tr>
 *   <tr><td>61 (client identifier)</td><td>2..255 bytes: type byte plus at least one (RFC 2132 §9.14)</td></tr>
 *   <tr><td>81 (client FQDN)</td><td>flags, RCODE1, RCODE2, then a name; with flag E a wire-format name without
 *       compression (RFC 4702)</td></tr>
 *   <tr><td>82 (relay agent information)</td><td>sub-options ending exactly at the end of the option;
 *       link-selection (5) and server-id-override (11) exactly 4 bytes (RFC 3046, 3527, 5107)</td></tr>
 * </table>
 * Text options (12, 15, 56, 60) may be empty; they read as UTF-8 without trailing NULs.
 */
public final class DhcpDecoder {
    /** 99.130.83.99 (RFC 2131 §3). */
    static final int MAGIC_COOKIE = 0x63825363;
    static final int OPTIONS_START = HEADER_LENGTH + 4;

    private static final int AREA_OPTIONS = 0;
    private static final int AREA_FILE = 1;
    private static final int AREA_SNAME = 2;
    private static final String[] AREA_NAMES = {"the packet", "the file field", "the sname field"};

    private DhcpDecoder() {
    }

    /**
     * Decodes the readable bytes of {@code in} as one message. Neither changes the buffer's indexes nor releases it.
     *
     * @throws DhcpDecodeException when the bytes are not a usable message (see the class documentation)
     */
    public static DhcpMessage decode(ByteBuf in) {
        int n = in.readableBytes();
        if (n < HEADER_LENGTH) {
            throw truncated(n);
        }
        byte[] data = new byte[n];
        in.getBytes(in.readerIndex(), data);
        return decodeOwned(data);
    }

    /**
     * Decodes {@code length} bytes of {@code packet} from {@code offset} as one message; the array is copied.
     *
     * @throws DhcpDecodeException when the bytes are not a usable message (see the class documentation)
     */
    public static DhcpMessage decode(byte[] packet, int offset, int length) {
        if (offset < 0 || length < 0 || offset > packet.length - length) {
            throw new IndexOutOfBoundsException("offset " + offset + ", length " + length + ", array " + packet.length);
        }
        if (length < HEADER_LENGTH) {
            throw truncated(length);
        }
        return decodeOwned(Arrays.copyOfRange(packet, offset, offset + length));
    }

    private static DhcpDecodeException truncated(int n) {
        return new DhcpDecodeException("truncated BOOTP header: " + n + " bytes, the fixed header needs "
                + HEADER_LENGTH, n);
    }

    private static DhcpMessage decodeOwned(byte[] d) {
        return decodeIn(d, d.length, null);
    }

    /**
     * Decodes the first {@code n} bytes of {@code d}, which the message will keep: into {@code slot}'s message and
     * its row array when a slot is given, else into a new message with an exactly sized copy of the rows.
     */
    static DhcpMessage decodeIn(byte[] d, int n, MessageSlot slot) {
        if (n < HEADER_LENGTH) {
            throw truncated(n);
        }
        int hlen = d[OFF_HLEN] & 0xff;
        if (hlen > DhcpMessage.CHADDR_LENGTH) {
            throw new DhcpDecodeException("hlen " + hlen + " exceeds the 16-byte chaddr field", OFF_HLEN);
        }
        if (n < OPTIONS_START || Bytes.getInt(d, HEADER_LENGTH) != MAGIC_COOKIE) {
            if (slot == null) {
                return DhcpMessage.withoutOptions(n == d.length ? d : Arrays.copyOf(d, n));
            }
            return slot.hold(d, n, OptionTable.NO_OPTIONS, 0);
        }
        Scan scan = SCANS.get();
        scan.reset();
        scan.area(d, OPTIONS_START, n, AREA_OPTIONS);
        int overload = overload(d, scan);
        if ((overload & 1) != 0) {
            scan.area(d, OFF_FILE, OFF_FILE + FILE_LENGTH, AREA_FILE);
        }
        if ((overload & 2) != 0) {
            scan.area(d, OFF_SNAME, OFF_SNAME + SNAME_LENGTH, AREA_SNAME);
        }
        if (overload == 0 && !scan.repeated) {
            // The common case: option values stay where they are in the packet copy.
            for (int i = 0; i < scan.count; i++) {
                validate(scan.table[3 * i], d, scan.table[3 * i + 1], scan.table[3 * i + 2], scan.table[3 * i + 1] - 2);
            }
            if (slot == null) {
                return new DhcpMessage(d, Arrays.copyOf(scan.table, 3 * scan.count), scan.count);
            }
            int[] rows = slot.rows(3 * scan.count);
            System.arraycopy(scan.table, 0, rows, 0, 3 * scan.count);
            return slot.hold(d, n, rows, scan.count);
        }
        DhcpMessage rebuilt = rebuild(d, n, scan, overload);
        // Rare (overloaded or repeated options): the slot's message takes the rebuilt arrays as they are.
        return slot == null ? rebuilt : slot.hold(rebuilt.data, rebuilt.extent, rebuilt.table, rebuilt.count);
    }

    /** Finds and checks option 52 among the instances of the options field; returns 0..3. */
    private static int overload(byte[] d, Scan scan) {
        int found = -1;
        for (int i = 0; i < scan.count; i++) {
            if (scan.table[3 * i] == 52) {
                if (found >= 0) {
                    throw new DhcpDecodeException("option 52 (dhcp-option-overload) repeated",
                            scan.table[3 * i + 1] - 2);
                }
                found = i;
            }
        }
        if (found < 0) {
            return 0;
        }
        int off = scan.table[3 * found + 1];
        validate(52, d, off, scan.table[3 * found + 2], off - 2);
        return d[off] & 0xff;
    }

    private static void validate(int code, byte[] d, int off, int len, int wireOffset) {
        String problem = OptionFormats.check(code, d, off, len);
        if (problem != null) {
            throw new DhcpDecodeException("option " + DhcpOptionCode.valueOf(code) + ": " + problem, wireOffset);
        }
    }

    /**
     * The slow path, for overloaded or repeated options: gives every option one contiguous value (concatenating
     * repeated codes in order) after the packet bytes, and clears the overloaded header fields.
     */
    private static DhcpMessage rebuild(byte[] d, int n, Scan scan, int overload) {
        int[] total = new int[256];
        int[] first = new int[256];
        Arrays.fill(first, -1);
        int distinct = 0;
        int extra = 0;
        for (int i = 0; i < scan.count; i++) {
            int code = scan.table[3 * i];
            if (first[code] < 0) {
                first[code] = i;
                distinct++;
            }
            total[code] += scan.table[3 * i + 2];
            extra += scan.table[3 * i + 2];
        }
        byte[] out = Arrays.copyOf(d, n + extra);
        int[] table = new int[3 * distinct];
        int[] cursor = new int[256];
        int pos = n;
        int k = 0;
        for (int i = 0; i < scan.count; i++) {
            int code = scan.table[3 * i];
            if (first[code] == i) {
                table[3 * k] = code;
                table[3 * k + 1] = pos;
                table[3 * k + 2] = total[code];
                cursor[code] = pos;
                pos += total[code];
                k++;
            }
        }
        for (int i = 0; i < scan.count; i++) {
            int code = scan.table[3 * i];
            int len = scan.table[3 * i + 2];
            System.arraycopy(d, scan.table[3 * i + 1], out, cursor[code], len);
            cursor[code] += len;
        }
        for (int j = 0; j < distinct; j++) {
            int code = table[3 * j];
            validate(code, out, table[3 * j + 1], table[3 * j + 2], scan.table[3 * first[code] + 1] - 2);
        }
        if ((overload & 1) != 0) {
            Arrays.fill(out, OFF_FILE, OFF_FILE + FILE_LENGTH, (byte) 0);
        }
        if ((overload & 2) != 0) {
            Arrays.fill(out, OFF_SNAME, OFF_SNAME + SNAME_LENGTH, (byte) 0);
        }
        return new DhcpMessage(out, table, distinct);
    }

    /**
     * Each thread's scratch for the scan of one packet, reset at the start of every decode (a decode never starts
     * another): the message gets an exactly sized copy of its rows.
     */
    private static final ThreadLocal<Scan> SCANS = ThreadLocal.withInitial(Scan::new);

    /** Option instances found so far: code, value offset, value length. */
    private static final class Scan {
        int[] table = new int[3 * 16]; // grows; 16 options cover most packets
        int count;
        boolean repeated;
        /** Bit set of the codes seen, to notice repeats without a second pass. */
        private long seen0;
        private long seen1;
        private long seen2;
        private long seen3;

        void reset() {
            count = 0;
            repeated = false;
            seen0 = 0;
            seen1 = 0;
            seen2 = 0;
            seen3 = 0;
        }

        void area(byte[] d, int start, int end, int area) {
            int i = start;
            while (i < end) {
                int code = d[i] & 0xff;
                if (code == 0) {
                    i++;
                    continue;
                }
                if (code == 255) {
                    return;
                }
                if (i + 1 >= end) {
                    throw new DhcpDecodeException("option " + code + " has no length byte before the end of "
                            + AREA_NAMES[area], i);
                }
                int len = d[i + 1] & 0xff;
                if (i + 2 + len > end) {
                    throw new DhcpDecodeException("option " + code + " has length " + len + " but only "
                            + (end - i - 2) + " bytes remain in " + AREA_NAMES[area], i);
                }
                if (code == 52 && area != AREA_OPTIONS) {
                    throw new DhcpDecodeException("option 52 (dhcp-option-overload) inside " + AREA_NAMES[area]
                            + ": overload cannot be nested", i);
                }
                add(code, i + 2, len);
                i += 2 + len;
            }
        }

        private void add(int code, int off, int len) {
            long bit = 1L << code; // shifts use the low 6 bits
            long before;
            switch (code >>> 6) {
                case 0 -> {
                    before = seen0;
                    seen0 |= bit;
                }
                case 1 -> {
                    before = seen1;
                    seen1 |= bit;
                }
                case 2 -> {
                    before = seen2;
                    seen2 |= bit;
                }
                default -> {
                    before = seen3;
                    seen3 |= bit;
                }
            }
            if ((before & bit) != 0) {
                repeated = true;
            }
            if (3 * count == table.length) {
                table = Arrays.copyOf(table, 2 * table.length);
            }
            table[3 * count] = code;
            table[3 * count + 1] = off;
            table[3 * count + 2] = len;
            count++;
        }
    }
}
