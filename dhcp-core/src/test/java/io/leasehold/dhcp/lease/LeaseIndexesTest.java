package io.leasehold.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasehold.dhcp.lease.LeaseStore.SubnetLeaseCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

/**
 * The store's secondary indexes: a swap keeps the entries old and new lease share and moves the rest, and lookups
 * re-check their hits against the primary map.
 */
class LeaseIndexesTest {
    private final Map<Integer, Lease4> primary = new ConcurrentHashMap<>();
    private final LeaseIndexes indexes = new LeaseIndexes(primary::get);

    private static HardwareAddress hw(int n) {
        return HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, 0, (byte) n});
    }

    private static Lease4 lease(int address) {
        return Lease4.builder(address).hardwareAddress(hw(address))
                .clientId(ClientId.of(new byte[] {1, (byte) address})).hostname("h" + address).subnetId(1).cltt(0).validLifetime(100).build();
    }

    /** As the store adds a lease: indexes first, then the primary. */
    private void add(Lease4 l) {
        indexes.index(l, null);
        primary.put(l.address(), l);
    }

    /** As the store replaces a lease. */
    private void swap(Lease4 current, Lease4 next) {
        indexes.index(next, current);
        primary.put(next.address(), next);
        indexes.unindex(current, next);
    }

    @Test
    void aSwapMovesWhatChangedAndKeepsWhatIsShared() {
        Lease4 l = lease(10);
        add(l);
        add(lease(11));
        Lease4 moved = l.toBuilder().hostname("renamed").subnetId(2).cltt(50).build();
        swap(l, moved);
        assertEquals(List.of(moved), indexes.byHardwareAddress(hw(10)), "shared hardware address kept");
        assertEquals(List.of(moved), indexes.byClientId(l.clientId()));
        assertEquals(List.of(), indexes.byHostname("h10"));
        assertEquals(List.of(moved), indexes.byHostname("renamed"));
        assertEquals(List.of(lease(11)), indexes.bySubnet(1));
        assertEquals(List.of(moved), indexes.bySubnet(2));
        assertEquals(List.of(lease(11)), indexes.expired(100, 10));
        assertEquals(2, indexes.expired(150, 10).size());
        assertEquals(new SubnetLeaseCounts(1, 0), indexes.counts(1));
        assertEquals(new SubnetLeaseCounts(1, 0), indexes.counts(2));
    }

    @Test
    void removingALeaseLeavesNoEntry() {
        Lease4 l = lease(10);
        add(l);
        primary.remove(l.address());
        indexes.unindex(l, null);
        assertEquals(List.of(), indexes.byHardwareAddress(hw(10)));
        assertEquals(List.of(), indexes.byClientId(l.clientId()));
        assertEquals(List.of(), indexes.byHostname("h10"));
        assertEquals(List.of(), indexes.bySubnet(1));
        assertEquals(List.of(), indexes.expired(1000, 10));
        assertEquals(new SubnetLeaseCounts(0, 0), indexes.counts(1));
        List<Integer> walked = new ArrayList<>();
        indexes.forEachInSubnet(1, walked::add);
        assertEquals(List.of(), walked);
    }

    @Test
    void lookupsReCheckTheirHitsAgainstThePrimary() {
        Lease4 l = lease(10);
        indexes.index(l, null); // indexed, not yet in the primary (an add in progress)
        assertEquals(List.of(), indexes.byHardwareAddress(hw(10)));
        assertEquals(List.of(), indexes.bySubnet(1));
        primary.put(10, l.toBuilder().hardwareAddress(hw(99)).subnetId(3).hostname("other").build());
        assertEquals(List.of(), indexes.byHardwareAddress(hw(10)), "the primary's lease no longer carries the key");
        assertEquals(List.of(), indexes.byHostname("h10"));
        assertEquals(List.of(), indexes.bySubnet(1));
        List<Integer> walked = new ArrayList<>();
        indexes.forEachInSubnet(1, a -> walked.add(a));
        assertEquals(List.of(10), walked, "the raw walk leaves the re-check to the caller");
    }

    @Test
    void clearEmptiesEveryIndex() {
        add(lease(10));
        indexes.clear();
        assertEquals(List.of(), indexes.byHardwareAddress(hw(10)));
        assertEquals(List.of(), indexes.bySubnet(1));
        assertEquals(List.of(), indexes.expired(1000, 10));
        assertEquals(new SubnetLeaseCounts(0, 0), indexes.counts(1));
    }
}
