package io.leasehold.dhcp.lease;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * Per-subnet lease statistics of {@link InMemoryLeaseStore}, as Kea counts them: assigned (state default or declined,
 * expired or not) and declined leases, kept as leases change. Lock-free; a reader may see a change half counted.
 */
final class SubnetCounters {
    private final ConcurrentHashMap<Long, SubnetCounter> counts = new ConcurrentHashMap<>();

    private static final class SubnetCounter {
        final LongAdder assigned = new LongAdder();
        final LongAdder declined = new LongAdder();
    }

    /** Counts {@code lease} into ({@code delta} +1) or out of ({@code delta} -1) its subnet. */
    void count(Lease4 lease, int delta) {
        int state = lease.state();
        if (state != LeaseState.DEFAULT && state != LeaseState.DECLINED) {
            return;
        }
        SubnetCounter c = counts.computeIfAbsent(lease.subnetId(), id -> new SubnetCounter());
        c.assigned.add(delta);
        if (state == LeaseState.DECLINED) {
            c.declined.add(delta);
        }
    }

    LeaseStore.SubnetLeaseCounts get(long subnetId) {
        SubnetCounter c = counts.get(subnetId);
        return c == null ? new LeaseStore.SubnetLeaseCounts(0, 0)
                : new LeaseStore.SubnetLeaseCounts(c.assigned.sum(), c.declined.sum());
    }

    void clear() {
        counts.clear();
    }
}
