package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.LeaseState;

/**
 * Parses one lease-file row straight from the file's bytes into a {@link LeaseRow} (no String per field), accepting
 * what Kea 2.2's loader accepts:
 * <ul>
 *   <li>{@code address}: dotted quad (no leading zeros, like {@code inet_pton});</li>
 *   <li>{@code hwaddr}: 1- or 2-digit hex groups separated by {@code :}; empty = none;</li>
 *   <li>{@code client_id}: {@code :}- or space-separated groups, or plain hex (odd length zero-padded, optional
 *       {@code 0x}); at least 2 bytes; empty = none;</li>
 *   <li>numbers: unsigned decimal ({@code valid_lifetime}, {@code subnet_id}, {@code state}, {@code pool_id}: 32
 *       bits; {@code expire}: 63 bits); {@code fqdn_*}: exactly {@code 0} or {@code 1};</li>
 *   <li>{@code hostname}, {@code user_context}: {@code &#xHH}-unescaped; a user context must be a JSON map;</li>
 *   <li>a row with neither hardware address nor client id must be in state declined.</li>
 * </ul>
 * Not thread-safe (reuses scratch buffers).
 */
public final class LeaseRowParser {
    private static final int MAX_VALUES = 64;

    private final int[] starts = new int[MAX_VALUES];
    private final int[] ends = new int[MAX_VALUES];
    private final byte[] hw = new byte[HardwareAddress.MAX_LENGTH];
    private final byte[] cid = new byte[ClientId.MAX_LENGTH];
    private byte[] host = new byte[256];
    private byte[] context = new byte[256];
    private String error;

    /** Why the last {@link #parse} failed. */
    public String error() {
        return error;
    }

    /** Parses {@code b[start, end)} (no line terminator); on failure returns false and sets {@link #error()}. */
    public boolean parse(byte[] b, int start, int end, LeaseFileSchema schema, LeaseRow out) {
        try {
            parseOrThrow(b, start, end, schema, out);
            return true;
        } catch (BadRow e) {
            error = e.getMessage();
            return false;
        }
    }

    private void parseOrThrow(byte[] b, int start, int end, LeaseFileSchema schema, LeaseRow out) throws BadRow {
        int n = split(b, start, end);
        if (n < schema.minValues() || n > schema.maxValues()) {
            String expected = schema.minValues() == schema.maxValues() ? Integer.toString(schema.minValues())
                    : schema.minValues() + ".." + schema.maxValues();
            throw new BadRow("row has " + n + " values, expected " + expected + " for a header of "
                    + schema.inputColumns() + " columns");
        }
        out.address = parseAddress(b, starts[0], ends[0]);
        int hwLen = parseHardwareAddress(b, starts[1], ends[1]);
        int cidLen = parseClientId(b, starts[2], ends[2]);
        out.valid = (int) parseUnsigned(b, 3, 0xffffffffL, "valid_lifetime");
        long expire = parseUnsigned(b, 4, Long.MAX_VALUE, "expire");
        out.cltt = expire - Integer.toUnsignedLong(out.valid);
        out.subnet = (int) parseUnsigned(b, 5, 0xffffffffL, "subnet_id");
        int flags = (parseFlag(b, 6, "fqdn_fwd") ? LeaseBlob.FQDN_FWD : 0)
                | (parseFlag(b, 7, "fqdn_rev") ? LeaseBlob.FQDN_REV : 0);
        int hostLen = unescape(b, starts[8], ends[8], true);
        out.state = n > 9 ? (int) parseUnsigned(b, 9, 0xffffffffL, "state") : LeaseState.DEFAULT;
        int contextLen = n > 10 ? unescape(b, starts[10], ends[10], false) : 0;
        if (contextLen > 0) {
            String problem = JsonMapCheck.problem(context, 0, contextLen);
            if (problem != null) {
                throw new BadRow("user context " + problem);
            }
        }
        out.pool = n > 11 ? (int) parseUnsigned(b, 11, 0xffffffffL, "pool_id") : 0;
        if (hwLen <= 0 && cidLen < 0 && out.state != LeaseState.DECLINED) {
            throw new BadRow("lease has neither hardware address nor client id (only declined leases may)");
        }
        out.blob = LeaseBlob.build(flags, HardwareAddress.HTYPE_ETHERNET, hwLen < 0 ? null : hw, Math.max(hwLen, 0),
                cidLen < 0 ? null : cid, Math.max(cidLen, 0), host, hostLen,
                contextLen > 0 ? context : null, contextLen);
    }

    private int split(byte[] b, int start, int end) throws BadRow {
        int n = 0;
        int s = start;
        for (int i = start; i < end; i++) {
            if (b[i] == ',') {
                if (n == MAX_VALUES - 1) {
                    throw new BadRow("row has more than " + MAX_VALUES + " values");
                }
                starts[n] = s;
                ends[n++] = i;
                s = i + 1;
            }
        }
        starts[n] = s;
        ends[n++] = end;
        return n;
    }

    private static int parseAddress(byte[] b, int s, int e) throws BadRow {
        int value = 0;
        int i = s;
        for (int part = 0; part < 4; part++) {
            int digitsStart = i;
            int octet = 0;
            while (i < e && b[i] >= '0' && b[i] <= '9' && i - digitsStart < 3) {
                octet = octet * 10 + (b[i] - '0');
                i++;
            }
            boolean leadingZero = i - digitsStart > 1 && b[digitsStart] == '0';
            if (i == digitsStart || octet > 255 || leadingZero || (part < 3 && (i >= e || b[i++] != '.'))) {
                throw new BadRow("invalid IPv4 address '" + text(b, s, e) + "'");
            }
            value = value << 8 | octet;
        }
        if (i != e) {
            throw new BadRow("invalid IPv4 address '" + text(b, s, e) + "'");
        }
        return value;
    }

