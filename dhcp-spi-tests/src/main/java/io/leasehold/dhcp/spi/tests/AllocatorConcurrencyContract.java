package io.leasehold.dhcp.spi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AddressRange;
import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.lease.Ipv4;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The concurrency part of the {@link AddressAllocator} contract (see {@link AllocatorContract}): concurrent
 * allocations hand each address out once, and churn never gives one address to two holders.
 */
abstract class AllocatorConcurrencyContract extends AllocatorOfferHoldContract {
    // ---------------------------------------------------------------- concurrency

    @Test
    @Timeout(60)
    void concurrentAllocationsHandEachAddressOutOnce() throws Exception {
        int size = 20_000;
        int threads = 4;
        AddressAllocator a = allocator(PoolRange.of(AddressRange.of(ip("10.1.0.0"), ip("10.1.0.0") + size - 1)));
        List<List<Integer>> perThread = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<List<Integer>>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    List<Integer> mine = new ArrayList<>();
                    for (long r; (r = a.allocate(NO_CLASSES)) != AddressAllocator.NONE; ) {
                        mine.add((int) r);
                    }
                    return mine;
                }));
            }
            start.countDown();
            for (Future<List<Integer>> f : futures) {
                perThread.add(f.get(50, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
        Set<Integer> all = new HashSet<>();
        int total = 0;
        for (List<Integer> mine : perThread) {
            all.addAll(mine);
            total += mine.size();
        }
        assertEquals(size, total, "every address handed out exactly once");
        assertEquals(size, all.size(), "no address handed out twice");
        assertEquals(0, a.freeCount());
    }

    @Test
    @Timeout(60)
    void concurrentChurnNeverGivesOneAddressToTwoHolders() throws Exception {
        int size = 64;
        int threads = 4;
        int base = ip("10.2.0.0");
        AddressAllocator a = allocator(PoolRange.of(AddressRange.of(base, base + size - 1)));
        AtomicIntegerArray holder = new AtomicIntegerArray(size);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int me = t + 1;
                futures.add(pool.submit(() -> {
                    start.await();
                    SplittableRandom random = new SplittableRandom(me);
                    List<Integer> held = new ArrayList<>();
                    for (int n = 0; n < 100_000; n++) {
                        if (held.isEmpty() || held.size() < 20 && random.nextBoolean()) {
                            long r = a.allocate(NO_CLASSES);
                            if (r != AddressAllocator.NONE) {
                                int pos = (int) r - base;
                                if (!holder.compareAndSet(pos, 0, me)) {
                                    throw new AssertionError(Ipv4.toString((int) r) + " held by " + holder.get(pos)
                                            + " and handed to " + me);
                                }
                                held.add((int) r);
                            }
                        } else {
                            int addr = held.remove(random.nextInt(held.size()));
                            holder.set(addr - base, 0);
                            switch (random.nextInt(3)) {
                                case 0 -> assertTrue(a.release(addr));
                                case 1 -> {
                                    assertTrue(a.markUsed(addr));
                                    assertTrue(a.markFree(addr));
                                }
                                default -> assertTrue(a.markFree(addr));
                            }
                        }
                    }
                    for (int addr : held) {
                        holder.set(addr - base, 0);
                        a.release(addr);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(50, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(size, a.freeCount(), "everything given back is free again");
        assertEquals(size, drain(a, NO_CLASSES).size());
    }
}
