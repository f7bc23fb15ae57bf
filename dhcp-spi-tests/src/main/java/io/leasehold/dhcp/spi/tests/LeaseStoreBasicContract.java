package io.leasehold.dhcp.spi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.lease.LeaseStore.SubnetLeaseCounts;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * The basic part of the {@link LeaseStore} contract (see {@link LeaseStoreContract}, the class to subclass): the
 * fixture and helpers every part uses, adding, reading, updating, compare-and-set replacing and deleting single
 * leases, closing, and persistence across a reopen.
 */
abstract class LeaseStoreBasicContract {
    /** Epoch seconds used as "now" by these tests. */
    protected static final long NOW = 1_767_225_600L;

    /** The store under test; {@link #reopen} tests replace it. Closed after each test. */
    protected LeaseStore store;

    /** A new, empty store. Called once before each test. */
    protected abstract LeaseStore newStore();

    /**
     * Closes {@code store} and opens the same store again, as after a restart. A persistent store overrides this;
     * the default skips the persistence tests.
     */
    protected LeaseStore reopen(LeaseStore store) {
        Assumptions.abort("this store does not persist leases; persistence tests skipped");
        return store;
    }

    @BeforeEach
    void openStore() {
        store = newStore();
    }

    @AfterEach
    void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    // ---------------------------------------------------------------- helpers

    /** An address from dotted-quad text. */
    protected static int ip(String text) {
        return Ipv4.parse(text);
    }

    /** A lease in state default in subnet 1, valid for an hour from {@link #NOW}, identity derived from the address. */
    protected static Lease4.Builder lease(String address) {
        int a = ip(address);
        return Lease4.builder(a)
                .hardwareAddress(hw(a))
                .clientId(ClientId.of(new byte[] {1, (byte) (a >>> 24), (byte) (a >>> 16), (byte) (a >>> 8), (byte) a}))
                .validLifetime(3600)
                .cltt(NOW)
                .subnetId(1)
                .hostname("host-" + (a & 0xff));
    }

    /** An Ethernet address whose last four bytes are {@code n}. */
    protected static HardwareAddress hw(int n) {
        return HardwareAddress.ethernet(new byte[] {2, 0, (byte) (n >>> 24), (byte) (n >>> 16), (byte) (n >>> 8), (byte) n});
    }

    /** The addresses of the leases, in order. */
    static List<Integer> addresses(List<Lease4> leases) {
        List<Integer> out = new ArrayList<>();
        for (Lease4 l : leases) {
            out.add(l.address());
        }
        return out;
    }

    /** Addresses from dotted-quad text. */
    static List<Integer> ips(String... text) {
        List<Integer> out = new ArrayList<>();
        for (String t : text) {
            out.add(ip(t));
        }
        return out;
    }

    // ---------------------------------------------------------------- add, get, update, replace, delete

    @Test
    void addThenGetReturnsTheLease() {
        Lease4 l = lease("192.0.2.10").build();
        assertTrue(store.add(l));
        assertEquals(Optional.of(l), store.get(ip("192.0.2.10")));
        assertEquals(Optional.empty(), store.get(ip("192.0.2.11")));
        assertEquals(1, store.size());
    }

    @Test
    void addRefusesAnAddressThatHasALease() {
        Lease4 first = lease("192.0.2.10").build();
        Lease4 second = lease("192.0.2.10").hardwareAddress(hw(99)).build();
        assertTrue(store.add(first));
        assertFalse(store.add(second));
        assertEquals(Optional.of(first), store.get(first.address()));
        assertEquals(List.of(), store.getByHardwareAddress(hw(99)), "the refused lease left no index entry");
        assertEquals(1, store.size());
    }

    @Test
    void updateReplacesWhateverIsStoredButNeverAdds() {
        Lease4 l = lease("192.0.2.10").build();
        assertFalse(store.update(l));
        assertEquals(0, store.size());
        assertTrue(store.add(l));
        Lease4 renewed = l.toBuilder().cltt(NOW + 100).build();
        assertTrue(store.update(renewed));
        assertEquals(Optional.of(renewed), store.get(l.address()));
        assertEquals(1, store.size());
    }

