package io.leasehold.dhcp.alloc.internal;

import io.leasehold.dhcp.alloc.AddressAllocators;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AddressRange;
import io.leasehold.dhcp.alloc.AllocatorType;
import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** What distinguishes the three allocators, and their internal consistency under load. */
class AllocatorBehaviourTest {
    private static final Predicate<String> NONE_CLASSES = c -> false;
    private final AtomicLong millis = new AtomicLong();
    private final Clock clock = new Clock() {
        @Override
        public long currentTimeMillis() {
            return millis.get();
        }

        @Override
        public long nanoTime() {
            return millis.get() * 1_000_000L;
        }
    };

    private static int ip(String s) {
        return Ipv4.parse(s);
    }

    private AddressAllocator create(AllocatorType type, PoolRange... pools) {
        return AddressAllocators.create(type, List.of(pools), clock, 10_000);
    }

    private static PoolRange pool(String first, String last) {
        return PoolRange.of(AddressRange.of(first, last));
    }

    @Test
    void iterativeHandsOutAddressesInOrderAsKeaDoes() {
        AddressAllocator a = create(AllocatorType.ITERATIVE, pool("192.0.2.10", "192.0.2.200"));
        assertEquals(ip("192.0.2.10"), (int) a.allocate(NONE_CLASSES));
        assertEquals(ip("192.0.2.11"), (int) a.allocate(NONE_CLASSES));
        assertEquals(ip("192.0.2.12"), (int) a.allocate(NONE_CLASSES));
        a.release(ip("192.0.2.10"));
        assertEquals(ip("192.0.2.13"), (int) a.allocate(NONE_CLASSES), "the cursor moves on; no going back");
    }

