package io.leasehold.dhcp.spi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AddressRange;
import io.leasehold.dhcp.alloc.AddressState;
import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * The basic part of the {@link AddressAllocator} contract (see {@link AllocatorContract}, the class to subclass): the
 * fixture (virtual clock, helpers), pools and sizes, exhaustion, and the state of each address through its lifecycle
 * (free, offered, used, reserved): nothing that is not free is ever handed out.
 */
abstract class AllocatorBasicContract {
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

    /** Every address from {@code first} to {@code last}. */
    static Set<Integer> range(String first, String last) {
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
}
