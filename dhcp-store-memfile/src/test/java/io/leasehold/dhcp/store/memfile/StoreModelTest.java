package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.lease.LeaseStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;

import static io.leasehold.dhcp.store.memfile.TestLeases.NOW;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Random operations against the store and a plain sorted-map model; every query is compared after every batch, and
 * the persisted store must reload to the model. Covers index growth (several table pages, rehashes), key
 * collisions, unsigned address order across /24 and sign boundaries.
 */
class StoreModelTest {
    @TempDir
    Path dir;

    /** Addresses from a few ranges, including ones above 128.0.0.0 (negative ints) and the last /24. */
    private static int address(Random r) {
        int[] bases = {0x0A000000, 0x7FFFFF00, 0x80000000, 0xC0000200, 0xFFFFFF00, 0x0A010000};
        return bases[r.nextInt(bases.length)] + r.nextInt(r.nextBoolean() ? 256 : 20_000);
    }

    @Test
    void randomOperationsMatchTheModelInMemory() {
        try (MemfileLeaseStore store = MemfileLeaseStore.open(MemfileConfig.inMemory())) {
            exercise(store, new Random(1), 30_000);
        }
    }

    @Test
    void randomOperationsMatchTheModelAndReload() {
        Path file = dir.resolve("leases4.csv");
        TreeMap<Integer, Lease4> model;
        try (MemfileLeaseStore store = TestLeases.open(file)) {
            model = exercise(store, new Random(2), 20_000);
        }
        try (MemfileLeaseStore store = TestLeases.open(file)) {
            TestLeases.assertSameLeases(model, store);
            check(store, model, new Random(3));
            store.runLeaseFileCleanup();
        }
        try (MemfileLeaseStore store = TestLeases.open(file)) {
            TestLeases.assertSameLeases(model, store);
        }
    }

    @Test
    void growsAcrossManyPagesAndReusesFreedSlots() {
        try (MemfileLeaseStore store = MemfileLeaseStore.open(MemfileConfig.inMemory())) {
            TreeMap<Integer, Lease4> model = TestLeases.model();
            Random r = new Random(4);
            for (int i = 0; i < 25_000; i++) {
                Lease4 l = TestLeases.random(r, 0xC0A80000 + i * 7);
                store.add(l);
                model.put(l.address(), l);
            }
            check(store, model, r);
            for (int i = 0; i < 25_000; i += 2) {
                store.delete(0xC0A80000 + i * 7);
                model.remove(0xC0A80000 + i * 7);
            }
            check(store, model, r);
            for (int i = 0; i < 15_000; i++) {
                Lease4 l = TestLeases.random(r, 0x0A000000 + i);
                store.add(l);
                model.put(l.address(), l);
            }
            check(store, model, r);
            TestLeases.assertSameLeases(model, store);
        }
    }

    /**
     * Rewrites the same leases with large, changing host names and user contexts so that most of the blob arena
     * turns to garbage again and again: chunks are compacted and records move under live indexes.
     */
    @Test
    void heavyChurnCompactsTheArenaWithoutLosingAnything() {
        try (MemfileLeaseStore store = MemfileLeaseStore.open(MemfileConfig.inMemory())) {
            TreeMap<Integer, Lease4> model = TestLeases.model();
            Random r = new Random(5);
            String pad = "x".repeat(400);
            for (int round = 0; round < 40; round++) {
                for (int i = 0; i < 2000; i++) {
                    int a = 0x0A000000 + i;
                    Lease4 l = TestLeases.random(r, a).toBuilder().hostname("h" + round + "-" + i + pad.substring(r.nextInt(400)))
                            .userContext(r.nextBoolean() ? null : "{\"round\": " + round + ", \"pad\": \"" + pad + "\"}")
                            .build();
                    if (r.nextInt(10) == 0) {
                        store.delete(a);
                        model.remove(a);
                    } else if (model.containsKey(a)) {
                        store.update(l);
                        model.put(a, l);
                    } else {
                        store.add(l);
                        model.put(a, l);
                    }
                }
                if (round % 10 == 9) {
                    check(store, model, r);
                }
            }
            TestLeases.assertSameLeases(model, store);
        }
    }

