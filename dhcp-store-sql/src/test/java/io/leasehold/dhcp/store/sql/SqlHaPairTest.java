package io.leasehold.dhcp.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.ha.HaExtension;
import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.server.DhcpServer;
import io.leasehold.dhcp.server.ServerExtension;
import io.leasehold.dhcp.testing.DhcpTestClient;
import io.leasehold.dhcp.testing.sql.MariaDbExtension;
import io.leasehold.dhcp.testing.sql.PostgresExtension;
import io.leasehold.dhcp.testing.sql.TestDatabase;
import io.leasehold.dhcp.time.Scheduler;
import io.leasehold.dhcp.transport.DhcpTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Leasehold hot-standby pair in which each peer has its own database, as Kea's HA is run: two whole servers in
 * this JVM, peers over real HTTP on loopback, relayed DHCP over UDP. Leases reach the partner's database through
 * lease4-update and lease4-del; a standby restarted on an emptied database fills it from the primary
 * (lease4-get-page) before it is back in hot-standby, and can then serve the primary's clients on its own.
 */
class SqlHaPairTest {

    @Nested
    class OnPostgres {
        @RegisterExtension
        static PostgresExtension pg = new PostgresExtension();

        @Test
        void eachPeerWithItsOwnDatabase() throws Exception {
            pair(pg.database(), pg.newDatabase());
        }
    }

    @Nested
    class OnMariaDb {
        @RegisterExtension
        static MariaDbExtension maria = new MariaDbExtension();

        @Test
        void eachPeerWithItsOwnDatabase() throws Exception {
            pair(maria.database(), maria.newDatabase());
        }
    }

    static String config(String self, TestDatabase db, int port1, int port2) {
        return """
                { "Dhcp4": {
                    "lease-database": %s,
                    "multi-threading": { "enable-multi-threading": true, "thread-pool-size": 2 },
                    "valid-lifetime": 3600,
                    "hooks-libraries": [ { "library": "/usr/lib/kea/hooks/libdhcp_lease_cmds.so" },
                      { "library": "/usr/lib/kea/hooks/libdhcp_ha.so", "parameters": { "high-availability": [ {
                        "this-server-name": "%s", "mode": "hot-standby", "heartbeat-delay": 500,
                        "max-response-delay": 2000, "max-unacked-clients": 0, "sync-page-limit": 3, "peers": [
                          { "name": "server1", "url": "http://127.0.0.1:%d/", "role": "primary" },
                          { "name": "server2", "url": "http://127.0.0.1:%d/", "role": "standby" } ] } ] } } ],
                    "subnet4": [ { "id": 7, "subnet": "192.0.2.0/24", "relay": { "ip-addresses": [ "127.0.0.1" ] },
                                   "pools": [ { "pool": "192.0.2.100 - 192.0.2.199" } ] } ] } }
                """.formatted(db.leaseDatabaseJson(), self, port1, port2);
    }

    static DhcpServer start(String self, TestDatabase db, int port1, int port2) throws Exception {
        return DhcpServer.builder().configText(config(self, db, port1, port2)).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(InetAddress.getByName("127.0.0.1")).serverPort(0).controlSockets(false).build().start();
    }

    static HaExtension ha(DhcpServer s) {
        for (ServerExtension e : s.extensions()) {
            if (e instanceof HaExtension h) {
                return h;
            }
        }
        throw new AssertionError("no HA extension");
    }

