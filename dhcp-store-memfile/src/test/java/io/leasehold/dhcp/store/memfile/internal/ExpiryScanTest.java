package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;

import static io.leasehold.dhcp.store.memfile.internal.TestRows.lease;
import static io.leasehold.dhcp.store.memfile.internal.TestRows.put;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The expiry scan: which leases count as expired, oldest first, ties by unsigned address, at most the limit. */
class ExpiryScanTest {
    @Test
    void onlyFiniteDefaultAndDeclinedLeasesExpireAndComeOldestFirst() {
        LeaseSlots slots = new LeaseSlots();
        int late = put(slots, lease(0xC0000201).cltt(900).validLifetime(100)); // 1000: exactly now
        int early = put(slots, lease(0xC0000202).cltt(100).validLifetime(100)); // 200
        int declined = put(slots, lease(0xC0000203).cltt(100).validLifetime(200).state(LeaseState.DECLINED));
        put(slots, lease(0xC0000204).cltt(100).validLifetime(10).state(LeaseState.EXPIRED_RECLAIMED));
        put(slots, lease(0xC0000205).cltt(100).validLifetime(10).state(LeaseState.RELEASED));
        put(slots, lease(0xC0000206).cltt(0).validLifetime(Lease4.INFINITE_LIFETIME));
        put(slots, lease(0xC0000207).cltt(1000).validLifetime(1)); // 1001: not yet
        int freed = put(slots, lease(0xC0000208).cltt(0).validLifetime(1));
        slots.release(freed);
        assertArrayEquals(new int[] {early, declined, late}, ExpiryScan.expired(slots, 1000, 10));
        assertArrayEquals(new int[] {early, declined}, ExpiryScan.expired(slots, 1000, 2));
        assertArrayEquals(new int[] {early}, ExpiryScan.expired(slots, 299, 10));
        assertArrayEquals(new int[0], ExpiryScan.expired(slots, 199, 10));
    }

    @Test
    void tiesGoByUnsignedAddress() {
        LeaseSlots slots = new LeaseSlots();
        int high = put(slots, lease(0xC0000001).cltt(0).validLifetime(10));
        int low = put(slots, lease(0x0A000001).cltt(0).validLifetime(10));
        int top = put(slots, lease(0xffffffff).cltt(0).validLifetime(10));
        int mid = put(slots, lease(0x7fffffff).cltt(0).validLifetime(10));
        assertArrayEquals(new int[] {low, mid, high, top}, ExpiryScan.expired(slots, 10, 10));
        assertArrayEquals(new int[] {low, mid}, ExpiryScan.expired(slots, 10, 2));
    }

    @Test
    void randomLeasesAgreeWithSortingThemAll() {
        LeaseSlots slots = new LeaseSlots();
        Random r = new Random(13);
        List<int[]> expiring = new ArrayList<>(); // {slot, address}, with their expiry in a parallel list
        List<Long> expiries = new ArrayList<>();
        for (int n = 0; n < 3 * LeaseSlots.PAGE_SIZE; n++) {
            int address = r.nextInt();
            long cltt = r.nextInt(1000);
            int valid = 1 + r.nextInt(1000);
            int state = r.nextInt(5) == 0 ? LeaseState.RELEASED : LeaseState.DEFAULT;
            int slot = put(slots, lease(address).cltt(cltt).validLifetime(valid).state(state));
            if (state == LeaseState.DEFAULT && cltt + valid <= 1200) {
                expiring.add(new int[] {slot, address});
                expiries.add(cltt + valid);
            }
        }
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < expiring.size(); i++) {
            order.add(i);
        }
        order.sort(Comparator.<Integer>comparingLong(expiries::get)
                .thenComparing((a, b) -> Integer.compareUnsigned(expiring.get(a)[1], expiring.get(b)[1])));
        for (int limit : new int[] {1, 7, 500, expiring.size(), Integer.MAX_VALUE}) {
            int[] got = ExpiryScan.expired(slots, 1200, limit);
            int n = Math.min(limit, expiring.size());
            assertEquals(n, got.length);
            for (int i = 0; i < n; i++) {
                assertEquals(expiring.get(order.get(i))[0], got[i], "position " + i + " of " + limit);
            }
        }
    }
}
