package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.LeaseState;
import org.junit.jupiter.api.Test;

import static io.leasehold.dhcp.store.memfile.internal.TestRows.lease;
import static io.leasehold.dhcp.store.memfile.internal.TestRows.put;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Kea's subnet statistics: default and declined leases are assigned, declined ones also declined. */
class SubnetCountersTest {
    @Test
    void countsFollowKeaStates() {
        SubnetCounters c = new SubnetCounters();
        c.count(1, LeaseState.DEFAULT, 1);
        c.count(1, LeaseState.DECLINED, 1);
        c.count(1, LeaseState.EXPIRED_RECLAIMED, 1);
        c.count(1, LeaseState.RELEASED, 1);
        c.count(2, LeaseState.DEFAULT, 1);
        assertArrayEquals(new long[] {4, 2, 1}, c.get(1));
        assertArrayEquals(new long[] {1, 1, 0}, c.get(2));
        assertArrayEquals(new long[] {0, 0, 0}, c.get(3));
        c.count(1, LeaseState.DECLINED, -1);
        assertArrayEquals(new long[] {3, 1, 0}, c.get(1));
    }

    @Test
    void aSubnetWithoutLeasesHasNoEntry() {
        SubnetCounters c = new SubnetCounters();
        c.count(5, LeaseState.DEFAULT, 1);
        c.count(6, LeaseState.RELEASED, 1);
        c.count(5, LeaseState.DEFAULT, -1);
        assertEquals(1, c.subnetCount());
        assertArrayEquals(new long[] {0, 0, 0}, c.get(5));
        c.count(5, LeaseState.DECLINED, 1);
        assertArrayEquals(new long[] {1, 1, 1}, c.get(5), "the emptied subnet restarts at zero");
    }

    @Test
    void buildCountsEveryLiveSlotFromScratch() {
        LeaseSlots slots = new LeaseSlots();
        put(slots, lease(1).subnetId(1));
        put(slots, lease(2).subnetId(1).state(LeaseState.DECLINED));
        int gone = put(slots, lease(3).subnetId(1));
        put(slots, lease(4).subnetId(2).state(LeaseState.EXPIRED_RECLAIMED));
        slots.release(gone);
        SubnetCounters c = new SubnetCounters();
        c.count(9, LeaseState.DEFAULT, 1);
        c.build(slots);
        assertArrayEquals(new long[] {2, 2, 1}, c.get(1));
        assertArrayEquals(new long[] {1, 0, 0}, c.get(2));
        assertArrayEquals(new long[] {0, 0, 0}, c.get(9), "counts from before the build are gone");
    }
}