    /** Returns the byte count, or -1 for an empty column (no hardware address). */
    private int parseHardwareAddress(byte[] b, int s, int e) throws BadRow {
        if (s == e) {
            return -1;
        }
        return parseSeparated(b, s, e, (byte) ':', hw, "hardware address");
    }

    /** Returns the byte count, or -1 for an empty column (no client id). */
    private int parseClientId(byte[] b, int s, int e) throws BadRow {
        if (s == e) {
            return -1;
        }
        int n;
        if (indexOf(b, s, e, (byte) ':') >= 0) {
            n = parseSeparated(b, s, e, (byte) ':', cid, "client id");
        } else if (indexOf(b, s, e, (byte) ' ') >= 0) {
            n = parseSeparated(b, s, e, (byte) ' ', cid, "client id");
        } else {
            n = parsePlainHex(b, s, e);
        }
        if (n < ClientId.MIN_LENGTH) {
            throw new BadRow("client id '" + text(b, s, e) + "' is too short (" + n + " bytes), at least "
                    + ClientId.MIN_LENGTH + " are required");
        }
        return n;
    }

    /** Kea's separated hex: groups of one or two hex digits, no empty group unless the whole text is one group. */
    private static int parseSeparated(byte[] b, int s, int e, byte sep, byte[] out, String what) throws BadRow {
        int n = 0;
        int groupStart = s;
        for (int i = s; i <= e; i++) {
            if (i < e && b[i] != sep) {
                continue;
            }
            int len = i - groupStart;
            if (len == 0 || len > 2) {
                throw new BadRow("invalid " + what + " '" + text(b, s, e) + "'");
            }
            int v = 0;
            for (int j = groupStart; j < i; j++) {
                int d = KeaEscape.hex(b[j]);
                if (d < 0) {
                    throw new BadRow("invalid " + what + " '" + text(b, s, e) + "'");
                }
                v = v << 4 | d;
            }
            if (n == out.length) {
                throw new BadRow(what + " '" + text(b, s, e) + "' is longer than " + out.length + " bytes");
            }
            out[n++] = (byte) v;
            groupStart = i + 1;
        }
        return n;
    }

    /** Kea's unseparated hex: an odd length gets a leading zero, a {@code 0x} prefix is dropped. */
    private int parsePlainHex(byte[] b, int s, int e) throws BadRow {
        boolean odd = (e - s) % 2 != 0;
        int from = s;
        if (e - s > 2 && b[s] == '0' && b[s + 1] == 'x') {
            from = s + 2;
        }
        int digits = (e - from) + (odd ? 1 : 0);
        if (digits / 2 > cid.length) {
            throw new BadRow("client id '" + text(b, s, e) + "' is longer than " + cid.length + " bytes");
        }
        int n = 0;
        int i = from;
        int hi = -1;
        if (odd) {
            hi = 0;
        }
        for (; i < e; i++) {
            int d = KeaEscape.hex(b[i]);
            if (d < 0) {
                throw new BadRow("client id '" + text(b, s, e) + "' is not a valid string of hexadecimal digits");
            }
            if (hi < 0) {
                hi = d;
            } else {
                cid[n++] = (byte) (hi << 4 | d);
                hi = -1;
            }
        }
        if (hi >= 0) {
            throw new BadRow("client id '" + text(b, s, e) + "' is not a valid string of hexadecimal digits");
        }
        return n;
    }

    private long parseUnsigned(byte[] b, int column, long max, String name) throws BadRow {
        int s = starts[column];
        int e = ends[column];
        if (s == e || e - s > 19) {
            throw new BadRow("invalid " + name + " '" + text(b, s, e) + "'");
        }
        long v = 0;
        for (int i = s; i < e; i++) {
            int d = b[i] - '0';
            if (d < 0 || d > 9) {
                throw new BadRow("invalid " + name + " '" + text(b, s, e) + "'");
            }
            v = v * 10 + d;
            if (v > max || v < 0) {
                throw new BadRow(name + " '" + text(b, s, e) + "' is out of range 0.." + max);
            }
        }
        return v;
    }

    private boolean parseFlag(byte[] b, int column, String name) throws BadRow {
        int s = starts[column];
        if (ends[column] - s == 1 && (b[s] == '0' || b[s] == '1')) {
            return b[s] == '1';
        }
        throw new BadRow("invalid " + name + " '" + text(b, s, ends[column]) + "' (must be 0 or 1)");
    }

    /** Unescapes a text column into the host name or user-context scratch buffer; returns the length. */
    private int unescape(byte[] b, int s, int e, boolean intoHost) {
        byte[] dst = intoHost ? host : context;
        if (dst.length < e - s) {
            dst = new byte[Math.max(e - s, dst.length * 2)];
            if (intoHost) {
                host = dst;
            } else {
                context = dst;
            }
        }
        return KeaEscape.unescape(b, s, e, dst);
    }

    private static int indexOf(byte[] b, int s, int e, byte c) {
        for (int i = s; i < e; i++) {
            if (b[i] == c) {
                return i;
            }
        }
        return -1;
    }

    static String text(byte[] b, int s, int e) {
        int n = Math.min(e - s, 200);
        return new String(b, s, n, java.nio.charset.StandardCharsets.UTF_8) + (n < e - s ? "..." : "");
    }

    /** A rejected row; cheap (no stack trace) because bad files may have many. */
    private static final class BadRow extends Exception {
        BadRow(String message) {
            super(message, null, false, false);
        }
    }
}
