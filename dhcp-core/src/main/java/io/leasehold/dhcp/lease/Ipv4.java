package io.leasehold.dhcp.lease;

/**
 * IPv4 addresses as {@code int} values in network order (192.0.2.1 is {@code 0xC0000201}). Leasehold passes
 * addresses as ints on its hot paths; compare them with {@link Integer#compareUnsigned}.
 */
public final class Ipv4 {
    private Ipv4() {
    }

    /**
     * Parses a dotted quad ({@code 192.0.2.1}); no host names, no shortened or octal forms.
     *
     * @throws IllegalArgumentException naming the text when it is not an IPv4 address
     */
    public static int parse(String text) {
        int value = 0;
        int parts = 0;
        int i = 0;
        int n = text.length();
        while (parts < 4) {
            int start = i;
            int octet = 0;
            while (i < n && text.charAt(i) >= '0' && text.charAt(i) <= '9' && i - start < 3) {
                octet = octet * 10 + (text.charAt(i) - '0');
                i++;
            }
            if (i == start || octet > 255) {
                throw new IllegalArgumentException("invalid IPv4 address '" + text + "'");
            }
            value = value << 8 | octet;
            parts++;
            if (parts < 4) {
                if (i >= n || text.charAt(i) != '.') {
                    throw new IllegalArgumentException("invalid IPv4 address '" + text + "'");
                }
                i++;
            }
        }
        if (i != n) {
            throw new IllegalArgumentException("invalid IPv4 address '" + text + "'");
        }
        return value;
    }

    /** Dotted-quad text of an address. */
    public static String toString(int address) {
        return (address >>> 24) + "." + ((address >>> 16) & 0xff) + "." + ((address >>> 8) & 0xff) + "." + (address & 0xff);
    }

    /** The address as an unsigned value, for arithmetic over ranges. */
    public static long toUnsigned(int address) {
        return address & 0xffffffffL;
    }

    /** The network mask of a prefix length 0..32 (e.g. 24 gives 255.255.255.0). */
    public static int mask(int prefixLength) {
        if (prefixLength < 0 || prefixLength > 32) {
            throw new IllegalArgumentException("prefix length out of range 0..32: " + prefixLength);
        }
        return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
    }
}
