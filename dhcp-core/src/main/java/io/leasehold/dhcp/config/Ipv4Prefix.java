package io.leasehold.dhcp.config;

import io.leasehold.dhcp.lease.Ipv4;

/**
 * An IPv4 prefix such as 192.0.2.0/24. The network address has no host bits set.
 *
 * @param network the first address (int, network order)
 * @param length prefix length 0..32
 */
public record Ipv4Prefix(int network, int length) {
    public Ipv4Prefix {
        if (length < 0 || length > 32) {
            throw new IllegalArgumentException("prefix length out of range 0..32: " + length);
        }
        if ((network & ~Ipv4.mask(length)) != 0) {
            throw new IllegalArgumentException("prefix " + Ipv4.toString(network) + "/" + length
                    + " has host bits set");
        }
    }

    /**
     * Parses {@code a.b.c.d/len}; host bits must be zero.
     *
     * @throws IllegalArgumentException naming the text when it is not a prefix
     */
    public static Ipv4Prefix parse(String text) {
        int slash = text.indexOf('/');
        if (slash < 0) {
            throw new IllegalArgumentException("'" + text + "' is not a prefix (address/length)");
        }
        int length;
        try {
            length = Integer.parseInt(text.substring(slash + 1).trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' has an invalid prefix length");
        }
        return new Ipv4Prefix(Ipv4.parse(text.substring(0, slash).trim()), length);
    }

    /** The netmask, e.g. 255.255.255.0 for /24. */
    public int mask() {
        return Ipv4.mask(length);
    }

    /** The last address (the broadcast address for prefixes shorter than /31). */
    public int last() {
        return network | ~mask();
    }

    public boolean contains(int address) {
        return (address & mask()) == network;
    }

    /** True when every address of {@code other} is in this prefix. */
    public boolean contains(Ipv4Prefix other) {
        return other.length >= length && contains(other.network);
    }

    /** Number of addresses. */
    public long size() {
        return 1L << (32 - length);
    }

    @Override
    public String toString() {
        return Ipv4.toString(network) + "/" + length;
    }
}
