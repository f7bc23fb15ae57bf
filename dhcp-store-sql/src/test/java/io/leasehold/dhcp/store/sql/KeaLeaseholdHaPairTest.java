package io.leasehold.dhcp.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.server.DhcpServer;
import io.leasehold.dhcp.testing.DhcpTestClient;
import io.leasehold.dhcp.testing.sql.MariaDbExtension;
import io.leasehold.dhcp.testing.sql.PostgresExtension;
import io.leasehold.dhcp.testing.sql.TestDatabase;
import io.leasehold.dhcp.time.Scheduler;
import io.leasehold.dhcp.transport.DhcpTransport;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A mixed hot-standby pair, each with its own database: a real Kea 2.2 primary ({@code kea-dhcp4} with
 * libdhcp_ha and its dedicated HTTP listener, answering relayed DHCP on loopback) on database A, a Leasehold standby
 * on database B. Kea's lease4-update lands in B; a Leasehold standby restarted on an emptied B pulls every lease
 * from Kea (lease4-get-page) before it is back in hot-standby.
 */
class KeaLeaseholdHaPairTest {

    @Nested
    class OnPostgres {
        @RegisterExtension
        static PostgresExtension pg = new PostgresExtension();

        @Test
        void keaPrimaryLeaseholdStandby(@TempDir Path dir) throws Exception {
            pair(pg.newDatabase(), pg.newDatabase(), dir);
        }
    }

    @Nested
    class OnMariaDb {
        @RegisterExtension
        static MariaDbExtension maria = new MariaDbExtension();

        @Test
        void keaPrimaryLeaseholdStandby(@TempDir Path dir) throws Exception {
            pair(maria.newDatabase(), maria.newDatabase(), dir);
        }
    }

    static String peers(int keaPort, int ourPort) {
        return "\"mode\": \"hot-standby\", \"heartbeat-delay\": 500, \"max-response-delay\": 2000,"
                + " \"max-unacked-clients\": 0, \"sync-page-limit\": 3, \"peers\": ["
                + " {\"name\": \"kea\", \"url\": \"http://127.0.0.1:" + keaPort + "/\", \"role\": \"primary\"},"
                + " {\"name\": \"leasehold\", \"url\": \"http://127.0.0.1:" + ourPort + "/\", \"role\": \"standby\"} ]";
    }

    static String keaHa(int keaPort, int ourPort) {
        return "[ { \"this-server-name\": \"kea\", " + peers(keaPort, ourPort) + ", \"multi-threading\":"
                + " {\"enable-multi-threading\": true, \"http-dedicated-listener\": true, \"http-listener-threads\": 1,"
                + " \"http-client-threads\": 1} } ]";
    }

    static DhcpServer leasehold(TestDatabase db, int keaPort, int ourPort) throws Exception {
        String config = "{ \"Dhcp4\": { \"lease-database\": " + db.leaseDatabaseJson() + ","
                + " \"multi-threading\": { \"enable-multi-threading\": true, \"thread-pool-size\": 2 },"
                + " \"valid-lifetime\": 3600,"
                + " \"hooks-libraries\": [ { \"library\": \"/usr/lib/kea/hooks/libdhcp_lease_cmds.so\" },"
                + " { \"library\": \"/usr/lib/kea/hooks/libdhcp_ha.so\", \"parameters\": { \"high-availability\":"
                + " [ { \"this-server-name\": \"leasehold\", " + peers(keaPort, ourPort) + " } ] } } ],"
                + " \"subnet4\": [ " + KeaSqlDhcpInteropTest.SUBNET + " ] } }";
        return DhcpServer.builder().configText(config).transportMode(DhcpTransport.Mode.NIO)
                .bindAddress(InetAddress.getByName("127.0.0.1")).serverPort(0).controlSockets(false).build().start();
    }

    static String keaState(KeaDhcp4 kea) {
        try {
            Map<String, Object> status = kea.ok("{\"command\": \"ha-heartbeat\"}");
            return (String) status.get("state");
        } catch (java.io.IOException | AssertionError e) {
            return "unknown (" + e.getMessage() + ")";
        }
    }

