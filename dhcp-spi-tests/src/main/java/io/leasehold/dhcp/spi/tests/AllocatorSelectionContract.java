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
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The selection part of the {@link AddressAllocator} contract (see {@link AllocatorContract}): which pools a client's
 * classes open, how the engine's {@link CandidateFilter} verdicts steer the choice, and that every free address is
 * still found when the pools are nearly full.
 */
abstract class AllocatorSelectionContract extends AllocatorBasicContract {
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
}
