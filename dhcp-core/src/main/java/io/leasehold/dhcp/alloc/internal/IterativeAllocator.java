package io.leasehold.dhcp.alloc.internal;

import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/**
 * Kea's {@code iterative} allocator: the next free address after the last one handed out, walking the pools in
 * configuration order and wrapping from the last pool to the first (skipping pools the client may not use).
 *
 * <p>Algorithm: a shared cursor (pool index, position). {@link #pick} asks the cursor's pool for the first free
 * position at or after the cursor, then each following allowed pool from its start, then the cursor's pool from its
 * start; each ask is one {@link LevelBitmap#nextClear} (a few word operations), so the cost does not depend on how full
 * the pools are. Threads racing from the same cursor try the same position; the losers' claims fail, mark it taken,
 * and their next pick finds the following one.
 */
final class IterativeAllocator extends BitmapAllocator {
    /** {@code poolIndex << 32 | position} of the next position to try. */
    private volatile long cursor;

    IterativeAllocator(List<PoolRange> pools, Clock clock, long holdMillis) {
        super(pools, clock, holdMillis, false);
    }

    @Override
    long pick(Predicate<String> memberOf) {
        int n = pools.length;
        if (n == 0) {
            return -1;
        }
        long c = cursor;
        int start = (int) (c >>> 32);
        int from = (int) c;
        for (int i = 0; i <= n; i++) {
            int j = (start + i) % n;
            PoolOccupancy pool = pools[j];
            if (!pool.range.allows(memberOf)) {
                continue;
            }
            int pos = pool.taken.nextClear(i == 0 ? from : 0);
            if (i == n && pos >= from) {
                pos = -1; // the wrapped search of the first pool only covers what lies before the cursor
            }
            if (pos >= 0) {
                return pack(j, pos);
            }
        }
        return -1;
    }

    @Override
    void claimed(int poolIndex, int pos) {
        cursor = pack(poolIndex, pos + 1);
    }
}
