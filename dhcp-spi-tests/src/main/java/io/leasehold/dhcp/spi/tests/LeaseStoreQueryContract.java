package io.leasehold.dhcp.spi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.lease.LeaseStore.SubnetLeaseCounts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The query part of the {@link LeaseStore} contract (see {@link LeaseStoreContract}): the secondary indexes (hardware
 * address, client id, host name, subnet) following every change, paging in unsigned address order, the expired-lease
 * query, Kea's per-subnet counts, and wipes.
 */
abstract class LeaseStoreQueryContract extends LeaseStoreBasicContract {
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
    void aClientsLeasesAreFoundByEitherIdentityEachOnce() {
        HardwareAddress hw = hw(21);
        ClientId cid = ClientId.of(new byte[] {1, 2, 1});
        store.add(lease("200.0.0.1").hardwareAddress(hw).clientId(cid).build()); // both
        store.add(lease("10.0.0.1").hardwareAddress(hw(22)).clientId(cid).build()); // client id only
        store.add(lease("128.0.0.1").hardwareAddress(hw).clientId(ClientId.of(new byte[] {9, 9})).build()); // hw only
        store.add(lease("128.0.0.2").hardwareAddress(hw).clientId(null).build()); // hw, no client id
        store.add(lease("10.0.0.2").hardwareAddress(hw(23)).clientId(ClientId.of(new byte[] {8, 8})).build()); // neither
        assertEquals(ips("10.0.0.1", "128.0.0.1", "128.0.0.2", "200.0.0.1"), addresses(store.getByClient(hw, cid)));
        assertEquals(ips("128.0.0.1", "128.0.0.2", "200.0.0.1"), addresses(store.getByClient(hw, null)));
        assertEquals(ips("10.0.0.1", "200.0.0.1"), addresses(store.getByClient(null, cid)));
        assertEquals(List.of(), store.getByClient(null, null));
        assertEquals(List.of(), store.getByClient(hw(99), ClientId.of(new byte[] {7, 7})));
        assertEquals(store.get(ips("200.0.0.1").get(0)).orElseThrow(), store.getByClient(hw, cid).get(3));
    }

    @Test
    void aClientWithManyLeasesGetsEachOnceInAddressOrder() {
        HardwareAddress hw = hw(31);
        ClientId cid = ClientId.of(new byte[] {1, 3, 1});
        List<Integer> expected = new java.util.ArrayList<>();
        for (int i = 40; i > 0; i--) { // added in falling order; every fourth carries only one of the keys
            String a = "10.1." + (i % 3) + "." + i;
            Lease4.Builder b = lease(a).hardwareAddress(i % 4 == 1 ? hw(32) : hw).clientId(i % 4 == 2 ? null : cid);
            store.add(b.build());
            expected.add(ip(a));
        }
        expected.sort(Integer::compareUnsigned);
        assertEquals(expected, addresses(store.getByClient(hw, cid)));
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
}