    @Test
    void iterativeWalksPoolsInConfigurationOrderAndWraps() {
        AddressAllocator a = create(AllocatorType.ITERATIVE, pool("192.0.2.100", "192.0.2.101"),
                pool("192.0.2.1", "192.0.2.2"));
        List<Integer> got = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            got.add((int) a.allocate(NONE_CLASSES));
        }
        assertEquals(List.of(ip("192.0.2.100"), ip("192.0.2.101"), ip("192.0.2.1"), ip("192.0.2.2")), got);
        a.release(ip("192.0.2.100"));
        a.release(ip("192.0.2.2"));
        assertEquals(ip("192.0.2.100"), (int) a.allocate(NONE_CLASSES), "wrapped to the first pool");
        assertEquals(ip("192.0.2.2"), (int) a.allocate(NONE_CLASSES));
    }

    @Test
    void randomIsUniformOverFreeAddressesAcrossPools() {
        // a 4-address pool and a 12-address pool, a few used: every free address must come up about equally
        AddressAllocator a = create(AllocatorType.RANDOM, pool("10.0.0.0", "10.0.0.3"), pool("10.0.1.0", "10.0.1.11"));
        a.markUsed(ip("10.0.1.0"));
        a.markUsed(ip("10.0.1.1"));
        a.markUsed(ip("10.0.1.2"));
        a.markUsed(ip("10.0.1.3"));
        Map<Integer, Integer> hits = new HashMap<>();
        int draws = 24_000;
        for (int i = 0; i < draws; i++) {
            int x = (int) a.allocate(NONE_CLASSES);
            hits.merge(x, 1, Integer::sum);
            a.release(x);
        }
        assertEquals(12, hits.size());
        // 2000 expected each; sd ~ 42; 400 is ~10 sd
        for (Map.Entry<Integer, Integer> e : hits.entrySet()) {
            assertTrue(Math.abs(e.getValue() - 2000) < 400, Ipv4.toString(e.getKey()) + " drawn " + e.getValue());
        }
    }

    @Test
    void randomIsNotFooledByALongTakenRun() {
        // 90 % of the pool taken in one block: the first free address after the block must not be favoured
        AddressAllocator a = create(AllocatorType.RANDOM, pool("10.0.0.0", "10.0.0.99"));
        for (int i = 0; i < 90; i++) {
            a.markUsed(ip("10.0.0.0") + i);
        }
        Map<Integer, Integer> hits = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            int x = (int) a.allocate(NONE_CLASSES);
            hits.merge(x, 1, Integer::sum);
            a.release(x);
        }
        assertEquals(10, hits.size());
        assertTrue(hits.get(ip("10.0.0.90")) < 1400, "first after the run drawn " + hits.get(ip("10.0.0.90")));
    }

    @Test
    void flqHandsOutTheLeastRecentlyFreedFirst() {
        AddressAllocator a = create(AllocatorType.FLQ, pool("192.0.2.1", "192.0.2.10"));
        for (int i = 0; i < 10; i++) {
            a.allocate(NONE_CLASSES);
        }
        a.release(ip("192.0.2.5"));
        a.markUsed(ip("192.0.2.2"));
        a.markFree(ip("192.0.2.2"));
        a.release(ip("192.0.2.8"));
        a.markUsed(ip("192.0.2.9"));
        a.markFree(ip("192.0.2.9"));
        assertEquals(ip("192.0.2.5"), (int) a.allocate(NONE_CLASSES));
        a.release(ip("192.0.2.5"));
        assertEquals(ip("192.0.2.2"), (int) a.allocate(NONE_CLASSES));
        assertEquals(ip("192.0.2.8"), (int) a.allocate(NONE_CLASSES));
        assertEquals(ip("192.0.2.9"), (int) a.allocate(NONE_CLASSES));
        assertEquals(ip("192.0.2.5"), (int) a.allocate(NONE_CLASSES), "released again: back of the queue");
    }

    @Test
    void flqSkipsQueuedAddressesTakenByAnotherPath() {
        AddressAllocator a = create(AllocatorType.FLQ, pool("192.0.2.1", "192.0.2.4"));
        for (int i = 0; i < 4; i++) {
            a.allocate(NONE_CLASSES);
        }
        a.release(ip("192.0.2.1"));
        a.release(ip("192.0.2.2"));
        assertTrue(a.claim(ip("192.0.2.1")), "requested-address path takes the queue head");
        assertEquals(ip("192.0.2.2"), (int) a.allocate(NONE_CLASSES));
        assertEquals(AddressAllocator.NONE, a.allocate(NONE_CLASSES));
    }

    @Test
    void flqStartsInRandomOrderWithoutTheAddressesUsedAtLoad() {
        AddressAllocator a = create(AllocatorType.FLQ, pool("10.0.0.0", "10.0.0.255"));
        for (int i = 0; i < 256; i += 2) {
            a.markUsed(ip("10.0.0.0") + i);
        }
        List<Integer> got = new ArrayList<>();
        for (long r; (r = a.allocate(NONE_CLASSES)) != AddressAllocator.NONE; ) {
            assertEquals(1, (int) r & 1, "an address used at load came out");
            got.add((int) r);
        }
        assertEquals(128, got.size());
        List<Integer> sorted = new ArrayList<>(got);
        sorted.sort(Integer::compareUnsigned);
        assertTrue(!sorted.equals(got), "queue was not shuffled");
    }

    @Test
    void tooLargeAPoolIsRefusedNamingIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> create(AllocatorType.ITERATIVE, PoolRange.of(AddressRange.of("0.0.0.0", "255.255.255.255"))));
        assertTrue(e.getMessage().contains("0.0.0.0 - 255.255.255.255"), e.getMessage());
    }

    @Test
    void unknownAllocatorNameIsRefusedNamingIt() {
        assertEquals(AllocatorType.FLQ, AllocatorType.fromKeaName("flq"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> AllocatorType.fromKeaName("Iterative"));
        assertTrue(e.getMessage().contains("'Iterative'"), e.getMessage());
    }

    @Test
    void aSlashEightPoolCostsLittleUntilUsed() {
        AddressAllocator a = create(AllocatorType.RANDOM, PoolRange.of(AddressRange.prefix(ip("10.0.0.0"), 8)));
        assertEquals(1 << 24, a.freeCount());
        long x = a.allocate(NONE_CLASSES);
        assertTrue(AddressRange.prefix(ip("10.0.0.0"), 8).contains((int) x));
        assertEquals((1 << 24) - 1, a.freeCount());
    }

    @ParameterizedTest
    @EnumSource(AllocatorType.class)
    @Timeout(60)
    void derivedBitmapsMatchStatesAfterConcurrentChurn(AllocatorType type) throws Exception {
        int base = ip("10.9.0.0");
        AddressAllocator a = AddressAllocators.create(type,
                List.of(PoolRange.of(AddressRange.of(base, base + 299)), PoolRange.of(AddressRange.of(base + 1000, base + 1063), "x")),
                clock, 10_000);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int seed = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    SplittableRandom random = new SplittableRandom(seed);
                    for (int n = 0; n < 100_000; n++) {
                        int addr = random.nextBoolean() ? base + random.nextInt(300) : base + 1000 + random.nextInt(64);
                        switch (random.nextInt(8)) {
                            case 0, 1 -> a.allocate(random.nextBoolean() ? NONE_CLASSES : "x"::equals);
                            case 2 -> a.claim(addr);
                            case 3 -> a.markUsed(addr);
                            case 4 -> a.markFree(addr);
                            case 5 -> a.release(addr);
                            case 6 -> a.reserve(addr);
                            default -> a.unreserve(addr);
                        }
                        if (n % 10_000 == 0) {
                            millis.addAndGet(3_000); // let holds run out and sweeps race the others
                        }
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
        ((BitmapAllocator) a).checkConsistency();
    }
}
