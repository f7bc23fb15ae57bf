package io.leasehold.dhcp.lease;

/**
 * Hash of an identifier's bytes for {@link HardwareAddress} and {@link ClientId}.
 *
 * <p>Why not {@code Arrays.hashCode}: its polynomial ({@code 31 * h + b}) maps identifiers that differ only in their
 * last bytes, as the MACs of one vendor or one test tool do, onto few values (1M sequential MACs land on about
 * 22,000 hash codes, 1M random MACs of one OUI on about 246,000), and hash-map lookups then walk long chains of
 * {@code equals} calls. Here the bytes are packed eight at a time into a long, each word is folded in with
 * Murmur3's 64-bit finaliser (a bijection), and the length is mixed in last: identifiers of up to 8 bytes (every
 * MAC) get distinct 64-bit values, so 32-bit collisions are only the unavoidable random ones.
 */
final class ByteHash {
    private ByteHash() {
    }

    static int hash(int seed, byte[] b) {
        long h = seed * 0x9E3779B97F4A7C15L;
        int i = 0;
        while (i < b.length) {
            long word = 0;
            int end = Math.min(b.length, i + 8);
            for (int shift = 0; i < end; i++, shift += 8) {
                word |= (b[i] & 0xffL) << shift;
            }
            h = fmix64(h ^ word);
        }
        h = fmix64(h ^ b.length);
        return (int) (h ^ (h >>> 32));
    }

    /** Murmur3's 64-bit finaliser: every input bit affects every output bit; a bijection on longs. */
    private static long fmix64(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
