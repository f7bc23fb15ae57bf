package io.leasehold.dhcp.lease;

/**
 * Hash codes for identifier bytes (package-private). {@link java.util.Arrays#hashCode(byte[])} multiplies by 31, less
 * than a byte's range, so identifiers differing in their last two bytes collide often (sequential MAC addresses from
 * one vendor do); a hash map of a million leases then degrades into long collision chains. This mixes every byte
 * with a large odd multiplier and finishes with MurmurHash3's avalanche step.
 */
final class ByteHash {
    private ByteHash() {
    }

    static int of(byte[] bytes, int seed) {
        int h = seed ^ bytes.length;
        for (byte b : bytes) {
            h = (h ^ (b & 0xff)) * 0x9E3779B1;
            h ^= h >>> 15;
        }
        h ^= h >>> 16;
        h *= 0x85EBCA6B;
        h ^= h >>> 13;
        h *= 0xC2B2AE35;
        h ^= h >>> 16;
        return h;
    }
}
