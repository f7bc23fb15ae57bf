package io.leasehold.dhcp.engine;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A reconfiguration recounts the address statistics from the store while queries commit leases. A commit is two
 * steps, the store and then the statistic; a recount between them counted the new lease twice (a CI run of
 * ReloadUnderLoadTest saw 3,001 assigned addresses for 3,000 leases). Here a commit is held between its two steps
 * while the reconfiguration starts: the reconfiguration must wait for it, and the count must come out exact.
 */
class ReconfigureRecountTest {
    private static final String CONFIG = """
            { "valid-lifetime": 4000,
              "subnet4": [ { "id": 1, "subnet": "10.0.0.0/16", "relay": { "ip-addresses": [ "10.0.0.1" ] },
                             "pools": [ { "pool": "10.0.1.10 - 10.0.1.200" } ] } ] }
            """;
    private static final String RELAY = "10.0.0.1";

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aRecountDuringACommitCountsTheLeaseOnce() throws Exception {
        InMemoryLeaseStore real = new InMemoryLeaseStore();
        AtomicBoolean holdNextAdd = new AtomicBoolean();
        CountDownLatch added = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        LeaseStore store = (LeaseStore) Proxy.newProxyInstance(LeaseStore.class.getClassLoader(),
                new Class<?>[] {LeaseStore.class}, (proxy, method, args) -> {
                    Object r;
                    try {
                        r = method.invoke(real, args);
                    } catch (InvocationTargetException e) {
                        throw e.getCause();
                    }
                    if (method.getName().equals("add") && holdNextAdd.getAndSet(false)) {
                        added.countDown();   // in the store, its statistic not yet counted
                        release.await();
                    }
                    return r;
                });
        EngineFixture f = new EngineFixture(CONFIG, QueryHook.NONE, store, new VirtualTime());
        HardwareAddress first = Queries.mac(1);
        int a = f.relayed(Queries.discover(first, RELAY)).reply().yiaddr();
        f.relayed(Queries.selecting(first, RELAY, a, EngineFixture.SERVER));
        HardwareAddress second = Queries.mac(2);
        int b = f.relayed(Queries.discover(second, RELAY)).reply().yiaddr();
        assertEquals(1, f.stat("subnet[1].assigned-addresses"));

        holdNextAdd.set(true);
        CompletableFuture<Outcome> ack = CompletableFuture.supplyAsync(
                () -> f.relayed(Queries.selecting(second, RELAY, b, EngineFixture.SERVER)));
        added.await();
        Thread reconfigure = startReconfiguration(f);
        boolean finishedEarly = !reconfigure.isAlive();
        release.countDown();
        assertEquals(5, ack.get(10, TimeUnit.SECONDS).reply().messageType().intValue());
        reconfigure.join(10_000);
        assertFalse(reconfigure.isAlive());
        assertFalse(finishedEarly, "the reconfiguration waited for the commit in flight");
        assertEquals(2, real.size());
        assertEquals(2, f.stat("subnet[1].assigned-addresses"), "each lease counted once");
    }

    /** The same for a change made outside packet processing (lease commands, the HA partner's updates). */
    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aLeaseChangeOutsideProcessingIsCountedOnceToo() throws Exception {
        InMemoryLeaseStore store = new InMemoryLeaseStore();
        EngineFixture f = new EngineFixture(CONFIG, QueryHook.NONE, store, new VirtualTime());
        Lease4 lease = Lease4.builder(Ipv4.parse("10.0.1.50")).subnetId(1).validLifetime(4000)
                .cltt(f.time.clock().currentTimeSeconds()).hardwareAddress(Queries.mac(9)).build();
        CountDownLatch stored = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> change = CompletableFuture.supplyAsync(() -> f.engine.changingLeases(() -> {
            boolean added = store.add(lease);
            stored.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            f.engine.leaseChanged(null, lease);
            return added;
        }));
        stored.await();
        Thread reconfigure = startReconfiguration(f);
        boolean finishedEarly = !reconfigure.isAlive();
        release.countDown();
        assertTrue(change.get(10, TimeUnit.SECONDS));
        reconfigure.join(10_000);
        assertFalse(reconfigure.isAlive());
        assertFalse(finishedEarly, "the reconfiguration waited for the change in flight");
        assertEquals(1, f.stat("subnet[1].assigned-addresses"), "counted once");
    }

    /**
     * Starts a reconfiguration to the same configuration on a thread of its own and returns once it either finished
     * (it recounted while a change was in flight: the race) or parked, waiting for the change.
     */
    private static Thread startReconfiguration(EngineFixture f) throws Exception {
        EngineConfig next = EngineConfig.from(KeaConfigLoader.parse("{ \"Dhcp4\": " + CONFIG + " }", "next.json"));
        Thread reconfigure = new Thread(() -> f.engine.reconfigure(next), "reconfigure");
        reconfigure.start();
        while (reconfigure.isAlive() && reconfigure.getState() != Thread.State.WAITING) {
            Thread.onSpinWait();
        }
        return reconfigure;
    }
}
