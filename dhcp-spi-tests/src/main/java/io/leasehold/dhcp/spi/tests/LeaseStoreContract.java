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
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * The {@link LeaseStore} contract. Subclass it in a test of your store, implement {@link #newStore()} (and
 * {@link #reopen} for a persistent store), and every test here runs against your implementation.
 *
 * <pre>
 * class MyStoreContractTest extends LeaseStoreContract {
 *     &#64;Override
 *     protected LeaseStore newStore() {
 *         return new MyStore(tempDir);
 *     }
 * }
 * </pre>
 */
public abstract class LeaseStoreContract {
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

    private static List<Integer> addresses(List<Lease4> leases) {
        List<Integer> out = new ArrayList<>();
        for (Lease4 l : leases) {
            out.add(l.address());
        }
        return out;
    }

    private static List<Integer> ips(String... text) {
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

    // ---------------------------------------------------------------- secondary indexes

    @Test
    void lookupsByIdentityFindTheLease() {
        Lease4 l = lease("192.0.2.10").build();
        store.add(l);
        store.add(lease("192.0.2.11").build());
        assertEquals(List.of(l), store.getByHardwareAddress(l.hardwareAddress()));
        assertEquals(List.of(l), store.getByClientId(l.clientId()));
        assertEquals(List.of(l), store.getByHostname("host-10"));
        assertEquals(List.of(), store.getByHostname("HOST-10"), "host names match case-sensitively");
        assertEquals(List.of(), store.getByHardwareAddress(hw(12345)));
        assertEquals(List.of(), store.getByClientId(ClientId.of(new byte[] {1, 2, 3})));
        assertEquals(List.of(), store.getByHostname("nobody"));
    }

    @Test
    void lookupsReturnEveryMatchInUnsignedAddressOrder() {
        HardwareAddress shared = hw(7);
        ClientId cid = ClientId.of(new byte[] {0, 7, 7});
        String[] text = {"200.0.0.1", "10.0.0.1", "128.0.0.0", "127.255.255.255", "255.255.255.254"};
        for (String t : text) {
            store.add(lease(t).hardwareAddress(shared).clientId(cid).hostname("same").subnetId(9).build());
        }
        List<Integer> expected = ips("10.0.0.1", "127.255.255.255", "128.0.0.0", "200.0.0.1", "255.255.255.254");
        assertEquals(expected, addresses(store.getByHardwareAddress(shared)));
        assertEquals(expected, addresses(store.getByClientId(cid)));
        assertEquals(expected, addresses(store.getByHostname("same")));
        assertEquals(expected, addresses(store.getBySubnet(9)));
    }

    @Test
    void manyLeasesWithOneHostNameStayIndexed() {
        for (int i = 0; i < 200; i++) {
            store.add(lease("10.0." + (i / 100) + "." + (i % 100 + 1)).hostname("android").build());
        }
        assertEquals(200, store.getByHostname("android").size());
        for (int i = 0; i < 200; i += 2) {
            store.delete(ip("10.0." + (i / 100) + "." + (i % 100 + 1)));
        }
        List<Lease4> left = store.getByHostname("android");
        assertEquals(100, left.size());
        assertEquals(store.getPage(0, 1000), left);
    }

    @Test
    void emptyHostNameMatchesNothing() {
        store.add(lease("192.0.2.10").hostname("").build());
        assertEquals(List.of(), store.getByHostname(""));
    }

    @Test
    void updateMovesTheLeaseBetweenIndexEntries() {
        Lease4 l = lease("192.0.2.10").build();
        store.add(l);
        HardwareAddress newHw = hw(4242);
        ClientId newCid = ClientId.of(new byte[] {1, 4, 2, 4, 2});
        Lease4 moved = l.toBuilder().hardwareAddress(newHw).clientId(newCid).hostname("renamed").subnetId(2).build();
        assertTrue(store.update(moved));
        assertEquals(List.of(), store.getByHardwareAddress(l.hardwareAddress()));
        assertEquals(List.of(), store.getByClientId(l.clientId()));
        assertEquals(List.of(), store.getByHostname("host-10"));
        assertEquals(List.of(), store.getBySubnet(1));
        assertEquals(List.of(moved), store.getByHardwareAddress(newHw));
        assertEquals(List.of(moved), store.getByClientId(newCid));
        assertEquals(List.of(moved), store.getByHostname("renamed"));
        assertEquals(List.of(moved), store.getBySubnet(2));
    }

    @Test
    void unchangedIdentityStaysIndexedAcrossReplace() {
        Lease4 l = lease("192.0.2.10").build();
        store.add(l);
        Lease4 renewed = l.toBuilder().cltt(NOW + 60).build();
        assertTrue(store.replace(l, renewed));
        assertEquals(List.of(renewed), store.getByHardwareAddress(l.hardwareAddress()));
        assertEquals(List.of(renewed), store.getByClientId(l.clientId()));
        assertEquals(List.of(renewed), store.getByHostname("host-10"));
        assertEquals(List.of(renewed), store.getBySubnet(1));
    }

    @Test
    void declinedLeaseWithoutIdentityIsFoundOnlyByAddressAndSubnet() {
        Lease4 l = lease("192.0.2.10").build();
        store.add(l);
        Lease4 declined = Lease4.builder(l.address()).subnetId(1).cltt(NOW).validLifetime(86400)
                .state(LeaseState.DECLINED).build();
        assertTrue(store.replace(l, declined));
        assertEquals(List.of(), store.getByHardwareAddress(l.hardwareAddress()));
        assertEquals(List.of(), store.getByClientId(l.clientId()));
        assertEquals(List.of(), store.getByHostname("host-10"));
        assertEquals(List.of(declined), store.getBySubnet(1));
    }

    @Test
    void deleteRemovesEveryIndexEntry() {
        Lease4 l = lease("192.0.2.10").build();
        store.add(l);
        store.delete(l);
        assertEquals(List.of(), store.getByHardwareAddress(l.hardwareAddress()));
        assertEquals(List.of(), store.getByClientId(l.clientId()));
        assertEquals(List.of(), store.getByHostname("host-10"));
        assertEquals(List.of(), store.getBySubnet(1));
        assertEquals(List.of(), store.getExpired(NOW + 7200, 10));
        assertEquals(new SubnetLeaseCounts(0, 0), store.countBySubnet(1));
    }

    // ---------------------------------------------------------------- paging

    @Test
    void pagesWalkAllLeasesInUnsignedOrder() {
        String[] text = {"255.255.255.255", "128.0.0.1", "0.0.0.1", "192.0.2.1", "127.255.255.255", "128.0.0.0",
            "10.0.0.1", "192.0.2.2", "224.0.0.1", "1.2.3.4"};
        for (String t : text) {
            store.add(lease(t).build());
        }
        List<Integer> expected = ips("0.0.0.1", "1.2.3.4", "10.0.0.1", "127.255.255.255", "128.0.0.0", "128.0.0.1",
                "192.0.2.1", "192.0.2.2", "224.0.0.1", "255.255.255.255");
        for (int pageSize = 1; pageSize <= 11; pageSize++) {
            List<Integer> walked = new ArrayList<>();
            int after = 0;
            for (int pages = 0; pages < 20; pages++) {
                List<Lease4> page = store.getPage(after, pageSize);
                assertTrue(page.size() <= pageSize, "page larger than its limit");
                if (page.isEmpty()) {
                    break;
                }
                walked.addAll(addresses(page));
                after = page.get(page.size() - 1).address();
            }
            assertEquals(expected, walked, "page size " + pageSize);
        }
    }

    @Test
    void pageBoundariesAreExclusiveAndExact() {
        for (int i = 1; i <= 10; i++) {
            store.add(lease("192.0.2." + i).build());
        }
        assertEquals(ips("192.0.2.1", "192.0.2.2", "192.0.2.3"), addresses(store.getPage(0, 3)));
        assertEquals(ips("192.0.2.4", "192.0.2.5", "192.0.2.6"), addresses(store.getPage(ip("192.0.2.3"), 3)));
        assertEquals(ips("192.0.2.10"), addresses(store.getPage(ip("192.0.2.9"), 3)));
        assertEquals(List.of(), store.getPage(ip("192.0.2.10"), 3));
        assertEquals(ips("192.0.2.6"), addresses(store.getPage(ip("192.0.2.5"), 1)));
        assertEquals(ips("192.0.2.1"), addresses(store.getPage(ip("192.0.1.255"), 1)), "after an absent address");
        assertEquals(List.of(), store.getPage(ip("255.255.255.255"), 5));
        assertEquals(10, store.getPage(0, Integer.MAX_VALUE).size());
    }

    @Test
    void pageLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> store.getPage(0, 0));
        assertThrows(IllegalArgumentException.class, () -> store.getPage(0, -1));
    }

    // ---------------------------------------------------------------- expiry

    @Test
    void expiredLeasesComeOldestFirstUpToTheLimit() {
        store.add(lease("192.0.2.1").cltt(NOW - 100).validLifetime(50).build()); // expired NOW-50
        store.add(lease("192.0.2.2").cltt(NOW - 1000).validLifetime(100).build()); // NOW-900
        store.add(lease("200.0.0.1").cltt(NOW - 1000).validLifetime(100).build()); // NOW-900, higher address
        store.add(lease("192.0.2.4").cltt(NOW - 10).validLifetime(10).build()); // exactly NOW: expired
        store.add(lease("192.0.2.5").cltt(NOW).validLifetime(1).build()); // NOW+1: not yet
        store.add(lease("192.0.2.6").cltt(NOW - 1000).validLifetime(Lease4.INFINITE_LIFETIME).build());
        // the two leases expiring at NOW-900 may come in either order
        List<Integer> expired = addresses(store.getExpired(NOW, 10));
        assertEquals(Set.of(ip("192.0.2.2"), ip("200.0.0.1")), new HashSet<>(expired.subList(0, 2)));
        assertEquals(ips("192.0.2.1", "192.0.2.4"), expired.subList(2, 4));
        assertEquals(4, expired.size());
        assertEquals(Set.of(ip("192.0.2.2"), ip("200.0.0.1")), new HashSet<>(addresses(store.getExpired(NOW, 2))));
        assertEquals(List.of(), store.getExpired(NOW - 901, 10));
        List<Integer> all = addresses(store.getExpired(NOW + 10_000_000_000L, 10));
        assertEquals(ips("192.0.2.1", "192.0.2.4", "192.0.2.5"), all.subList(2, all.size()),
                "the infinite lease never expires");
    }

    @Test
    void onlyDefaultAndDeclinedLeasesExpire() {
        store.add(lease("192.0.2.1").cltt(NOW - 100).validLifetime(10).state(LeaseState.DEFAULT).build());
        store.add(lease("192.0.2.2").cltt(NOW - 100).validLifetime(10).state(LeaseState.DECLINED).build());
        store.add(lease("192.0.2.3").cltt(NOW - 100).validLifetime(10).state(LeaseState.EXPIRED_RECLAIMED).build());
        store.add(lease("192.0.2.4").cltt(NOW - 100).validLifetime(10).state(LeaseState.RELEASED).build());
        assertEquals(ips("192.0.2.1", "192.0.2.2"), addresses(store.getExpired(NOW, 10)));
    }

    @Test
    void renewingOrReclaimingTakesALeaseOffTheExpiredList() {
        Lease4 a = lease("192.0.2.1").cltt(NOW - 100).validLifetime(10).build();
        Lease4 b = lease("192.0.2.2").cltt(NOW - 100).validLifetime(10).build();
        store.add(a);
        store.add(b);
        assertTrue(store.replace(a, a.toBuilder().cltt(NOW).build()));
        assertTrue(store.update(b.toBuilder().state(LeaseState.EXPIRED_RECLAIMED).build()));
        assertEquals(List.of(), store.getExpired(NOW, 10));
        assertEquals(ips("192.0.2.1"), addresses(store.getExpired(NOW + 10, 10)));
    }

    @Test
    void expiredLimitMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> store.getExpired(NOW, 0));
        assertThrows(IllegalArgumentException.class, () -> store.getExpired(NOW, -5));
    }

    // ---------------------------------------------------------------- counts and wipe

    @Test
    void subnetCountsFollowKeaStatistics() {
        store.add(lease("192.0.2.1").build());
        store.add(lease("192.0.2.2").cltt(NOW - 10_000).build()); // expired but not reclaimed: still assigned
        store.add(lease("192.0.2.3").state(LeaseState.DECLINED).build());
        store.add(lease("192.0.2.4").state(LeaseState.EXPIRED_RECLAIMED).build());
        store.add(lease("192.0.2.5").state(LeaseState.RELEASED).build());
        store.add(lease("198.51.100.1").subnetId(2).build());
        assertEquals(new SubnetLeaseCounts(3, 1), store.countBySubnet(1));
        assertEquals(new SubnetLeaseCounts(1, 0), store.countBySubnet(2));
        assertEquals(new SubnetLeaseCounts(0, 0), store.countBySubnet(3));
    }

    @Test
    void subnetCountsFollowUpdatesAndDeletes() {
        Lease4 l = lease("192.0.2.1").build();
        store.add(l);
        Lease4 declined = l.toBuilder().state(LeaseState.DECLINED).build();
        store.update(declined);
        assertEquals(new SubnetLeaseCounts(1, 1), store.countBySubnet(1));
        Lease4 reclaimed = declined.toBuilder().state(LeaseState.EXPIRED_RECLAIMED).build();
        store.replace(declined, reclaimed);
        assertEquals(new SubnetLeaseCounts(0, 0), store.countBySubnet(1));
        Lease4 moved = reclaimed.toBuilder().state(LeaseState.DEFAULT).subnetId(2).build();
        store.update(moved);
        assertEquals(new SubnetLeaseCounts(0, 0), store.countBySubnet(1));
        assertEquals(new SubnetLeaseCounts(1, 0), store.countBySubnet(2));
        store.delete(moved.address());
        assertEquals(new SubnetLeaseCounts(0, 0), store.countBySubnet(2));
    }

    @Test
    void wipeDeletesOneSubnet() {
        for (int i = 1; i <= 5; i++) {
            store.add(lease("192.0.2." + i).subnetId(1).build());
            store.add(lease("198.51.100." + i).subnetId(2).build());
        }
        Lease4 gone = store.get(ip("192.0.2.1")).orElseThrow();
        assertEquals(5, store.wipe(1));
        assertEquals(5, store.size());
        assertEquals(List.of(), store.getBySubnet(1));
        assertEquals(5, store.getBySubnet(2).size());
        assertEquals(List.of(), store.getByHardwareAddress(gone.hardwareAddress()));
        assertEquals(new SubnetLeaseCounts(0, 0), store.countBySubnet(1));
        assertEquals(new SubnetLeaseCounts(5, 0), store.countBySubnet(2));
        assertEquals(0, store.wipe(1));
        assertEquals(0, store.wipe(77));
    }

    @Test
    void wipeOfSubnetZeroDeletesEverything() {
        for (int i = 1; i <= 5; i++) {
            store.add(lease("192.0.2." + i).subnetId(1).build());
            store.add(lease("198.51.100." + i).subnetId(2).build());
        }
        assertEquals(10, store.wipe(0));
        assertEquals(0, store.size());
        assertEquals(List.of(), store.getPage(0, 100));
        assertEquals(List.of(), store.getExpired(Long.MAX_VALUE / 2, 100));
        assertEquals(new SubnetLeaseCounts(0, 0), store.countBySubnet(2));
    }

    // ---------------------------------------------------------------- concurrency

    @Test
    @Timeout(60)
    void racingAddsAndReplacesHaveExactlyOneWinnerEach() throws Exception {
        int threads = 4;
        int addresses = 2000;
        int base = ip("10.1.0.0");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            // Round 1: every thread adds its own lease for every address.
            AtomicIntegerArray winner = new AtomicIntegerArray(addresses);
            runRace(pool, threads, t -> {
                for (int i = 0; i < addresses; i++) {
                    Lease4 mine = Lease4.builder(base + i).hardwareAddress(hw(t)).subnetId(1 + t % 2)
                            .validLifetime(100).cltt(NOW).hostname("t" + t).build();
                    if (store.add(mine) && winner.getAndSet(i, t + 1) != 0) {
                        throw new AssertionError("two adds won " + Ipv4.toString(base + i));
                    }
                }
            });
            assertEquals(addresses, store.size());
            for (int i = 0; i < addresses; i++) {
                assertEquals(hw(winner.get(i) - 1), store.get(base + i).orElseThrow().hardwareAddress());
            }
            // Round 2: every thread tries to replace each current lease with its own version; a compare-and-set
            // per address must have exactly one winner.
            AtomicIntegerArray replaced = new AtomicIntegerArray(addresses);
            runRace(pool, threads, t -> {
                for (int i = 0; i < addresses; i++) {
                    Lease4 seen = store.get(base + i).orElseThrow();
                    if (seen.cltt() != NOW) {
                        continue; // someone already won this address
                    }
                    Lease4 mine = seen.toBuilder().cltt(NOW + 1).hardwareAddress(hw(100 + t)).hostname("r" + t)
                            .subnetId(3 + t % 2).build();
                    if (store.replace(seen, mine) && replaced.getAndSet(i, t + 1) != 0) {
                        throw new AssertionError("two replaces won " + Ipv4.toString(base + i));
                    }
                }
            });
            for (int i = 0; i < addresses; i++) {
                assertTrue(replaced.get(i) != 0, "no replace won " + i);
            }
            // The indexes agree with the primary.
            List<Lease4> all = store.getPage(0, Integer.MAX_VALUE);
            assertEquals(addresses, all.size());
            Set<Integer> seen = new HashSet<>();
            long inSubnets = 0;
            for (int t = 0; t < threads; t++) {
                List<Lease4> mine = store.getByHardwareAddress(hw(100 + t));
                for (Lease4 l : mine) {
                    assertEquals(hw(100 + t), l.hardwareAddress());
                    assertTrue(seen.add(l.address()), "lease indexed under two hardware addresses");
                }
                assertEquals(mine, store.getByHostname("r" + t));
                assertEquals(List.of(), store.getByHardwareAddress(hw(t)), "old index entries are gone");
                assertEquals(List.of(), store.getByHostname("t" + t));
            }
            assertEquals(addresses, seen.size());
            for (long subnet = 1; subnet <= 4; subnet++) {
                List<Lease4> bySubnet = store.getBySubnet(subnet);
                inSubnets += bySubnet.size();
                assertEquals(bySubnet.size(), store.countBySubnet(subnet).assigned());
            }
            assertEquals(addresses, inSubnets);
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    @Timeout(60)
    void racingUpdatesAndDeletesKeepIndexesConsistent() throws Exception {
        int threads = 4;
        int addresses = 500;
        int base = ip("172.16.0.0");
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            runRace(pool, threads, t -> {
                java.util.SplittableRandom random = new java.util.SplittableRandom(t);
                for (int n = 0; n < 20_000; n++) {
                    int a = base + random.nextInt(addresses);
                    Lease4 l = Lease4.builder(a).hardwareAddress(hw(random.nextInt(8))).hostname("h" + random.nextInt(8))
                            .subnetId(1 + random.nextInt(3)).cltt(NOW - random.nextInt(100)).validLifetime(50)
                            .state(random.nextInt(4) == 0 ? LeaseState.DECLINED : LeaseState.DEFAULT).build();
                    switch (random.nextInt(4)) {
                        case 0 -> store.add(l);
                        case 1 -> store.update(l);
                        case 2 -> store.get(a).ifPresent(old -> store.replace(old, l));
                        default -> store.delete(a);
                    }
                }
            });
            List<Lease4> all = store.getPage(0, Integer.MAX_VALUE);
            assertEquals(all.size(), store.size());
            int byHw = 0;
            int byHost = 0;
            for (int i = 0; i < 8; i++) {
                byHw += store.getByHardwareAddress(hw(i)).size();
                byHost += store.getByHostname("h" + i).size();
            }
            assertEquals(all.size(), byHw);
            assertEquals(all.size(), byHost);
            long assigned = 0;
            long declined = 0;
            int subnetLeases = 0;
            for (long s = 1; s <= 3; s++) {
                subnetLeases += store.getBySubnet(s).size();
                assigned += store.countBySubnet(s).assigned();
                declined += store.countBySubnet(s).declined();
            }
            assertEquals(all.size(), subnetLeases);
            assertEquals(all.size(), assigned);
            assertEquals(all.stream().filter(l -> l.state() == LeaseState.DECLINED).count(), declined);
            List<Lease4> expired = store.getExpired(NOW + 1000, Integer.MAX_VALUE);
            assertEquals(all.size(), expired.size(), "every lease here can expire");
            for (int i = 1; i < expired.size(); i++) {
                assertTrue(expired.get(i - 1).expire() <= expired.get(i).expire(), "expiry order");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A task run by each racing thread, given its number. */
    protected interface RaceTask {
        void run(int thread) throws Exception;
    }

    /** Starts {@code threads} tasks together and waits for all of them (at most 50 s). */
    protected static void runRace(ExecutorService pool, int threads, RaceTask task) throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int id = t;
            futures.add(pool.submit(() -> {
                start.await();
                task.run(id);
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(50, TimeUnit.SECONDS);
        }
    }

    // ---------------------------------------------------------------- close and persistence

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
