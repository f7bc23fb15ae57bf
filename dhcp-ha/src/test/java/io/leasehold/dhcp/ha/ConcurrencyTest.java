package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.ha.internal.LoadBalancingHash;
import io.leasehold.dhcp.lease.HardwareAddress;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Worker threads committing leases concurrently while the virtual clock (heartbeats, state machine) moves on the
 * test thread, with peer answers delivered asynchronously as a network would.
 */
class ConcurrencyTest {
    private final ExecutorService delivery = Executors.newFixedThreadPool(2);
    private final ExecutorService workers = Executors.newFixedThreadPool(4);
    private final HaNet net = new HaNet(delivery);

    @AfterEach
    void stop() throws Exception {
        workers.shutdownNow();
        net.close();
        delivery.shutdownNow();
        assertTrue(workers.awaitTermination(10, TimeUnit.SECONDS));
    }

    /** A full DORA whose ACK waits for the (asynchronous) partner; returns the address or 0. */
    private static int dora(HaNode n, HardwareAddress mac, String giaddr) throws Exception {
        DhcpMessage offer = n.query(Queries.discover(mac, giaddr, 0)).received();
        if (offer == null) {
            return 0;
        }
        HaNode.Reply r = n.query(Queries.request(mac, giaddr, offer.yiaddr(), offer.serverIdentifier().getAsInt()));
        Boolean acked = r.acked().get(10, TimeUnit.SECONDS);
        return Boolean.TRUE.equals(acked) && r.outcome().hasReply() ? offer.yiaddr() : 0;
    }

    @Test
    void concurrentCommitsAreAllReplicatedInHotStandby() throws Exception {
        HaNode s1 = net.start("server1", HotStandbyScenarioTest.config("server1"), "10.20.0.1");
        HaNode s2 = net.start("server2", HotStandbyScenarioTest.config("server2"), "10.20.0.2");
        awaitState(() -> s1.state() == HaState.HOT_STANDBY && s2.state() == HaState.HOT_STANDBY);
        Set<Integer> granted = ConcurrentHashMap.newKeySet();
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int base = t * 100;
            jobs.add(workers.submit(() -> {
                for (int i = 0; i < 100; i++) {
                    int a = dora(s1, Queries.mac(base + i), HotStandbyScenarioTest.GIADDR);
                    if (a != 0) {
                        granted.add(a);
                    }
                }
                return null;
            }));
        }
        waitWhileAdvancing(jobs);
        assertEquals(400, granted.size());
        for (int a : granted) {
            assertNotNull(s2.store.get(a).orElse(null));
        }
        assertEquals(HaState.HOT_STANDBY, s1.state());
        assertEquals(0L, s1.ha.status().unsentUpdateCount());
    }

    @Test
    void commitsDuringBacklogReplayAreNeitherLostNorStranded() throws Exception {
        HaNode s1 = net.start("server1", LoadBalancingScenarioTest.config("server1", null), "10.20.0.1");
        HaNode s2 = net.start("server2", LoadBalancingScenarioTest.config("server2", null), "10.20.0.2");
        awaitState(() -> s1.state() == HaState.LOAD_BALANCING && s2.state() == HaState.LOAD_BALANCING);
        List<HardwareAddress> ours = new ArrayList<>();
        for (int i = 0; ours.size() < 160; i++) {
            HardwareAddress m = Queries.mac(1000 + i);
            if (LoadBalancingHash.serverIndex(m.toByteArray(), 2) == 0) {
                ours.add(m);
            }
        }
        net.cut("server1", "server2");
        awaitState(() -> s1.state() == HaState.COMMUNICATION_RECOVERY);
        Set<Integer> granted = ConcurrentHashMap.newKeySet();
        for (HardwareAddress m : ours.subList(0, 40)) {
            granted.add(dora(s1, m, LoadBalancingScenarioTest.GIADDR));
        }
        List<Future<?>> jobs = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            List<HardwareAddress> slice = ours.subList(40 + t * 30, 40 + (t + 1) * 30);
            jobs.add(workers.submit(() -> {
                for (HardwareAddress m : slice) {
                    granted.add(dora(s1, m, LoadBalancingScenarioTest.GIADDR));
                }
                return null;
            }));
        }
        net.heal("server1", "server2");
        waitWhileAdvancing(jobs);
        awaitState(() -> s1.state() == HaState.LOAD_BALANCING && s2.state() == HaState.LOAD_BALANCING);
        granted.remove(0);
        assertEquals(160, granted.size(), "every client got its ACK");
        for (int a : granted) {
            assertNotNull(s2.store.get(a).orElse(null), "replicated by replay or directly");
        }
    }

    private void awaitState(java.util.function.BooleanSupplier c) throws Exception {
        for (int i = 0; i < 600 && !c.getAsBoolean(); i++) {
            net.advance(100);
        }
        assertTrue(c.getAsBoolean());
    }

    private void waitWhileAdvancing(List<Future<?>> jobs) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        for (Future<?> f : jobs) {
            while (!f.isDone()) {
                assertTrue(System.nanoTime() < deadline, "workers finished in time");
                net.advance(10);
                try {
                    f.get(2, TimeUnit.MILLISECONDS);
                } catch (java.util.concurrent.TimeoutException e) {
                    // keep the clock moving
                }
            }
            f.get();
        }
    }
}
