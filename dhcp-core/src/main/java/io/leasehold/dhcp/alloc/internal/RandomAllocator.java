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
 * <p>Algorithm: first up to {@value #PROBES} probes of a uniformly random address of the allowed pools, taking it if
 * it is free (uniform over the free ones; one bitmap word read each). When the probes hit taken addresses, draw
 * {@code k} uniformly below the total free count of the allowed pools, find the pool holding the {@code k}-th free
 * address, and walk the bitmap's free counts down to it ({@link LevelBitmap#selectClear}: O(levels × 64), independent
 * of fill). Both steps pick uniformly among free addresses, so their mix does too. A single pool with less than 1/64
 * of its addresses free skips the probes (they would nearly all miss). Measured (AllocatorBenchmark, 1M addresses):
 * probes are several times cheaper than a select, whose scattered reads miss the cache at 90 % fill, so six of them
 * are worth trying while the pool is at most ~98 % full. Counts that move under concurrent updates can make the walk
 * miss; it then falls back to the first free address after a random position, which is exact but slightly favours
 * addresses that follow long taken runs.
 */
final class RandomAllocator extends BitmapAllocator {
    private static final int PROBES = 6;

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
            // probes pay only while at least an eighth of the pool is free; below that, go straight to the select
            if (free << 6 >= pool.size) {
                for (int i = 0; i < PROBES; i++) {
                    int pos = below(random, pool.size);
                    if (!pool.taken.get(pos)) {
                        return pack(0, pos);
                    }
                }
            }
            if (free <= 0) {
                return fallback(pool, 0, random);
            }
            int pos = pool.taken.selectClear(below(random, (int) free));
            return pos >= 0 ? pack(0, pos) : fallback(pool, 0, random);
        }
        long allowedSize = 0;
        for (PoolOccupancy pool : pools) {
            if (pool.range.allows(memberOf)) {
                allowedSize += pool.size;
            }
        }
        if (allowedSize == 0) {
            return -1;
        }
        for (int probe = 0; probe < PROBES; probe++) {
            long r = random.nextLong(allowedSize);
            for (int i = 0; i < pools.length; i++) {
                PoolOccupancy pool = pools[i];
                if (pool.range.allows(memberOf)) {
                    if (r < pool.size) {
                        if (!pool.taken.get((int) r)) {
                            return pack(i, (int) r);
                        }
                        break;
                    }
                    r -= pool.size;
                }
            }
        }
        long total = 0;
        for (PoolOccupancy pool : pools) {
            if (pool.range.allows(memberOf)) {
                total += pool.taken.clearCount();
            }
        }
        if (total > 0) {
            long k = total <= Integer.MAX_VALUE ? below(random, (int) total) : random.nextLong(total);
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

    /**
     * A uniform value in {@code [0, bound)} without a division in the common case (Lemire's multiply-and-shift with
     * rejection of the biased low products), where {@code nextLong(bound)} pays a 64-bit modulo every time.
     */
    static int below(ThreadLocalRandom random, int bound) {
        long m = (random.nextInt() & 0xffffffffL) * bound;
        if ((m & 0xffffffffL) < bound) {
            long threshold = (0x1_0000_0000L - bound) % bound;
            while ((m & 0xffffffffL) < threshold) {
                m = (random.nextInt() & 0xffffffffL) * bound;
            }
        }
        return (int) (m >>> 32);
    }

    private static long fallback(PoolOccupancy pool, int index, ThreadLocalRandom random) {
        int pos = pool.nextClearWrapping(random.nextInt(pool.size));
        return pos >= 0 ? pack(index, pos) : -1;
    }
}
