package io.leasehold.dhcp.lease;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.IntPredicate;

import org.jctools.maps.NonBlockingHashMapLong;

/**
 * A concurrent set of IPv4 addresses walked in unsigned order, for {@link InMemoryLeaseStore}'s address order and
 * subnet index. Addresses are grouped by /24: a primitive-keyed hash map from the 24-bit prefix to a 256-bit bitmap,
 * plus a skip-list set of the prefixes in use. Adding or removing an address is one hash-map read and one bit
 * operation (O(1), one or two memory accesses, nothing allocated); the skip list changes only when a /24 gains its
 * first or loses its last address, so it stays small (a million leases in dense pools are about 4,000 prefixes).
 * Walking from an address is O(log prefixes + visited).
 *
 * <p>Writers of one /24 serialize on its lock stripe; readers take no lock and see a weakly consistent view.
 */
final class AddressSet {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    private final NonBlockingHashMapLong<long[]> groups = new NonBlockingHashMapLong<>();
    /** Prefixes ({@code address >>> 8}, so never negative: natural order is unsigned address order). */
    private final ConcurrentSkipListSet<Integer> prefixes = new ConcurrentSkipListSet<>();
    private final LockStripes locks = new LockStripes(16);

    void add(int address) {
        int prefix = address >>> 8;
        synchronized (locks.of(prefix)) {
            long[] words = groups.get(prefix);
            if (words == null) {
                words = new long[4];
                groups.put(prefix, words);
                prefixes.add(prefix);
            }
            WORDS.getAndBitwiseOr(words, (address >>> 6) & 3, 1L << address);
        }
    }

    void remove(int address) {
        int prefix = address >>> 8;
        synchronized (locks.of(prefix)) {
            long[] words = groups.get(prefix);
            if (words == null) {
                return;
            }
            WORDS.getAndBitwiseAnd(words, (address >>> 6) & 3, ~(1L << address));
            if ((words[0] | words[1] | words[2] | words[3]) == 0) {
                prefixes.remove(prefix);
                groups.remove(prefix);
            }
        }
    }

    boolean isEmpty() {
        return groups.isEmpty();
    }

    void clear() {
        groups.clear();
        prefixes.clear();
    }

    /**
     * Visits the addresses at or above {@code from} (unsigned, {@code 0..2^32}; {@code 2^32} visits nothing) in
     * order, until the visitor returns {@code false}.
     */
    void walkFrom(long from, IntPredicate visitor) {
        if (from > 0xffffffffL) {
            return;
        }
        int first = (int) from;
        int firstPrefix = first >>> 8;
        for (Integer boxed : prefixes.tailSet(firstPrefix, true)) {
            int prefix = boxed;
            long[] words = groups.get(prefix);
            if (words == null) {
                continue;
            }
            for (int w = 0; w < 4; w++) {
                long bits = (long) WORDS.getVolatile(words, w);
                if (prefix == firstPrefix) {
                    int lowest = first & 0xff; // skip addresses below 'from' in its own /24
                    int wordStart = w << 6;
                    if (lowest >= wordStart + 64) {
                        continue;
                    }
                    if (lowest > wordStart) {
                        bits &= -1L << (lowest - wordStart);
                    }
                }
                while (bits != 0) {
                    int address = prefix << 8 | w << 6 | Long.numberOfTrailingZeros(bits);
                    if (!visitor.test(address)) {
                        return;
                    }
                    bits &= bits - 1;
                }
            }
        }
    }
}
