package io.leasehold.dhcp.store.memfile.internal;

import java.util.Map;
import java.util.TreeMap;
import java.util.function.IntPredicate;

/**
 * The addresses of a {@link LeaseTable} in unsigned order, for paging and for writing a snapshot: a 256-bit bitmap
 * per /24 in a sorted map of prefixes. Setting or clearing an address touches one bitmap (the last one used is
 * cached: loads come in runs of one /24); the map changes only when a /24 gains its first or loses its last address.
 *
 * <p>Not thread-safe (see {@link LeaseTable}).
 */
final class AddressOrder {
    /** Prefixes ({@code address >>> 8}, never negative: natural order is unsigned address order) to bitmaps. */
    private final TreeMap<Integer, long[]> order = new TreeMap<>();
    private int cachedPrefix = -1;
    private long[] cachedBits;

    void add(int address) {
        int prefix = address >>> 8;
        long[] bits;
        if (prefix == cachedPrefix) {
            bits = cachedBits;
        } else {
            bits = order.computeIfAbsent(prefix, k -> new long[4]);
            cachedPrefix = prefix;
            cachedBits = bits;
        }
        bits[(address & 0xff) >>> 6] |= 1L << address;
    }

    /** Removes an address that is in the set. */
    void remove(int address) {
        int prefix = address >>> 8;
        long[] bits = order.get(prefix);
        bits[(address & 0xff) >>> 6] &= ~(1L << address);
        if ((bits[0] | bits[1] | bits[2] | bits[3]) == 0) {
            order.remove(prefix);
            if (prefix == cachedPrefix) {
                cachedPrefix = -1;
                cachedBits = null;
            }
        }
    }

    /**
     * Visits the addresses from {@code start} (an unsigned address as a long; beyond 0xffffffff visits nothing) in
     * unsigned order, until the visitor returns {@code false}.
     */
    void forEachFrom(long start, IntPredicate visitor) {
        if (start > 0xffffffffL) {
            return;
        }
        int firstPrefix = (int) (start >>> 8);
        for (Map.Entry<Integer, long[]> en : order.tailMap(firstPrefix, true).entrySet()) {
            int base = en.getKey() << 8;
            long[] bits = en.getValue();
            int from = en.getKey() == firstPrefix ? (int) (start & 0xff) : 0;
            for (int w = from >>> 6; w < 4; w++) {
                long m = bits[w];
                if (w == from >>> 6) {
                    m &= -1L << (from & 63);
                }
                while (m != 0) {
                    int address = base | w << 6 | Long.numberOfTrailingZeros(m);
                    if (!visitor.test(address)) {
                        return;
                    }
                    m &= m - 1;
                }
            }
        }
    }

    /** Number of /24 prefixes with addresses (tests: empty prefixes are dropped). */
    int prefixes() {
        return order.size();
    }
}
