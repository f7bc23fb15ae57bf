package io.leasehold.dhcp.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.testing.DhcpTestClient;
import io.leasehold.dhcp.testing.DhcpTestServer;
import io.leasehold.dhcp.testing.sql.MariaDbExtension;
import io.leasehold.dhcp.testing.sql.PostgresExtension;
import io.leasehold.dhcp.testing.sql.TestDatabase;
import io.leasehold.dhcp.time.Scheduler;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Scale-out (#16): two whole Leasehold servers on one database, with the same subnet and pool. The database is the
 * truth: no address is ACKed to two clients, every ACK's lease is in the database with its client, an exhausted
 * pool gets no offer and a NAK rather than a stolen lease, and an address one server (or Kea) frees is given again
 * by the other.
 */
class SharedPoolServersTest {
    private static final int CLIENTS_PER_SERVER = 150;
    private static final String POOL_200 = "192.0.2.20 - 192.0.2.219";
    private static final String POOL_4 = "192.0.2.20 - 192.0.2.23";
    private static final int THREADS = 16;

    @Nested
    class OnPostgres {
        @RegisterExtension
        static PostgresExtension pg = new PostgresExtension();

        @Test
        @Timeout(240)
        void concurrentClientsOnTwoServersNeverShareAnAddress() throws Exception {
            concurrentClients(pg.database());
        }

        @Test
        @Timeout(120)
        void anAddressFreedByOneServerOrByKeaIsGivenByTheOther() throws Exception {
            freedElsewhere(pg.database());
        }
    }

    @Nested
    class OnMariaDb {
        @RegisterExtension
        static MariaDbExtension maria = new MariaDbExtension();

        @Test
        @Timeout(240)
        void concurrentClientsOnTwoServersNeverShareAnAddress() throws Exception {
            concurrentClients(maria.database());
        }

        @Test
        @Timeout(120)
        void anAddressFreedByOneServerOrByKeaIsGivenByTheOther() throws Exception {
            freedElsewhere(maria.database());
        }
    }

    static String config(TestDatabase db, String pool) {
        String c = SqlServerTest.config(db, "");
        assertTrue(c.contains("192.0.2.100 - 192.0.2.199"));
        return c.replace("192.0.2.100 - 192.0.2.199", pool);
    }

    static HardwareAddress mac(int n) {
        return HardwareAddress.ethernet(new byte[] {2, 0x16, 0, 0, (byte) (n >> 8), (byte) n});
    }

    private static boolean isType(DhcpMessage m, int type) {
        return m != null && m.messageType() != null && m.messageType().intValue() == type;
    }

    /**
     * A client's DORA as a real client does it: on no OFFER or a NAK it starts again (bounded). Returns the lease,
     * or null when every attempt failed; records each ACK in {@code acks}.
     */
    static DhcpTestClient.Lease dora(DhcpTestServer server, HardwareAddress hw, int attempts, int discoverTimeoutMillis,
                                     List<String> acks) {
        try (DhcpTestClient client = server.newClient()) {
            for (int attempt = 0; attempt < attempts; attempt++) {
                client.timeoutMillis(discoverTimeoutMillis);
                DhcpMessage offer = client.discover(hw);
                if (!isType(offer, 2)) {
                    continue;
                }
                client.timeoutMillis(10_000);
                DhcpMessage reply = client.exchange(client.query(DhcpMessageType.REQUEST, hw)
                        .requestedAddress(offer.yiaddr()).serverIdentifier(offer.serverIdentifier().orElse(0))
                        .build());
                if (isType(reply, 5)) {
                    acks.add(hw + " " + Ipv4.toString(reply.yiaddr()));
                    return new DhcpTestClient.Lease(hw, reply.yiaddr(), reply.serverIdentifier().orElse(0),
                            reply.leaseTime().orElse(0), reply);
                }
                assertTrue(reply == null || isType(reply, 6), "a REQUEST gets an ACK or a NAK: " + reply);
            }
            return null;
        }
    }

    /** Runs {@code task} for every client index on a bounded pool of threads, all starting at once. */
    static <T> Map<Integer, T> inParallel(int clients, Function<Integer, T> task) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        Map<Integer, T> results = new ConcurrentHashMap<>();
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < clients; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    T r = task.apply(n);
                    if (r != null) {
                        results.put(n, r);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(180, TimeUnit.SECONDS);
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    static void concurrentClients(TestDatabase db) throws Exception {
        db.wipeLeases();
        String config = config(db, POOL_200);
        Scheduler timers = Scheduler.system("shared-pool-test");
        try (DhcpTestServer a = DhcpTestServer.start(config); DhcpTestServer b = DhcpTestServer.start(config);
             SqlLeaseStore observer = SqlTestSupport.open(db, timers)) {
            DhcpTestServer[] servers = {a, b};
            List<String> acks = new CopyOnWriteArrayList<>();
            // 2 x 150 clients at once on 200 addresses: collisions between the servers and exhaustion.
            Map<Integer, DhcpTestClient.Lease> leases = inParallel(2 * CLIENTS_PER_SERVER,
                    n -> dora(servers[n / CLIENTS_PER_SERVER], mac(n), 6, 600, acks));
            assertNoAddressTwice(acks);
            assertEquals(200, leases.size(), "every address of the pool was leased once: " + acks.size() + " ACKs");
            assertDatabaseHolds(observer, leases);
            assertTrue(a.statistic("pkt4-ack-sent") > 0 && b.statistic("pkt4-ack-sent") > 0, "both servers served");

            // Exhausted: neither server offers, and a REQUEST for a leased address is NAKed, not stolen.
            HardwareAddress late = mac(5000);
            for (DhcpTestServer s : servers) {
                try (DhcpTestClient c = s.newClient().timeoutMillis(1_000)) {
                    assertNull(c.discover(late), "no OFFER from an exhausted pool");
                    int taken = leases.values().iterator().next().address();
                    DhcpMessage nak = c.exchange(c.query(DhcpMessageType.REQUEST, late).requestedAddress(taken)
                            .serverIdentifier(leases.values().iterator().next().serverId()).build());
                    assertTrue(isType(nak, 6), "REQUEST for another client's address: " + nak);
                }
            }
            assertDatabaseHolds(observer, leases);

            // Renewals: every client renews, half of them at the other server (it sees the same database).
            List<String> renewed = new CopyOnWriteArrayList<>();
            Map<Integer, DhcpTestClient.Lease> again = inParallel(2 * CLIENTS_PER_SERVER, n -> {
                DhcpTestClient.Lease l = leases.get(n);
                if (l == null) {
                    return null;
                }
                DhcpTestServer s = servers[(n / CLIENTS_PER_SERVER + n % 2) % 2];
                try (DhcpTestClient c = s.newClient().timeoutMillis(10_000)) {
                    DhcpTestClient.Lease r = c.renew(l);
                    renewed.add(r.hardwareAddress() + " " + r.addressText());
                    assertEquals(l.address(), r.address(), "renewed in place");
                    return r;
                }
            });
            assertEquals(leases.keySet(), again.keySet(), "every lease renewed");
            assertNoAddressTwice(renewed);
            assertDatabaseHolds(observer, again);
        } finally {
            ((AutoCloseable) timers).close();
        }
    }

    private static void assertNoAddressTwice(List<String> acks) {
        Map<String, String> owner = new HashMap<>();
        List<String> doubles = new ArrayList<>();
        for (String ack : acks) {
            String[] p = ack.split(" ");
            String prev = owner.putIfAbsent(p[1], p[0]);
            if (prev != null && !prev.equals(p[0])) {
                doubles.add(p[1] + " ACKed to " + prev + " and " + p[0]);
            }
        }
        assertEquals(List.of(), doubles, "addresses ACKed to two clients");
    }

    /** The database holds exactly the clients' leases, each with its client. */
    private static void assertDatabaseHolds(SqlLeaseStore observer, Map<Integer, DhcpTestClient.Lease> leases) {
        List<Lease4> rows = observer.getPage(0, 10_000);
        assertEquals(leases.size(), rows.size(), "one row per ACKed client");
        for (DhcpTestClient.Lease l : leases.values()) {
            Lease4 row = observer.get(l.address()).orElse(null);
            assertNotNull(row, "no row for " + l.addressText() + " ACKed to " + l.hardwareAddress());
            assertEquals(l.hardwareAddress(), row.hardwareAddress(), l.addressText() + " belongs to its client");
        }
    }

    static void freedElsewhere(TestDatabase db) throws Exception {
        db.wipeLeases();
        String config = config(db, POOL_4);
        Scheduler timers = Scheduler.system("shared-pool-test");
        try (DhcpTestServer a = DhcpTestServer.start(config); DhcpTestServer b = DhcpTestServer.start(config);
             SqlLeaseStore observer = SqlTestSupport.open(db, timers)) {
            List<String> acks = new CopyOnWriteArrayList<>();
            List<DhcpTestClient.Lease> leases = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                leases.add(dora(a, mac(i), 1, 2_000, acks));
                assertNotNull(leases.get(i), "A leases the whole pool");
            }
            assertNull(dora(b, mac(100), 1, 1_000, acks), "B's pool is exhausted too");
            assertTrue(b.statistic("v4-allocation-fail") > 0);

            // Server A releases a lease: B gives that address to its next client.
            DhcpTestClient.Lease released = leases.get(0);
            try (DhcpTestClient c = a.newClient()) {
                c.release(released);
            }
            awaitGone(observer, released.address());
            DhcpTestClient.Lease got = doraWithin(b, mac(100), acks);
            assertEquals(released.address(), got.address(), "B gives the address A freed");
            assertEquals(mac(100), observer.get(got.address()).orElseThrow().hardwareAddress());

            // Kea (or any other writer) deletes a lease in the database: the same.
            int deleted = leases.get(1).address();
            db.execute("DELETE FROM lease4 WHERE address = " + Ipv4.toUnsigned(deleted));
            DhcpTestClient.Lease got2 = doraWithin(b, mac(101), acks);
            assertEquals(deleted, got2.address(), "B gives the address deleted behind its back");
            assertEquals(4, observer.size());
            assertEquals(mac(2), observer.get(leases.get(2).address()).orElseThrow().hardwareAddress());
            assertEquals(mac(3), observer.get(leases.get(3).address()).orElseThrow().hardwareAddress());
        } finally {
            ((AutoCloseable) timers).close();
        }
    }

    private static void awaitGone(SqlLeaseStore observer, int address) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (observer.get(address).isPresent()) {
            assertTrue(System.nanoTime() < deadline, "the release reached the database");
            Thread.sleep(50);
        }
    }

    /** DORA retried as a client retransmits, for at most 15 s: the re-read runs after the exhaustion it follows. */
    private static DhcpTestClient.Lease doraWithin(DhcpTestServer server, HardwareAddress hw, List<String> acks) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (System.nanoTime() < deadline) {
            DhcpTestClient.Lease l = dora(server, hw, 1, 500, acks);
            if (l != null) {
                return l;
            }
        }
        throw new AssertionError("no lease for " + hw + " within 15 s");
    }
}
