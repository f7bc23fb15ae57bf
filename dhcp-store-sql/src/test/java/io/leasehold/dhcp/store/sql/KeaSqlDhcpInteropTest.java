package io.leasehold.dhcp.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.testing.DhcpTestClient;
import io.leasehold.dhcp.testing.DhcpTestServer;
import io.leasehold.dhcp.testing.sql.MariaDbExtension;
import io.leasehold.dhcp.testing.sql.PostgresExtension;
import io.leasehold.dhcp.testing.sql.TestDatabase;
import io.leasehold.dhcp.time.Scheduler;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real Kea 2.2 {@code kea-dhcp4} and a Leasehold server on one database, one after the other, serving the same
 * clients over DHCP: a client that got an address from one gets the same address back from the other, by DORA and by
 * INIT-REBOOT. Both answer relayed queries (giaddr 127.0.0.1, relay source port) on loopback: Kea with UDP sockets on
 * {@code lo}, on a port of its own ({@code -p}); no interface or namespace is touched.
 */
class KeaSqlDhcpInteropTest {
    /** The subnet both servers have: same id, same pool, reached through the relay 127.0.0.1. */
    static final String SUBNET = "{ \"id\": 1, \"subnet\": \"192.0.2.0/24\", \"relay\": { \"ip-addresses\":"
            + " [ \"127.0.0.1\" ] }, \"pools\": [ { \"pool\": \"192.0.2.100 - 192.0.2.199\" } ],"
            + " \"option-data\": [ { \"name\": \"routers\", \"data\": \"192.0.2.1\" } ] }";

    @Nested
    class OnPostgres {
        @RegisterExtension
        static PostgresExtension pg = new PostgresExtension();

        @Test
        void keaFirstThenLeasehold(@TempDir Path dir) throws Exception {
            keaFirst(pg.database(), dir);
        }

        @Test
        void leaseholdFirstThenKea(@TempDir Path dir) throws Exception {
            leaseholdFirst(pg.newDatabase(), dir);
        }
    }

    @Nested
    class OnMariaDb {
        @RegisterExtension
        static MariaDbExtension maria = new MariaDbExtension();

        @Test
        void keaFirstThenLeasehold(@TempDir Path dir) throws Exception {
            keaFirst(maria.database(), dir);
        }

        @Test
        void leaseholdFirstThenKea(@TempDir Path dir) throws Exception {
            leaseholdFirst(maria.newDatabase(), dir);
        }
    }

    /** Two clients: one known by its MAC only, one that sends a client identifier (option 61). */
    private static final HardwareAddress MAC_ONLY = HardwareAddress.parse("02:00:5e:00:10:01");
    private static final HardwareAddress WITH_ID = HardwareAddress.parse("02:00:5e:00:10:02");
    private static final ClientId CLIENT_ID = ClientId.parse("01:02:00:5e:00:10:02");

    /**
     * Clients served first and then deleted from the database, so that the two clients' addresses are not the ones a
     * fresh allocator hands out first: getting them back means the second server found the first one's leases.
     */
    private static final HardwareAddress[] FILLERS = {HardwareAddress.parse("02:00:5e:00:20:01"),
        HardwareAddress.parse("02:00:5e:00:20:02"), HardwareAddress.parse("02:00:5e:00:20:03")};

    private static Consumer<DhcpMessage.Builder> options(HardwareAddress hw) {
        return hw.equals(WITH_ID) ? b -> b.clientId(CLIENT_ID) : b -> { };
    }

    static void keaFirst(TestDatabase db, Path dir) throws Exception {
        KeaDhcp4.assumeInstalled();
        int[] kea = new int[2];
        try (KeaDhcp4 k = startKea(db, dir); DhcpTestClient client = keaClient()) {
            for (HardwareAddress filler : FILLERS) {
                dora(client, filler, k);
            }
            kea[0] = dora(client, MAC_ONLY, k);
            kea[1] = dora(client, WITH_ID, k);
        }
        freeFillers(db, kea);
        try (DhcpTestServer leasehold = DhcpTestServer.start(SqlServerTest.config(db, ""));
             DhcpTestClient client = leasehold.newClient()) {
            int i = 0;
            for (HardwareAddress hw : new HardwareAddress[] {MAC_ONLY, WITH_ID}) {
                int x = kea[i++];
                if (hw.equals(MAC_ONLY)) { // DORA first, then INIT-REBOOT; the other client the other way round
                    assertEquals(x, client.dora(hw, options(hw)).address(), "Leasehold's DORA gives Kea's address");
                }
                assertEquals(x, initReboot(client, hw, x), "Leasehold ACKs Kea's address by INIT-REBOOT " + hw);
                assertEquals(x, client.dora(hw, options(hw)).address(), "Leasehold's DORA gives Kea's address " + hw);
            }
        }
        assertStored(db, kea);
    }