    static void awaitBoth(KeaDhcp4 kea, String keaState, DhcpServer ours, HaState ourState) throws Exception {
        SqlHaPairTest.await(() -> keaState.equals(keaState(kea))
                        && (ours == null || SqlHaPairTest.ha(ours).status().state() == ourState), 40,
                () -> "Kea " + keaState(kea) + (ours == null ? "" : ", Leasehold " + SqlHaPairTest.ha(ours).status())
                        + "\nKea's log:\n" + tail(kea.log()));
    }

    static String tail(String log) {
        return log.length() < 6000 ? log : log.substring(log.length() - 6000);
    }

    static void pair(TestDatabase dbA, TestDatabase dbB, Path dir) throws Exception {
        KeaDhcp4.assumeInstalled();
        int keaHttp = SqlHaPairTest.freePort();
        int ourHttp = SqlHaPairTest.freePort();
        int keaDhcp = freeUdpPort();
        InetAddress lo = InetAddress.getByName("127.0.0.1");
        Scheduler scheduler = Scheduler.system("kea-pair-observers");
        DhcpServer ours = null;
        try (SqlLeaseStore a = SqlTestSupport.open(dbA, scheduler); SqlLeaseStore b = SqlTestSupport.open(dbB, scheduler);
             KeaDhcp4 kea = KeaDhcp4.servingWithHa(dir, dbA.leaseDatabaseJson(), KeaSqlDhcpInteropTest.SUBNET,
                     keaDhcp, keaHa(keaHttp, ourHttp));
             DhcpTestClient client = DhcpTestClient.relayTo(new InetSocketAddress(lo, keaDhcp))) {
            ours = leasehold(dbB, keaHttp, ourHttp);
            awaitBoth(kea, "hot-standby", ours, HaState.HOT_STANDBY);
            for (int i = 1; i <= 3; i++) {
                DhcpTestClient.Lease l = dora(client, "02:00:00:00:02:0" + i, kea);
                assertEquals(SqlHaPairTest.Row.of(a.get(l.address()).orElseThrow()),
                        SqlHaPairTest.Row.of(b.get(l.address()).orElseThrow(() -> new AssertionError(
                                "Leasehold's database has no lease for " + l.addressText() + " when Kea ACKed"))));
            }
            assertEquals(SqlHaPairTest.rows(a), SqlHaPairTest.rows(b));

            // Leasehold goes away, its database is emptied; Kea, alone, serves more clients.
            ours.close();
            ours = null;
            dbB.execute("DELETE FROM lease4");
            awaitBoth(kea, "partner-down", null, null);
            for (int i = 4; i <= 8; i++) {
                dora(client, "02:00:00:00:02:0" + i, kea);
            }
            List<SqlHaPairTest.Row> keas = SqlHaPairTest.rows(a);
            assertEquals(8, keas.size(), keas.toString());

            // Leasehold comes back and syncs from Kea (sync-page-limit 3: three pages) before hot-standby.
            ours = leasehold(dbB, keaHttp, ourHttp);
            awaitBoth(kea, "hot-standby", ours, HaState.HOT_STANDBY);
            assertEquals(keas, SqlHaPairTest.rows(b), "Leasehold's database after its sync from Kea");
        } finally {
            if (ours != null) {
                ours.close();
            }
            ((AutoCloseable) scheduler).close();
        }
    }

    static DhcpTestClient.Lease dora(DhcpTestClient client, String mac, KeaDhcp4 kea) {
        try {
            return client.dora(HardwareAddress.parse(mac));
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nKea's log:\n" + tail(kea.log()), e);
        }
    }

    static int freeUdpPort() throws Exception {
        try (java.net.DatagramSocket s = new java.net.DatagramSocket(new InetSocketAddress(
                InetAddress.getByName("127.0.0.1"), 0))) {
            return s.getLocalPort();
        }
    }
}
