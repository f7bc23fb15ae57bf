package io.leasehold.dhcp.alloc;

import io.leasehold.dhcp.lease.Ipv4;

/**
 * An inclusive range of IPv4 addresses, {@code first..last} in unsigned order (see {@link Ipv4}).
 *
 * @param first the lowest address
 * @param last  the highest address, not below {@code first}
 */
public record AddressRange(int first, int last) {

    /** @throws IllegalArgumentException when {@code last} is below {@code first} (unsigned) */
    public AddressRange {
        if (Integer.compareUnsigned(first, last) > 0) {
            throw new IllegalArgumentException("address range " + Ipv4.toString(first) + " - " + Ipv4.toString(last)
                    + " ends before it starts");
        }
    }

    /** The range {@code first..last}. */
    public static AddressRange of(int first, int last) {
        return new AddressRange(first, last);
    }

    /** The range {@code first..last} from dotted quads. */
    public static AddressRange of(String first, String last) {
        return new AddressRange(Ipv4.parse(first), Ipv4.parse(last));
    }

    /** Every address of a prefix, network and broadcast addresses included ({@code 192.0.2.0/24}). */
    public static AddressRange prefix(int network, int prefixLength) {
        int mask = Ipv4.mask(prefixLength);
        return new AddressRange(network & mask, network | ~mask);
    }

    /** Number of addresses, 1..2^32. */
    public long size() {
        return Ipv4.toUnsigned(last) - Ipv4.toUnsigned(first) + 1;
    }

    /** Whether the address lies in the range. */
    public boolean contains(int address) {
        return Integer.compareUnsigned(address, first) >= 0 && Integer.compareUnsigned(address, last) <= 0;
    }

    /** Whether the two ranges share an address. */
    public boolean overlaps(AddressRange other) {
        return Integer.compareUnsigned(first, other.last) <= 0 && Integer.compareUnsigned(other.first, last) <= 0;
    }

    /** Kea's pool text, {@code 192.0.2.10 - 192.0.2.20}. */
    @Override
    public String toString() {
        return Ipv4.toString(first) + " - " + Ipv4.toString(last);
    }
}
