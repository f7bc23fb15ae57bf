package io.leasehold.dhcp.spi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AddressRange;
import io.leasehold.dhcp.alloc.AddressState;
import io.leasehold.dhcp.alloc.CandidateFilter;
import io.leasehold.dhcp.alloc.CandidateFilter.Verdict;
import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.time.Clock;
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
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The {@link AddressAllocator} contract. Subclass it in a test of your allocator and implement {@link #newAllocator};
 * every test here runs against it. Time is virtual: tests move {@link #clock} by hand.
 */
public abstract class AllocatorContract {
    /** The offer hold most tests use, in milliseconds. */
    protected static final long HOLD = 10_000;
    /** The client belongs to no class. */
    protected static final Predicate<String> NO_CLASSES = c -> false;

    /** The virtual clock handed to every allocator made here. */
    protected final ManualClock clock = new ManualClock();

    /**
     * A new allocator over {@code pools} whose offer hold is {@code offerHoldMillis} on {@code clock}.
     *
     * @throws IllegalArgumentException when pools overlap
     */
    protected abstract AddressAllocator newAllocator(List<PoolRange> pools, Clock clock, long offerHoldMillis);

    /** A clock that moves only when told to. */
    protected static final class ManualClock implements Clock {
        private final AtomicLong millis = new AtomicLong(1_767_225_600_000L);

        /** Moves time forward. */
        public void advance(long ms) {
            millis.addAndGet(ms);
        }

        @Override
        public long currentTimeMillis() {
            return millis.get();
        }

        @Override
        public long nanoTime() {
            return millis.get() * 1_000_000L;
        }
    }

    // ---------------------------------------------------------------- helpers

    protected static int ip(String text) {
        return Ipv4.parse(text);
    }

    /** An open pool {@code first - last}. */
    protected static PoolRange pool(String first, String last) {
        return PoolRange.of(AddressRange.of(first, last));
    }

    protected AddressAllocator allocator(PoolRange... pools) {
        return newAllocator(List.of(pools), clock, HOLD);
    }

    /** Allocates until exhaustion; fails on a repeat. */
    protected static List<Integer> drain(AddressAllocator a, Predicate<String> classes) {
        List<Integer> out = new ArrayList<>();
        Set<Integer> seen = new HashSet<>();
        for (long r; (r = a.allocate(classes)) != AddressAllocator.NONE; ) {
            assertTrue(r >= 0 && r <= 0xffffffffL, "not an unsigned address: " + r);
            assertTrue(seen.add((int) r), "handed out twice: " + Ipv4.toString((int) r));
            out.add((int) r);
            assertTrue(out.size() <= a.size(), "more addresses than the pools hold");
        }
        return out;
    }

    private static Set<Integer> range(String first, String last) {
        Set<Integer> out = new HashSet<>();
        for (int a = ip(first); ; a++) {
            out.add(a);
            if (a == ip(last)) {
                return out;
            }
        }
    }

    // ---------------------------------------------------------------- basics

    @Test
    void handsOutEveryAddressOnceThenReportsExhaustion() {
        AddressAllocator a = allocator(pool("192.0.2.10", "192.0.2.109"));
        assertEquals(100, a.size());
        assertEquals(100, a.freeCount());
        List<Integer> got = drain(a, NO_CLASSES);
        assertEquals(range("192.0.2.10", "192.0.2.109"), new HashSet<>(got));
        for (int addr : got) {
            assertEquals(AddressState.OFFERED, a.state(addr));
        }
        assertEquals(0, a.freeCount());
        assertEquals(AddressAllocator.NONE, a.allocate(NO_CLASSES));
        assertEquals(AddressAllocator.NONE, a.allocate(NO_CLASSES), "exhaustion is stable");
    }

    @Test
    void worksAcrossTheSignBoundaryAndAtTheTopOfTheAddressSpace() {
        AddressAllocator a = allocator(pool("127.255.255.250", "128.0.0.5"), pool("255.255.255.250", "255.255.255.255"));
        Set<Integer> expected = range("127.255.255.250", "128.0.0.5");
        expected.addAll(range("255.255.255.250", "255.255.255.255"));
        assertEquals(expected, new HashSet<>(drain(a, NO_CLASSES)));
        assertEquals(AddressState.OUTSIDE_POOLS, a.state(ip("128.0.0.6")));
    }

    @Test
    void allocatorWithoutPoolsHasNothing() {
        AddressAllocator a = newAllocator(List.of(), clock, HOLD);
        assertEquals(AddressAllocator.NONE, a.allocate(NO_CLASSES));
        assertEquals(0, a.size());
        assertFalse(a.markUsed(ip("192.0.2.1")));
    }

    @Test
    void overlappingPoolsAreRefused() {
        assertThrows(IllegalArgumentException.class,
                () -> allocator(pool("192.0.2.10", "192.0.2.20"), pool("192.0.2.20", "192.0.2.30")));
    }

    @Test
    void reportsThePools() {
        PoolRange p1 = pool("192.0.2.10", "192.0.2.19");
        PoolRange p2 = PoolRange.of(AddressRange.of("192.0.2.100", "192.0.2.109"), "vip");
        AddressAllocator a = allocator(p1, p2);
        assertEquals(List.of(p1, p2), a.pools());
        assertEquals(HOLD, a.offerHoldMillis());
        assertEquals(20, a.size());
    }

    // ---------------------------------------------------------------- never hands out what is not free

    @Test
    void neverHandsOutUsedOfferedOrReservedAddresses() {
        AddressAllocator a = allocator(pool("192.0.2.1", "192.0.2.50"));
        Set<Integer> unavailable = new HashSet<>();
        for (int i = 1; i <= 50; i += 3) {
            assertTrue(a.markUsed(ip("192.0.2." + i)));
            unavailable.add(ip("192.0.2." + i));
        }
        // a declined address is recorded as used too
        assertTrue(a.markUsed(ip("192.0.2.2")));
        unavailable.add(ip("192.0.2.2"));
        assertTrue(a.reserve(ip("192.0.2.3")));
        unavailable.add(ip("192.0.2.3"));
        assertTrue(a.claim(ip("192.0.2.5")));
        unavailable.add(ip("192.0.2.5"));
        List<Integer> got = drain(a, NO_CLASSES);
        for (int addr : got) {
            assertFalse(unavailable.contains(addr), "handed out " + Ipv4.toString(addr));
        }
        assertEquals(50 - unavailable.size(), got.size());
    }

    @Test
    void statesFollowTheLifecycle() {
        AddressAllocator a = allocator(pool("192.0.2.1", "192.0.2.10"));
        int x = ip("192.0.2.4");
        assertEquals(AddressState.FREE, a.state(x));
        assertTrue(a.claim(x));
        assertEquals(AddressState.OFFERED, a.state(x));
        assertFalse(a.claim(x), "already offered");
        assertTrue(a.markUsed(x));
        assertEquals(AddressState.USED, a.state(x));
        assertFalse(a.markUsed(x));
        assertFalse(a.release(x), "a late release does not free a committed lease");
        assertEquals(AddressState.USED, a.state(x));
        assertFalse(a.claim(x));
        assertTrue(a.markFree(x));
        assertEquals(AddressState.FREE, a.state(x));
        assertFalse(a.markFree(x));
        assertFalse(a.release(x));
        assertTrue(a.markUsed(x), "a lease loaded or written elsewhere marks a free address used");
        assertEquals(AddressState.USED, a.state(x));
        assertEquals(AddressState.OUTSIDE_POOLS, a.state(ip("192.0.2.11")));
        assertFalse(a.claim(ip("192.0.2.11")));
        assertFalse(a.markUsed(ip("192.0.2.11")));
        assertFalse(a.markFree(ip("192.0.2.11")));
        assertFalse(a.reserve(ip("192.0.2.11")));
    }

    @Test
    void releasedAndFreedAddressesComeBack() {
        AddressAllocator a = allocator(pool("192.0.2.1", "192.0.2.20"));
        List<Integer> got = drain(a, NO_CLASSES);
        int released = got.get(7);
        int committed = got.get(3);
        assertTrue(a.markUsed(committed));
        assertTrue(a.release(released));
        assertEquals(1, a.freeCount());
        assertEquals(released, (int) a.allocate(NO_CLASSES));
        assertEquals(AddressAllocator.NONE, a.allocate(NO_CLASSES));
        assertTrue(a.markFree(committed));
        assertEquals(committed, (int) a.allocate(NO_CLASSES));
    }

    @Test
    void reservedAddressesStayOutUntilUnreserved() {
        AddressAllocator a = allocator(pool("192.0.2.1", "192.0.2.3"));
        int r = ip("192.0.2.2");
        assertTrue(a.reserve(r));
        assertFalse(a.reserve(r));
        assertEquals(AddressState.RESERVED, a.state(r));
        assertFalse(a.claim(r), "claim does not take a reserved address");
        // its owner leases it and gives it back: it stays reserved
        assertTrue(a.markUsed(r));
        assertEquals(AddressState.USED, a.state(r));
        assertTrue(a.markFree(r));
        assertEquals(AddressState.RESERVED, a.state(r));
        assertEquals(Set.of(ip("192.0.2.1"), ip("192.0.2.3")), new HashSet<>(drain(a, NO_CLASSES)));
        assertTrue(a.unreserve(r));
        assertFalse(a.unreserve(r));
        assertEquals(r, (int) a.allocate(NO_CLASSES));
    }

    // ---------------------------------------------------------------- client classes

    @Test
    void classRestrictedPoolsServeOnlyTheirClasses() {
        PoolRange open = pool("192.0.2.1", "192.0.2.10");
        PoolRange vip = PoolRange.of(AddressRange.of("192.0.2.100", "192.0.2.104"), "vip");
        PoolRange either = new PoolRange(AddressRange.of("192.0.2.200", "192.0.2.201"), Set.of("a", "b"));
        AddressAllocator a = allocator(vip, open, either);
        List<Integer> plain = drain(a, NO_CLASSES);
        assertEquals(range("192.0.2.1", "192.0.2.10"), new HashSet<>(plain), "no class: only the open pool");
        assertEquals(AddressAllocator.NONE, a.allocate(NO_CLASSES), "restricted pools stay closed when open is full");
        List<Integer> forB = drain(a, Set.of("b")::contains);
        assertEquals(range("192.0.2.200", "192.0.2.201"), new HashSet<>(forB));
        List<Integer> forVip = drain(a, Set.of("vip", "other")::contains);
        assertEquals(range("192.0.2.100", "192.0.2.104"), new HashSet<>(forVip));
    }

    @Test
    void classMembersMayAlsoUseOpenPools() {
        AddressAllocator a = allocator(pool("192.0.2.1", "192.0.2.2"),
                PoolRange.of(AddressRange.of("192.0.2.100", "192.0.2.101"), "vip"));
        Set<Integer> expected = range("192.0.2.1", "192.0.2.2");
        expected.addAll(range("192.0.2.100", "192.0.2.101"));
        assertEquals(expected, new HashSet<>(drain(a, "vip"::equals)));
    }

    // ---------------------------------------------------------------- the engine's filter

    @Test
    void candidatesTheFilterReportsInUseBecomeUsed() {
        AddressAllocator a = allocator(pool("192.0.2.1", "192.0.2.10"));
        List<Integer> rejected = new ArrayList<>();
        CandidateFilter filter = addr -> {
            if (rejected.size() < 4) {
                rejected.add(addr);
                return Verdict.IN_USE;
            }
            return Verdict.ACCEPT;
        };
        long got = a.allocate(NO_CLASSES, filter);
        assertNotEquals(AddressAllocator.NONE, got);
        assertEquals(4, rejected.size());
        assertFalse(rejected.contains((int) got));
        for (int r : rejected) {
            assertEquals(AddressState.USED, a.state(r));
        }
        assertEquals(5, drain(a, NO_CLASSES).size());
    }

    @Test
    void skippedCandidatesStayFreeForOthers() {
        AddressAllocator a = allocator(pool("192.0.2.1", "192.0.2.10"));
        int odd = ip("192.0.2.1") & 1;
        long got = a.allocate(NO_CLASSES, addr -> (addr & 1) == odd ? Verdict.SKIP : Verdict.ACCEPT);
        assertNotEquals(AddressAllocator.NONE, got);
        assertNotEquals(odd, (int) got & 1);
        assertEquals(9, a.freeCount(), "only the accepted address left the pool");
        assertEquals(AddressAllocator.NONE, a.allocate(NO_CLASSES, addr -> Verdict.SKIP), "all skipped: none");
        assertEquals(9, a.freeCount());
        assertEquals(9, drain(a, NO_CLASSES).size());
    }

    @Test
    void skippingIsBoundedPerCall() {
        AddressAllocator a = allocator(pool("10.0.0.0", "10.0.3.255"));
        int[] asked = {0};
        assertEquals(AddressAllocator.NONE, a.allocate(NO_CLASSES, addr -> {
            asked[0]++;
            return Verdict.SKIP;
        }));
        assertTrue(asked[0] <= AddressAllocator.MAX_SKIPS, "asked " + asked[0]);
        assertEquals(1024, a.freeCount());
    }

    @Test
    void aFailingFilterLeaksNothing() {
        AddressAllocator a = allocator(pool("192.0.2.1", "192.0.2.10"));
        assertThrows(IllegalStateException.class, () -> a.allocate(NO_CLASSES, addr -> {
            throw new IllegalStateException("store unavailable");
        }));
        assertEquals(10, a.freeCount());
    }

    // ---------------------------------------------------------------- offer hold

    @Test
    void anAbandonedOfferReturnsAfterTheHold() {
        AddressAllocator a = allocator(pool("192.0.2.1", "192.0.2.20"));
        List<Integer> offered = drain(a, NO_CLASSES);
        clock.advance(HOLD - 1);
        assertEquals(AddressAllocator.NONE, a.allocate(NO_CLASSES), "still held just before the hold ends");
        assertEquals(AddressState.OFFERED, a.state(offered.get(0)));
        clock.advance(HOLD / 4 + 1); // at most a quarter hold late
        assertEquals(AddressState.FREE, a.state(offered.get(0)));
        assertEquals(new HashSet<>(offered), new HashSet<>(drain(a, NO_CLASSES)));
    }

    @Test
    void theHoldLastsAtLeastTheHoldAndAtMostAQuarterMoreWhenEverTheOfferIsMade() {
        long[] phases = {0, 1, HOLD / 8, HOLD / 4 - 1, HOLD / 4, HOLD / 3, HOLD - 1, 7 * HOLD + 13};
        for (long phase : phases) {
            AddressAllocator a = allocator(pool("192.0.2.1", "192.0.2.1"));
            clock.advance(phase);
            long x = a.allocate(NO_CLASSES);
            assertNotEquals(AddressAllocator.NONE, x);
            clock.advance(HOLD - 1);
            assertEquals(AddressAllocator.NONE, a.allocate(NO_CLASSES), "offer at phase " + phase + " ran out early");
            clock.advance(HOLD / 4 + 1);
            assertEquals(x, a.allocate(NO_CLASSES), "offer at phase " + phase + " held too long");
        }
    }

    @Test
    void committedAddressesOutliveTheHold() {
        AddressAllocator a = allocator(pool("192.0.2.1", "192.0.2.5"));
        List<Integer> offered = drain(a, NO_CLASSES);
        for (int addr : offered.subList(0, 3)) {
            a.markUsed(addr);
        }
        clock.advance(3 * HOLD);
        assertEquals(new HashSet<>(offered.subList(3, 5)), new HashSet<>(drain(a, NO_CLASSES)));
        for (int addr : offered.subList(0, 3)) {
            assertEquals(AddressState.USED, a.state(addr));
        }
    }

    @Test
    void aClaimedAddressIsHeldAndReturnsToo() {
        AddressAllocator a = allocator(pool("192.0.2.1", "192.0.2.1"));
        int x = ip("192.0.2.1");
        assertTrue(a.claim(x));
        assertEquals(AddressAllocator.NONE, a.allocate(NO_CLASSES));
        clock.advance(HOLD * 5 / 4 + 1);
        assertTrue(a.claim(x), "the requested-address path may take an offer whose hold ran out");
        clock.advance(HOLD * 5 / 4 + 1);
        assertEquals(x, (int) a.allocate(NO_CLASSES));
    }

    @Test
    void aReOfferStartsAFreshHold() {
        AddressAllocator a = allocator(pool("192.0.2.1", "192.0.2.1"));
        int x = ip("192.0.2.1");
        assertEquals(x, (int) a.allocate(NO_CLASSES));
        clock.advance(HOLD / 2);
        assertTrue(a.release(x));
        assertEquals(x, (int) a.allocate(NO_CLASSES));
        clock.advance(HOLD - 1);
        assertEquals(AddressState.OFFERED, a.state(x), "the second offer's hold counts from the second offer");
        assertEquals(AddressAllocator.NONE, a.allocate(NO_CLASSES));
    }

    // ---------------------------------------------------------------- fill level

    @Test
    void aNearlyFullPoolStillYieldsEveryFreeAddress() {
        int size = 100_000;
        AddressAllocator a = allocator(PoolRange.of(AddressRange.of(ip("10.0.0.0"), ip("10.0.0.0") + size - 1)));
        SplittableRandom random = new SplittableRandom(42);
        Set<Integer> free = new HashSet<>();
        while (free.size() < size / 1000) {
            free.add(ip("10.0.0.0") + random.nextInt(size));
        }
        for (int i = 0; i < size; i++) {
            int addr = ip("10.0.0.0") + i;
            if (!free.contains(addr)) {
                a.markUsed(addr);
            }
        }
        assertEquals(free.size(), a.freeCount());
        assertEquals(free, new HashSet<>(drain(a, NO_CLASSES)));
        // churn at 99.9 %: free one, get exactly that one back
        for (int i = 0; i < 1000; i++) {
            int addr = ip("10.0.0.0") + random.nextInt(size);
            a.markFree(addr);
            assertEquals(addr, (int) a.allocate(NO_CLASSES));
            a.markUsed(addr);
        }
    }

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
