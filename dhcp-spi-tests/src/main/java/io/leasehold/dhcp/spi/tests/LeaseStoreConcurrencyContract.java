package io.leasehold.dhcp.spi.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.lease.LeaseStore;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The concurrency part of the {@link LeaseStore} contract (see {@link LeaseStoreContract}): racing writers get
 * exactly one winner per compare-and-set, and the indexes and counts agree with the leases afterwards.
 */
abstract class LeaseStoreConcurrencyContract extends LeaseStoreQueryContract {
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

    @Test
    @Timeout(60)
    void putAllIfNewerNeverOverwritesANewerLeaseWrittenMeanwhile() throws Exception {
        int addresses = 1000;
        int base = ip("10.2.0.0");
        List<Lease4> page = new ArrayList<>();
        for (int i = 0; i < addresses; i++) {
            Lease4 l = Lease4.builder(base + i).hardwareAddress(hw(i)).validLifetime(100).cltt(NOW).subnetId(1)
                    .build();
            store.add(l);
            page.add(l.toBuilder().cltt(NOW + 500).hostname("page").build());
        }
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            // thread 0 writes the newest copy of every lease (a partner's lease updates), from the highest address
            // down; thread 1 applies a page of older copies at the same time (the sync), from the lowest up, so the
            // two cross: above the crossing the newer copy is there first, and the page must leave it
            runRace(pool, 2, t -> {
                if (t == 1) {
                    store.putAllIfNewer(page, (b, a) -> { });
                    return;
                }
                for (int i = addresses - 1; i >= 0; i--) {
                    while (true) {
                        Lease4 seen = store.get(base + i).orElseThrow();
                        if (store.replace(seen, seen.toBuilder().cltt(NOW + 1000).hostname("update").build())) {
                            break;
                        }
                    }
                }
            });
        } finally {
            pool.shutdownNow();
        }
        for (Lease4 l : store.getPage(0, Integer.MAX_VALUE)) {
            assertEquals(NOW + 1000, l.cltt(), Ipv4.toString(l.address()));
            assertEquals("update", l.hostname());
        }
        assertEquals(addresses, store.getByHostname("update").size());
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
}
