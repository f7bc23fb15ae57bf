package io.leasehold.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasehold.dhcp.lease.LeaseStore.SubnetLeaseCounts;
import org.junit.jupiter.api.Test;

/** Kea's per-subnet counts: default and declined leases are assigned, declined ones also declined. */
class SubnetCountersTest {

    private static Lease4 lease(int address, long subnet, int state) {
        return Lease4.builder(address).subnetId(subnet).state(state).validLifetime(60).build();
    }

    @Test
    void countsFollowKeaStates() {
        SubnetCounters c = new SubnetCounters();
        c.count(lease(1, 1, LeaseState.DEFAULT), 1);
        c.count(lease(2, 1, LeaseState.DECLINED), 1);
        c.count(lease(3, 1, LeaseState.EXPIRED_RECLAIMED), 1);
        c.count(lease(4, 1, LeaseState.RELEASED), 1);
        c.count(lease(5, 2, LeaseState.DEFAULT), 1);
        assertEquals(new SubnetLeaseCounts(2, 1), c.get(1));
        assertEquals(new SubnetLeaseCounts(1, 0), c.get(2));
        assertEquals(new SubnetLeaseCounts(0, 0), c.get(3));
        c.count(lease(2, 1, LeaseState.DECLINED), -1);
        assertEquals(new SubnetLeaseCounts(1, 0), c.get(1));
        c.clear();
        assertEquals(new SubnetLeaseCounts(0, 0), c.get(2));
    }
}
