package io.leasehold.dhcp.spi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AddressState;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The offer-hold part of the {@link AddressAllocator} contract (see {@link AllocatorContract}): an offered address
 * that is never committed comes back after the hold, no earlier and at most a quarter hold later, in virtual time.
 */
abstract class AllocatorOfferHoldContract extends AllocatorSelectionContract {
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
}
