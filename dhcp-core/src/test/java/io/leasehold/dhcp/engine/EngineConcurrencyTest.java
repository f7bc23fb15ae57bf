package io.leasehold.dhcp.engine;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Many workers, many clients, one shared pool: no address is ever offered or ACKed to two clients. */
class EngineConcurrencyTest {
    private static final String CONFIG = """
            { "valid-lifetime": 4000,
              "subnet4": [ { "id": 1, "subnet": "10.0.0.0/16", "relay": { "ip-addresses": [ "10.0.0.1" ] },
                             "pools": [ { "pool": "10.0.1.0 - 10.0.1.199" } ] } ] }
            """;

    @Test
    void concurrentClientsNeverShareAnAddress() throws Exception {
        EngineFixture f = new EngineFixture(CONFIG);
        int threads = 8;
        int clientsPerThread = 40; // 320 clients for 200 addresses: exhaustion is part of the race
        Map<Integer, HardwareAddress> acked = new ConcurrentHashMap<>();
        List<String> violations = new java.util.concurrent.CopyOnWriteArrayList<>();
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * clientsPerThread;
            futures.add(pool.submit(() -> {
                start.await();
                for (int i = 0; i < clientsPerThread; i++) {
                    HardwareAddress hw = Queries.mac(base + i);
                    // Each client retries its DORA twice, as real clients retransmit.
                    for (int attempt = 0; attempt < 2; attempt++) {
                        Outcome offer = f.relayed(Queries.discover(hw, "10.0.0.1"));
                        if (!offer.hasReply()) {
                            continue;
                        }
                        int a = offer.reply().yiaddr();
                        Outcome ack = f.relayed(Queries.selecting(hw, "10.0.0.1", a, EngineFixture.SERVER));
                        DhcpMessage r = ack.reply();
                        if (r != null && r.messageType().intValue() == 5) {
                            HardwareAddress prev = acked.put(a, hw);
                            if (prev != null && !prev.equals(hw)) {
                                violations.add(io.leasehold.dhcp.lease.Ipv4.toString(a) + " ACKed to " + prev
                                        + " and " + hw);
                            }
                        }
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> fu : futures) {
            fu.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertEquals(List.of(), violations);
        assertEquals(200, acked.size(), "every address of the pool was handed out");
        Map<HardwareAddress, Integer> byClient = new ConcurrentHashMap<>();
        for (Lease4 l : f.store.getPage(0, 10_000)) {
            Integer other = byClient.put(l.hardwareAddress(), l.address());
            assertNull(other, "one lease per client");
            assertEquals(l.hardwareAddress(), acked.get(l.address()), "the store agrees with the ACKs");
        }
        assertEquals(200, f.store.size());
        assertEquals(200, f.stat("subnet[1].assigned-addresses"));
        assertTrue(f.stat("v4-allocation-fail") > 0);
    }
}