    @Test
    void replaceIsACompareAndSet() {
        Lease4 l = lease("192.0.2.10").build();
        Lease4 a = l.toBuilder().cltt(NOW + 1).build();
        Lease4 b = l.toBuilder().cltt(NOW + 2).build();
        assertFalse(store.replace(l, a), "nothing stored yet");
        store.add(l);
        assertTrue(store.replace(l, a));
        assertFalse(store.replace(l, b), "expected lease is stale");
        assertEquals(Optional.of(a), store.get(l.address()));
        assertTrue(store.replace(lease("192.0.2.10").cltt(NOW + 1).build(), b), "equal, not identical, is enough");
        assertEquals(Optional.of(b), store.get(l.address()));
    }

    @Test
    void replaceRefusesLeasesForDifferentAddresses() {
        Lease4 l = lease("192.0.2.10").build();
        store.add(l);
        assertThrows(IllegalArgumentException.class, () -> store.replace(l, lease("192.0.2.11").build()));
        assertEquals(Optional.of(l), store.get(l.address()));
    }

    @Test
    void deleteByLeaseIsACompareAndSet() {
        Lease4 l = lease("192.0.2.10").build();
        store.add(l);
        assertFalse(store.delete(l.toBuilder().cltt(NOW - 1).build()));
        assertEquals(1, store.size());
        assertTrue(store.delete(l));
        assertFalse(store.delete(l));
        assertEquals(Optional.empty(), store.get(l.address()));
        assertEquals(0, store.size());
    }

    @Test
    void deleteByAddressReturnsTheDeletedLease() {
        Lease4 l = lease("192.0.2.10").build();
        store.add(l);
        assertEquals(Optional.of(l), store.delete(l.address()));
        assertEquals(Optional.empty(), store.delete(l.address()));
        assertEquals(0, store.size());
        assertTrue(store.add(l), "the address is free again");
    }

    // ---------------------------------------------------------------- close and persistence

    // ---------------------------------------------------------------- putAllIfNewer (an HA sync's pages)

    @Test
    void putAllIfNewerAddsMissingReplacesOlderAndKeepsWhatIsNotOlder() {
        Lease4 older = lease("192.0.2.1").build();
        Lease4 newer = lease("192.0.2.2").cltt(NOW + 100).build();
        Lease4 same = lease("192.0.2.3").build();
        store.add(older);
        store.add(newer);
        store.add(same);
        Lease4 older2 = older.toBuilder().cltt(NOW + 10).hostname("fetched").build();
        Lease4 newer2 = newer.toBuilder().cltt(NOW + 50).hostname("stale").build();
        Lease4 same2 = same.toBuilder().hostname("same-cltt").build();
        Lease4 fresh = lease("192.0.2.4").build();
        List<List<Lease4>> changes = new ArrayList<>();
        int stored = store.putAllIfNewer(List.of(older2, newer2, same2, fresh),
                (before, after) -> changes.add(java.util.Arrays.asList(before, after)));
        assertEquals(2, stored);
        assertEquals(List.of(java.util.Arrays.asList(older, older2), java.util.Arrays.asList(null, fresh)), changes,
                "each stored lease reported once, in order, with the lease it replaced");
        assertEquals(List.of(older2, newer, same, fresh), store.getPage(0, 10));
        assertEquals(List.of(older2), store.getByHostname("fetched"));
        assertEquals(0, store.putAllIfNewer(List.of(older2, fresh), (b, a) -> changes.add(List.of(a))),
                "a page applied twice stores nothing the second time");
        assertEquals(2, changes.size());
    }