    static int freePort() throws Exception {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    /** Polls (every 20 ms, at most {@code seconds}) until the condition holds; fails with the message otherwise. */
    static void await(BooleanSupplier condition, int seconds, Supplier<String> message) throws InterruptedException {
        long deadline = System.nanoTime() + seconds * 1_000_000_000L;
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + seconds + " s: " + message.get());
            }
            Thread.sleep(20); // real heartbeats over real HTTP: there is no virtual clock to move
        }
    }

    static void awaitStates(DhcpServer s1, HaState state1, DhcpServer s2, HaState state2) throws Exception {
        await(() -> ha(s1).status().state() == state1 && (s2 == null || ha(s2).status().state() == state2), 30,
                () -> "server1 " + ha(s1).status() + (s2 == null ? "" : ", server2 " + ha(s2).status()));
    }

    /** What both peers must agree on for a lease (the rest, e.g. user context, is each server's own). */
    record Row(int address, HardwareAddress hw, long cltt, long validLifetime, long subnetId, int state) {
        static Row of(Lease4 l) {
            return new Row(l.address(), l.hardwareAddress(), l.cltt(), l.validLifetime(), l.subnetId(),
                    l.state());
        }

        @Override
        public String toString() {
            return Ipv4.toString(address) + " " + hw + " cltt " + cltt + " lft " + validLifetime;
        }
    }

    static List<Row> rows(SqlLeaseStore store) {
        return store.getPage(0, 10_000).stream().map(Row::of).toList();
    }

    static void pair(TestDatabase dbA, TestDatabase dbB) throws Exception {
        int port1 = freePort();
        int port2 = freePort();
        Scheduler scheduler = Scheduler.system("ha-pair-observers");
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        DhcpServer s2 = null;
        try (SqlLeaseStore a = SqlTestSupport.open(dbA, scheduler); SqlLeaseStore b = SqlTestSupport.open(dbB, scheduler);
             DhcpServer s1 = start("server1", dbA, port1, port2)) {
            s2 = start("server2", dbB, port1, port2);
            awaitStates(s1, HaState.HOT_STANDBY, s2, HaState.HOT_STANDBY);
            DhcpTestClient client = DhcpTestClient.relayTo(new InetSocketAddress(lo, s1.localAddress().getPort()));
            try (client) {
                // A DORA on the primary: the ACK leaves once the standby has the lease, in its own database.
                List<DhcpTestClient.Lease> granted = new ArrayList<>();
                for (int i = 1; i <= 4; i++) {
                    DhcpTestClient.Lease l = client.dora(HardwareAddress.parse("02:00:00:00:01:0" + i));
                    granted.add(l);
                    Lease4 inB = b.get(l.address()).orElseThrow(() -> new AssertionError("the standby's database"
                            + " has no lease for " + l.addressText() + " when the client has its ACK"));
                    assertEquals(Row.of(a.get(l.address()).orElseThrow()), Row.of(inB));
                }
                assertEquals(rows(a), rows(b), "both databases hold the same leases");
                client.release(granted.get(3));
                await(() -> b.get(granted.get(3).address()).isEmpty(), 10,
                        () -> "lease4-del reached the standby's database: " + rows(b));
                await(() -> a.get(granted.get(3).address()).isEmpty(), 10, () -> "released on the primary");

                // The standby goes away; its database is emptied. The primary, alone, serves more clients.
                s2.close();
                s2 = null;
                dbB.execute("DELETE FROM lease4");
                assertEquals(0, b.size());
                awaitStates(s1, HaState.PARTNER_DOWN, null, null);
                for (int i = 5; i <= 9; i++) {
                    granted.add(client.dora(HardwareAddress.parse("02:00:00:00:01:0" + i)));
                }
                List<Row> primary = rows(a);
                assertEquals(3 + 5, primary.size(), primary.toString());

                // The standby comes back: it pulls every lease from the primary into its database before it is
                // back in hot-standby (sync-page-limit 3: several pages).
                s2 = start("server2", dbB, port1, port2);
                DhcpServer standby = s2;
                awaitStates(s1, HaState.HOT_STANDBY, s2, HaState.HOT_STANDBY);
                assertEquals(primary, rows(b), "the standby's database after its sync");
                assertEquals(primary, rows(a), "the primary's database did not change");

                // A new client: the lease lands in both databases again.
                granted.add(client.dora(HardwareAddress.parse("02:00:00:00:01:10")));
                assertEquals(rows(a), rows(b));

                // The primary dies: the standby takes over and gives the primary's clients their addresses back,
                // from its own database.
                long closed = System.nanoTime();
                s1.close();
                await(() -> ha(standby).status().state() == HaState.PARTNER_DOWN, 30,
                        () -> "server2 " + ha(standby).status());
                // heartbeat-delay 0.5 s + max-response-delay 2 s, not the 10 s request timeout: the closed primary's
                // HA listener ended the standby's keep-alive connection, as a dying process does
                long takeOver = (System.nanoTime() - closed) / 1_000_000;
                assertTrue(takeOver < 8_000, "the standby took over after " + takeOver + " ms");
                try (DhcpTestClient toStandby = DhcpTestClient.relayTo(new InetSocketAddress(lo,
                        standby.localAddress().getPort()))) {
                    for (DhcpTestClient.Lease l : List.of(granted.get(0), granted.get(5), granted.get(8))) {
                        DhcpMessage ack = toStandby.initReboot(l.hardwareAddress(), l.address());
                        assertNotNull(ack, "the standby answers " + l.hardwareAddress());
                        assertEquals(5, ack.messageType().intValue(), "ACK for " + l.addressText() + ": " + ack);
                        assertEquals(l.address(), ack.yiaddr());
                        DhcpTestClient.Lease again = toStandby.dora(l.hardwareAddress());
                        assertEquals(l.addressText(), again.addressText(), "same address by DORA");
                    }
                    assertEquals(List.of(), b.getByHardwareAddress(granted.get(3).hardwareAddress()),
                            "the released client has no lease");
                }
            }
        } finally {
            if (s2 != null) {
                s2.close();
            }
            ((AutoCloseable) scheduler).close();
        }
    }
}
