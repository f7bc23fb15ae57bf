package io.leasehold.dhcp.lease;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.function.IntPredicate;

/**
 * A concurrent set of IPv4 addresses walked in unsigned order, for {@link InMemoryLeaseStore}'s address order and
 * subnet index. Addresses are grouped by /24: a hash map from the 24-bit prefix to a 256-bit bitmap, plus a skip-list
 * set of the prefixes in use. Adding or removing an address is one hash-map compute (O(1), one or two memory
 * accesses); the skip list changes only when a /24 gains its first or loses its last address, so it stays small
 * (a million leases in dense pools are about 4,000 prefixes). Walking from an address is O(log prefixes + visited).
 *
 * <p>Writers of one /24 serialize on its hash-map bin; readers take no lock and see a weakly consistent view.
 */
final class AddressSet {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    private final ConcurrentHashMap<Integer, long[]> groups = new ConcurrentHashMap<>();
    /** Prefixes ({@code address >>> 8}, so never negative: natural order is unsigned address order). */
    private final ConcurrentSkipListSet<Integer> prefixes = new ConcurrentSkipListSet<>();

    void add(int address) {
        groups.compute(address >>> 8, (prefix, words) -> {
            if (words == null) {
                words = new long[4];
                prefixes.add(prefix);
            }
            WORDS.getAndBitwiseOr(words, (address >>> 6) & 3, 1L << address);
            return words;
        });
    }

    void remove(int address) {
        groups.computeIfPresent(address >>> 8, (prefix, words) -> {
            WORDS.getAndBitwiseAnd(words, (address >>> 6) & 3, ~(1L << address));
            if ((words[0] | words[1] | words[2] | words[3]) == 0) {
                prefixes.remove(prefix);
                return null;
            }
            return words;
        });
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
        for (Integer prefix : prefixes.tailSet(firstPrefix, true)) {
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