    private TreeMap<Integer, Lease4> exercise(LeaseStore store, Random r, int ops) {
        TreeMap<Integer, Lease4> model = TestLeases.model();
        for (int i = 0; i < ops; i++) {
            int a = address(r);
            Lease4 current = model.get(a);
            int op = r.nextInt(100);
            if (op < 45) {
                Lease4 l = TestLeases.random(r, a);
                assertEquals(current == null, store.add(l));
                if (current == null) {
                    model.put(a, l);
                }
            } else if (op < 60) {
                Lease4 l = TestLeases.random(r, a);
                assertEquals(current != null, store.update(l));
                if (current != null) {
                    model.put(a, l);
                }
            } else if (op < 75) {
                Lease4 l = TestLeases.random(r, a);
                Lease4 expected = current != null && r.nextInt(4) > 0 ? current : TestLeases.random(r, a);
                boolean wins = expected.equals(current);
                assertEquals(wins, store.replace(expected, l));
                if (wins) {
                    model.put(a, l);
                }
            } else if (op < 85) {
                Lease4 expected = current != null && r.nextBoolean() ? current : TestLeases.random(r, a);
                boolean wins = expected.equals(current);
                assertEquals(wins, store.delete(expected));
                if (wins) {
                    model.remove(a);
                }
            } else if (op < 99) {
                assertEquals(Optional.ofNullable(current), store.delete(a));
                model.remove(a);
            } else if (r.nextInt(20) == 0) {
                long subnet = 1 + r.nextInt(5);
                long expected = model.values().stream().filter(l -> l.subnetId() == subnet).count();
                assertEquals(expected, store.wipe(subnet));
                model.values().removeIf(l -> l.subnetId() == subnet);
            }
            if (i % 2500 == 0) {
                check(store, model, r);
            }
        }
        check(store, model, r);
        return model;
    }

    private static void check(LeaseStore store, TreeMap<Integer, Lease4> model, Random r) {
        assertEquals(model.size(), store.size());
        for (int i = 0; i < 200; i++) {
            int a = address(r);
            assertEquals(Optional.ofNullable(model.get(a)), store.get(a));
        }
        Set<HardwareAddress> hws = new HashSet<>();
        Set<ClientId> cids = new HashSet<>();
        Set<String> hosts = new HashSet<>();
        for (Lease4 l : model.values()) {
            hws.add(l.hardwareAddress());
            if (l.clientId() != null) {
                cids.add(l.clientId());
            }
            hosts.add(l.hostname());
        }
        for (HardwareAddress hw : sample(hws, r)) {
            assertEquals(filter(model, l -> hw.equals(l.hardwareAddress())), store.getByHardwareAddress(hw));
        }
        for (ClientId cid : sample(cids, r)) {
            assertEquals(filter(model, l -> cid.equals(l.clientId())), store.getByClientId(cid));
        }
        for (String host : sample(hosts, r)) {
            assertEquals(host.isEmpty() ? List.of() : filter(model, l -> host.equals(l.hostname())), store.getByHostname(host),
                    "an empty host name matches nothing (the SPI)");
        }
        for (long subnet = 0; subnet <= 6; subnet++) {
            long s = subnet;
            List<Lease4> in = filter(model, l -> l.subnetId() == s);
            assertEquals(in, store.getBySubnet(subnet));
            long assigned = in.stream().filter(l -> l.state() == LeaseState.DEFAULT || l.state() == LeaseState.DECLINED)
                    .count();
            long declined = in.stream().filter(l -> l.state() == LeaseState.DECLINED).count();
            assertEquals(new LeaseStore.SubnetLeaseCounts(assigned, declined), store.countBySubnet(subnet));
        }
        // Pages of a small size, starting anywhere.
        int after = address(r);
        List<Lease4> page = store.getPage(after, 7);
        assertEquals(new ArrayList<>(model.tailMap(after, false).values()).subList(0,
                Math.min(7, model.tailMap(after, false).size())), page);
        for (int limit : new int[] {1, 10, 100_000}) {
            List<Lease4> expired = model.values().stream()
                    .filter(l -> l.state() == LeaseState.DEFAULT || l.state() == LeaseState.DECLINED)
                    .filter(l -> l.isExpired(NOW - 5000))
                    .sorted(Comparator.comparingLong(Lease4::expire)
                            .thenComparing((x, y) -> Integer.compareUnsigned(x.address(), y.address())))
                    .limit(limit).toList();
            assertEquals(expired, store.getExpired(NOW - 5000, limit));
        }
    }

    /** Up to 40 keys, always including the first (keeps checks of large models fast). */
    private static <T> List<T> sample(Set<T> keys, Random r) {
        List<T> all = new ArrayList<>(keys);
        java.util.Collections.shuffle(all, r);
        return all.subList(0, Math.min(40, all.size()));
    }

    private static List<Lease4> filter(TreeMap<Integer, Lease4> model, java.util.function.Predicate<Lease4> p) {
        return model.values().stream().filter(p).toList();
    }
}