    @Test
    void putAllIfNewerTakesAnyOrderAndRepeatedAddresses() {
        Lease4 c1 = lease("192.0.2.30").build();
        Lease4 a1 = lease("192.0.2.10").build();
        Lease4 c2 = c1.toBuilder().cltt(NOW + 5).hostname("second").build();
        Lease4 c0 = c1.toBuilder().cltt(NOW - 5).hostname("older").build();
        List<Lease4> after = new ArrayList<>();
        assertEquals(3, store.putAllIfNewer(List.of(c1, a1, c2, c0), (b, a) -> after.add(a)));
        assertEquals(List.of(c1, a1, c2), after);
        assertEquals(List.of(a1, c2), store.getPage(0, 10));
        assertEquals(List.of(c2), store.getByHardwareAddress(c1.hardwareAddress()));
        assertEquals(new SubnetLeaseCounts(2, 0), store.countBySubnet(1));
    }

    @Test
    void putAllIfNewerOfManyLeasesIsCompleteAndSurvivesReopen() {
        List<Lease4> page = new ArrayList<>();
        int base = ip("10.9.0.0");
        for (int i = 0; i < 600; i++) {
            page.add(Lease4.builder(base + i).hardwareAddress(hw(base + i)).validLifetime(3600).cltt(NOW + i % 7)
                    .subnetId(1 + i % 2).state(i % 100 == 0 ? LeaseState.DECLINED : LeaseState.DEFAULT).build());
        }
        store.add(page.get(500).toBuilder().cltt(NOW + 1000).hostname("kept").build());
        assertEquals(599, store.putAllIfNewer(page, (b, a) -> { }));
        List<Lease4> expected = new ArrayList<>(page);
        expected.set(500, page.get(500).toBuilder().cltt(NOW + 1000).hostname("kept").build());
        assertEquals(expected, store.getPage(0, 2000));
        assertEquals(new SubnetLeaseCounts(300, 6), store.countBySubnet(1));
        store = reopen(store);
        assertEquals(expected, store.getPage(0, 2000), "after a reopen");
        assertEquals(new SubnetLeaseCounts(300, 6), store.countBySubnet(1));
    }

    @Test
    void closedStoreRefusesEveryCallAndClosesTwiceQuietly() {
        Lease4 l = lease("192.0.2.1").build();
        store.add(l);
        store.close();
        store.close();
        List<Executable> calls = List.of(
                () -> store.add(lease("192.0.2.2").build()),
                () -> store.update(l),
                () -> store.replace(l, l),
                () -> store.delete(l),
                () -> store.delete(l.address()),
                () -> store.get(l.address()),
                () -> store.getByHardwareAddress(l.hardwareAddress()),
                () -> store.getByClientId(l.clientId()),
                () -> store.getByHostname("host-1"),
                () -> store.getBySubnet(1),
                () -> store.getPage(0, 10),
                () -> store.getExpired(NOW, 10),
                () -> store.size(),
                () -> store.countBySubnet(1),
                () -> store.wipe(1));
        for (Executable call : calls) {
            assertThrows(IllegalStateException.class, call);
        }
    }

    @Test
    void leasesSurviveReopen() {
        Lease4 a = lease("192.0.2.1").build();
        Lease4 b = lease("192.0.2.2").build();
        Lease4 c = lease("200.0.0.3").state(LeaseState.DECLINED).build();
        store.add(a);
        store.add(b);
        store.add(c);
        Lease4 a2 = a.toBuilder().cltt(NOW + 30).hostname("renamed").build();
        store.replace(a, a2);
        store.delete(b);
        store = reopen(store);
        assertEquals(2, store.size());
        assertEquals(List.of(a2, c), store.getPage(0, 10));
        assertEquals(List.of(a2), store.getByHostname("renamed"));
        assertEquals(List.of(), store.getByHostname("host-1"));
        assertEquals(List.of(a2), store.getByHardwareAddress(a.hardwareAddress()));
        assertEquals(new SubnetLeaseCounts(2, 1), store.countBySubnet(1));
        assertTrue(store.add(b), "the deleted lease stays deleted");
    }
}
