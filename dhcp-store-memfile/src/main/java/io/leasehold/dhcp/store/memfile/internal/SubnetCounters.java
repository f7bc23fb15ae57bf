package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.LeaseState;

import java.util.HashMap;
import java.util.Map;

/**
 * The per-subnet lease statistics of a {@link LeaseTable}, as Kea counts them: leases, assigned (state default or
 * declined, expired or not) and declined, kept as leases come and go. A subnet without leases has no entry.
 *
 * <p>Not thread-safe (see {@link LeaseTable}).
 */
final class SubnetCounters {
    /** A subnet's counters. */
    private static final class Counts {
        long leases;
        long assigned;
        long declined;
    }

    private final Map<Integer, Counts> subnets = new HashMap<>();
    private int cachedSubnet;
    private Counts cachedCounts;

    /** Counts a lease in {@code state} into ({@code delta} 1) or out of ({@code delta} -1) {@code subnet}. */
    void count(int subnet, int state, int delta) {
        Counts c = entry(subnet);
        c.leases += delta;
        if (state == LeaseState.DEFAULT || state == LeaseState.DECLINED) {
            c.assigned += delta;
        }
        if (state == LeaseState.DECLINED) {
            c.declined += delta;
        }
        if (c.leases == 0) {
            subnets.remove(subnet);
            cachedCounts = null;
        }
    }

    /** The entry of a subnet, created if needed; the last one is cached (loads come in runs of one subnet). */
    private Counts entry(int subnet) {
        Counts c = cachedCounts;
        if (c == null || cachedSubnet != subnet) {
            c = subnets.computeIfAbsent(subnet, k -> new Counts());
            cachedSubnet = subnet;
            cachedCounts = c;
        }
        return c;
    }

    /** {@code {leases, assigned, declined}} of a subnet. */
    long[] get(int subnet) {
        Counts c = subnets.get(subnet);
        return c == null ? new long[3] : new long[] {c.leases, c.assigned, c.declined};
    }

    /** Counts every live slot of {@code slots} from scratch. */
    void build(LeaseSlots slots) {
        subnets.clear();
        cachedCounts = null;
        int limit = slots.limit();
        for (int slot = 0; slot < limit; slot++) {
            if (slots.isLive(slot)) {
                count(slots.subnet(slot), slots.state(slot), 1);
            }
        }
    }

    /** Subnets with leases (tests: an emptied subnet leaves no entry). */
    int subnetCount() {
        return subnets.size();
    }
}
