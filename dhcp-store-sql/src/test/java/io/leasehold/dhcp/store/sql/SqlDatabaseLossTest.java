package io.leasehold.dhcp.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.store.sql.SqlLeaseStore.ConnectionState;
import io.leasehold.dhcp.store.sql.internal.SqlServerExtension;
import io.leasehold.dhcp.testing.DhcpTestClient;
import io.leasehold.dhcp.testing.DhcpTestServer;
import io.leasehold.dhcp.testing.sql.PostgresExtension;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Losing the lease database under a running server, per Kea's {@code on-fail}: no query is answered while the
 * database cannot commit, {@code status-get} tells, and service resumes when the database is back (or the server
 * shuts down when reconnecting fails and on-fail says so). The PostgreSQL server is really stopped and restarted.
 */
class SqlDatabaseLossTest {
    @RegisterExtension
    static PostgresExtension pg = new PostgresExtension();

    private static final HardwareAddress HW1 = HardwareAddress.parse("02:00:00:00:01:01");
    private static final HardwareAddress HW2 = HardwareAddress.parse("02:00:00:00:01:02");

    @AfterEach
    void databaseBack() throws Exception {
        pg.server().start();
        pg.database().wipeLeases();
    }

    private static DhcpTestServer start(String onFailMembers) {
        return DhcpTestServer.start(SqlServerTest.config(pg.database(), "\"connect-timeout\": 1, " + onFailMembers));
    }

    private static SqlLeaseStore store(DhcpTestServer server) {
        return (SqlLeaseStore) server.server().leaseStore();
    }

    private static CountDownLatch latchOn(SqlLeaseStore store, ConnectionState state) {
        CountDownLatch l = new CountDownLatch(1);
        store.addConnectionListener((previous, current) -> {
            if (current == state) {
                l.countDown();
            }
        });
        return l;
    }

    private static DhcpMessage renewQuery(DhcpTestClient client, DhcpTestClient.Lease lease) {
        return client.exchange(client.query(DhcpMessageType.REQUEST, lease.hardwareAddress()).ciaddr(lease.address())
                .build());
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> leaseDatabaseStatus(DhcpTestServer server) {
        return (Map<String, Object>) server.server().status().get("lease-database");
    }

    @Test
    @Timeout(120)
    void stopRetryExitStopsServingWhileLostAndResumes() throws Exception {
        try (DhcpTestServer server = start("\"max-reconnect-tries\": 600, \"reconnect-wait-time\": 100,"
                + " \"on-fail\": \"stop-retry-exit\"");
             DhcpTestClient client = server.newClient().timeoutMillis(2500)) {
            DhcpTestClient.Lease lease = client.dora(HW1);
            CountDownLatch lost = latchOn(store(server), ConnectionState.LOST);
            CountDownLatch back = latchOn(store(server), ConnectionState.CONNECTED);

            pg.server().stop();
            assertNull(renewQuery(client, lease), "no ACK while the database cannot commit the renewal");
            assertTrue(lost.await(10, TimeUnit.SECONDS));
            assertFalse(server.server().service().isEnabled(), "stop-retry-exit disables the service");
            assertEquals(List.of(SqlServerExtension.DB_CONNECTION_ORIGIN),
                    List.copyOf(server.server().service().disabledBy()));
            Map<String, Object> status = leaseDatabaseStatus(server);
            assertEquals("lost", status.get("state"), status.toString());
            assertEquals(1L, ((Number) status.get("connection-losses")).longValue());
            assertNull(client.discover(HW2), "nothing is served while disabled");

            pg.server().start();
            assertTrue(back.await(30, TimeUnit.SECONDS), "reconnected");
            assertTrue(server.server().service().isEnabled(), "service enabled again");
            assertEquals("connected", leaseDatabaseStatus(server).get("state"));
            assertNotNull(client.renew(lease), "the renewal is ACKed once the database is back");
            assertEquals(1, server.leases().size(), "one lease so far");
            assertNotNull(client.dora(HW2));
        }
    }

    @Test
    @Timeout(120)
    void serveRetryContinueKeepsServingButAcksNothingUncommitted() throws Exception {
        try (DhcpTestServer server = start("\"on-fail\": \"serve-retry-continue\"");
             DhcpTestClient client = server.newClient().timeoutMillis(2500)) {
            DhcpTestClient.Lease lease = client.dora(HW1);
            long dropsBefore = server.statistic("pkt4-receive-drop");
            pg.server().stop();
            assertNull(renewQuery(client, lease), "no ACK for a renewal the database did not commit");
            assertNull(client.discover(HW2), "no OFFER either: the store cannot be asked");
            assertTrue(server.server().service().isEnabled(), "serve-retry-continue keeps the service enabled");
            assertEquals(ConnectionState.LOST, store(server).connectionState());
            assertTrue(server.statistic("pkt4-receive-drop") >= dropsBefore + 2, "the queries were dropped");

            pg.server().start();
            assertNotNull(client.renew(lease), "the first query after the database is back is served");
            assertEquals(ConnectionState.CONNECTED, store(server).connectionState());
            assertNotNull(client.dora(HW2));
        }
    }

    @Test
    @Timeout(120)
    void stopRetryExitShutsTheServerDownWhenReconnectingFails() throws Exception {
        try (DhcpTestServer server = start("\"max-reconnect-tries\": 2, \"reconnect-wait-time\": 100,"
                + " \"on-fail\": \"stop-retry-exit\"");
             DhcpTestClient client = server.newClient().timeoutMillis(2500)) {
            DhcpTestClient.Lease lease = client.dora(HW1);
            CompletableFuture<Integer> exit = CompletableFuture.supplyAsync(() -> {
                try {
                    return server.server().awaitShutdown();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return -1;
                }
            });
            pg.server().stop();
            assertNull(renewQuery(client, lease));
            assertEquals(1, exit.get(60, TimeUnit.SECONDS), "shutdown requested with exit value 1");
            assertEquals(ConnectionState.FAILED, store(server).connectionState());
        }
    }
}
