package io.leasehold.dhcp.codec.internal;

/**
 * The formats of the options Leasehold reads through typed accessors, as listed on
 * {@link io.leasehold.dhcp.codec.DhcpDecoder}. The decoder rejects a packet whose option breaks its format and the
 * message builder rejects such a raw value, so the typed accessors never meet malformed data. Not public API.
 */
public final class OptionFormats {
    public static final int FQDN_FLAG_E = 0x04;

    private OptionFormats() {
    }

    /**
     * Checks one (already concatenated) option value.
     *
     * @return {@code null} when the value is well formed, else what is wrong with it
     */
    public static String check(int code, byte[] b, int off, int len) {
        switch (code) {
            case 1, 28, 50, 54, 118, 51, 58, 59:
                return len == 4 ? null : "length " + len + ", expected 4";
            case 3, 6:
                return len > 0 && len % 4 == 0 ? null : "length " + len + ", expected a non-zero multiple of 4";
            case 52:
                if (len != 1) {
                    return "length " + len + ", expected 1";
                }
                int v = b[off] & 0xff;
                return v >= 1 && v <= 3 ? null : "value " + v + ", expected 1 (file), 2 (sname) or 3 (both)";
            case 53:
                return len == 1 ? null : "length " + len + ", expected 1";
            case 57:
                return len == 2 ? null : "length " + len + ", expected 2";
            case 61:
                return len >= 2 && len <= 255 ? null : "length " + len + ", expected 2..255";
            case 81:
                return checkFqdn(b, off, len);
            case 82:
                return checkSubOptions(b, off, len);
            default:
                return null;
        }
    }

    /** Checks a client FQDN option value (RFC 4702 §2). */
    public static String checkFqdn(byte[] b, int off, int len) {
        if (len < 3) {
            return "length " + len + ", expected at least 3 (flags, RCODE1, RCODE2)";
        }
        if ((b[off] & FQDN_FLAG_E) != 0) {
            return DomainNames.check(b, off + 3, len - 3);
        }
        return null;
    }

    /** Checks a relay agent information option value (RFC 3046 §2.0). */
    public static String checkSubOptions(byte[] b, int off, int len) {
        int i = off;
        int end = off + len;
        while (i < end) {
            int sub = b[i] & 0xff;
            if (i + 1 >= end) {
                return "sub-option " + sub + " at option byte " + (i - off) + " has no length byte";
            }
            int subLen = b[i + 1] & 0xff;
            if (i + 2 + subLen > end) {
                return "sub-option " + sub + " at option byte " + (i - off) + " has length " + subLen
                        + " but only " + (end - i - 2) + " bytes remain";
            }
            if ((sub == 5 || sub == 11) && subLen != 4) {
                return "sub-option " + sub + " has length " + subLen + ", expected 4";
            }
            i += 2 + subLen;
        }
        return null;
    }
}