    static void leaseholdFirst(TestDatabase db, Path dir) throws Exception {
        KeaDhcp4.assumeInstalled();
        int[] ours = new int[2];
        try (DhcpTestServer leasehold = DhcpTestServer.start(SqlServerTest.config(db, ""));
             DhcpTestClient client = leasehold.newClient()) {
            for (HardwareAddress filler : FILLERS) {
                client.dora(filler);
            }
            ours[0] = client.dora(MAC_ONLY).address();
            ours[1] = client.dora(WITH_ID, options(WITH_ID)).address();
        }
        freeFillers(db, ours);
        try (KeaDhcp4 k = startKea(db, dir); DhcpTestClient client = keaClient()) {
            int i = 0;
            for (HardwareAddress hw : new HardwareAddress[] {MAC_ONLY, WITH_ID}) {
                int x = ours[i++];
                if (hw.equals(MAC_ONLY)) { // DORA first, then INIT-REBOOT; the other client the other way round
                    assertEquals(x, dora(client, hw, k), "Kea's DORA gives Leasehold's address");
                }
                assertEquals(x, initRebootKea(client, hw, x, k), "Kea ACKs Leasehold's address by INIT-REBOOT " + hw);
                assertEquals(x, dora(client, hw, k), "Kea's DORA gives Leasehold's address " + hw);
            }
        }
        assertStored(db, ours);
    }

    private static int keaPort;

    private static KeaDhcp4 startKea(TestDatabase db, Path dir) throws Exception {
        keaPort = freeUdpPort();
        return KeaDhcp4.serving(dir, db.leaseDatabaseJson(), SUBNET, keaPort);
    }

    private static DhcpTestClient keaClient() throws Exception {
        return DhcpTestClient.relayTo(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), keaPort));
    }

    private static int freeUdpPort() throws Exception {
        try (DatagramSocket s = new DatagramSocket(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0))) {
            return s.getLocalPort();
        }
    }

    private static int dora(DhcpTestClient client, HardwareAddress hw, KeaDhcp4 kea) {
        try {
            return client.dora(hw, options(hw)).address();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nKea's log:\n" + kea.log(), e);
        }
    }

    private static int initReboot(DhcpTestClient client, HardwareAddress hw, int address) {
        DhcpMessage.Builder q = client.query(DhcpMessageType.REQUEST, hw).requestedAddress(address);
        options(hw).accept(q);
        return expectAck(hw, client.exchange(q.build())).address();
    }

    private static int initRebootKea(DhcpTestClient client, HardwareAddress hw, int address, KeaDhcp4 kea) {
        try {
            return initReboot(client, hw, address);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nKea's log:\n" + kea.log(), e);
        }
    }

    private static DhcpTestClient.Lease expectAck(HardwareAddress hw, DhcpMessage ack) {
        assertNotNull(ack, "no answer to INIT-REBOOT of " + hw);
        assertEquals(5, ack.messageType().intValue(), "not an ACK for " + hw + ": " + ack);
        return new DhcpTestClient.Lease(hw, ack.yiaddr(), ack.serverIdentifier().orElse(0),
                ack.leaseTime().orElse(0), ack);
    }

    /** Deletes every lease but the two clients' (checked first), freeing the start of the pool. */
    private static void freeFillers(TestDatabase db, int[] addresses) throws Exception {
        assertEquals(2 + FILLERS.length, count(db), "one lease per client");
        db.execute("DELETE FROM lease4 WHERE address NOT IN (" + Integer.toUnsignedLong(addresses[0]) + ", "
                + Integer.toUnsignedLong(addresses[1]) + ")");
        assertStored(db, addresses);
        for (int a : addresses) {
            assertNotEquals(Ipv4.parse("192.0.2.100"), a, "the fillers took the first addresses");
        }
    }

    private static long count(TestDatabase db) throws Exception {
        try (java.sql.Connection c = db.connect(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM lease4")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** The database holds each client's lease at the address it was given. */
    private static void assertStored(TestDatabase db, int[] addresses) throws Exception {
        Scheduler scheduler = Scheduler.system("interop-check");
        try (SqlLeaseStore store = SqlTestSupport.open(db, scheduler)) {
            Lease4 a = store.get(addresses[0]).orElseThrow(() -> new AssertionError("no lease at "
                    + Ipv4.toString(addresses[0])));
            assertEquals(MAC_ONLY, a.hardwareAddress());
            Lease4 b = store.get(addresses[1]).orElseThrow(() -> new AssertionError("no lease at "
                    + Ipv4.toString(addresses[1])));
            assertEquals(WITH_ID, b.hardwareAddress());
            assertEquals(CLIENT_ID, b.clientId());
            assertEquals(2, store.size());
        } finally {
            ((AutoCloseable) scheduler).close();
        }
    }
}
