package io.leasehold.dhcp.alloc.internal;

import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * Kea's {@code flq} (free lease queue) allocator: per pool a queue of free addresses; an allocation takes the head
 * (the address free the longest), and every address that becomes free again (released, offer hold run out, lease
 * gone) joins the tail. Among several allowed pools one is chosen at random, as Kea does.
 *
 * <p>The queue only orders; the pool's state words still decide. A popped address that was taken by another path
 * meanwhile fails its claim and the next one is popped.
 */
final class FreeLeaseQueueAllocator extends BitmapAllocator {
    private final FreeQueue[] queues;

    FreeLeaseQueueAllocator(List<PoolRange> pools, Clock clock, long holdMillis) {
        super(pools, clock, holdMillis, false);
        queues = new FreeQueue[this.pools.length];
        for (int i = 0; i < queues.length; i++) {
            queues[i] = new FreeQueue(this.pools[i].taken);
        }
    }

    @Override
    IntConsumer freedHook(int poolIndex) {
        return pos -> queues[poolIndex].push(pos);
    }

    @Override
    long pick(Predicate<String> memberOf) {
        int n = pools.length;
        int start = n <= 1 ? 0 : ThreadLocalRandom.current().nextInt(n);
        for (int i = 0; i < n; i++) {
            int j = start + i < n ? start + i : start + i - n;
            if (pools[j].range.allows(memberOf)) {
                int pos = queues[j].poll();
                if (pos >= 0) {
                    return pack(j, pos);
                }
            }
        }
        return -1;
    }
}
