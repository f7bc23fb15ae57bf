package io.leasehold.dhcp.alloc.internal;

import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Predicate;

/**
 * Kea's {@code random} allocator, made uniform: every free address of the pools the client may use is equally
 * likely. (Kea walks a random permutation of one randomly chosen pool, which favours addresses of small pools.)
 *
 * <p>Algorithm: draw {@code k} uniformly below the total free count of the allowed pools, find the pool holding the
 * {@code k}-th free address, and walk the bitmap's per-word free counts down to it ({@link LevelBitmap#selectClear}:
 * O(levels × 64), independent of fill). Counts that move under concurrent updates can make the walk miss; it then
 * falls back to the first free address after a random position, which is exact but slightly favours addresses that
 * follow long taken runs.
 */
final class RandomAllocator extends BitmapAllocator {

    RandomAllocator(List<PoolRange> pools, Clock clock, long holdMillis) {
        super(pools, clock, holdMillis, true);
    }

    @Override
    long pick(Predicate<String> memberOf) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        if (pools.length == 1) {
            PoolOccupancy pool = pools[0];
            if (!pool.range.allows(memberOf)) {
                return -1;
            }
            long free = pool.taken.clearCount();
            if (free <= 0) {
                return fallback(pool, 0, random);
            }
            int pos = pool.taken.selectClear(random.nextLong(free));
            return pos >= 0 ? pack(0, pos) : fallback(pool, 0, random);
        }
        long total = 0;
        for (PoolOccupancy pool : pools) {
            if (pool.range.allows(memberOf)) {
                total += pool.taken.clearCount();
            }
        }
        if (total > 0) {
            long k = random.nextLong(total);
            for (int i = 0; i < pools.length; i++) {
                PoolOccupancy pool = pools[i];
                if (!pool.range.allows(memberOf)) {
                    continue;
                }
                long free = pool.taken.clearCount();
                if (k < free) {
                    int pos = pool.taken.selectClear(k);
                    if (pos >= 0) {
                        return pack(i, pos);
                    }
                    break;
                }
                k -= free;
            }
        }
        for (int i = 0; i < pools.length; i++) {
            if (pools[i].range.allows(memberOf)) {
                long found = fallback(pools[i], i, random);
                if (found >= 0) {
                    return found;
                }
            }
        }
        return -1;
    }

    private static long fallback(PoolOccupancy pool, int index, ThreadLocalRandom random) {
        int pos = pool.nextClearWrapping(random.nextInt(pool.size));
        return pos >= 0 ? pack(index, pos) : -1;
    }
}
