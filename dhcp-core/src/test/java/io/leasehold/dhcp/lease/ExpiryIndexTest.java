package io.leasehold.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The expiry index: which leases belong, oldest second first, hits re-checked against the primary, the limit. */
class ExpiryIndexTest {
    private final Map<Integer, Lease4> primary = new HashMap<>();
    private final ExpiryIndex index = new ExpiryIndex();

    private Lease4 put(int address, long cltt, long valid) {
        Lease4 l = Lease4.builder(address).cltt(cltt).validLifetime(valid).subnetId(1).build();
        primary.put(address, l);
        index.add(address, l.expire());
        return l;
    }

    private static Set<Integer> addresses(List<Lease4> leases) {
        return leases.stream().map(Lease4::address).collect(Collectors.toSet());
    }

    @Test
    void onlyFiniteDefaultAndDeclinedLeasesCanExpire() {
        Lease4.Builder b = Lease4.builder(1).cltt(0).validLifetime(10);
        assertTrue(ExpiryIndex.canExpire(b.build()));
        assertTrue(ExpiryIndex.canExpire(b.state(LeaseState.DECLINED).build()));
        assertFalse(ExpiryIndex.canExpire(b.state(LeaseState.EXPIRED_RECLAIMED).build()));
        assertFalse(ExpiryIndex.canExpire(b.state(LeaseState.RELEASED).build()));
        assertFalse(ExpiryIndex.canExpire(b.state(LeaseState.DEFAULT).validLifetime(Lease4.INFINITE_LIFETIME).build()));
    }

    @Test
    void oldestSecondsComeFirstUpToTheLimit() {
        put(1, 100, 50); // 150
        put(2, 0, 100); // 100
        put(3, 0, 100); // 100
        put(4, 150, 50); // 200
        List<Lease4> all = index.expired(200, 10, primary::get);
        assertEquals(Set.of(2, 3), addresses(all.subList(0, 2)));
        assertEquals(List.of(1, 4), all.subList(2, 4).stream().map(Lease4::address).toList());
        assertEquals(Set.of(2, 3), addresses(index.expired(200, 2, primary::get)));
        assertEquals(Set.of(2, 3), addresses(index.expired(149, 10, primary::get)));
        assertEquals(List.of(), index.expired(99, 10, primary::get));
    }

    @Test
    void aRenewedLeaseIsNotReportedFromItsOldSecond() {
        Lease4 l = put(1, 0, 100);
        // renewed in the primary but (as a racing reader may see it) still in its old bucket
        primary.put(1, l.toBuilder().cltt(1000).build());
        assertEquals(List.of(), index.expired(100, 10, primary::get));
        primary.remove(1);
        assertEquals(List.of(), index.expired(100, 10, primary::get), "deleted meanwhile");
    }

    @Test
    void removingTheLastAddressOfASecondDropsTheSecond() {
        put(1, 0, 100);
        put(2, 0, 100);
        index.remove(1, 100);
        assertEquals(Set.of(2), addresses(index.expired(100, 10, primary::get)));
        index.remove(2, 100);
        index.remove(3, 100);
        index.remove(3, 12345);
        assertEquals(List.of(), index.expired(Long.MAX_VALUE / 2, 10, primary::get));
        put(5, 0, 100);
        index.clear();
        assertEquals(List.of(), index.expired(Long.MAX_VALUE / 2, 10, primary::get));
    }
}
