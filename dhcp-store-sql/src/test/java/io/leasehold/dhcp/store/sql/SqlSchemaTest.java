package io.leasehold.dhcp.store.sql;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.testing.sql.PostgresExtension;
import io.leasehold.dhcp.testing.sql.TestDatabase;
import io.leasehold.dhcp.time.Scheduler;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Kea 2.2's PostgreSQL schema as the store meets it: version check at open, the row format Kea reads, and the
 * lease states its {@code lease_state} table allows.
 */
class SqlSchemaTest {
    @RegisterExtension
    static PostgresExtension pg = new PostgresExtension();

    private static Scheduler scheduler;

    @BeforeAll
    static void timers() {
        scheduler = Scheduler.system("schema-test-timers");
    }

    @AfterAll
    static void release() throws Exception {
        ((AutoCloseable) scheduler).close();
    }

    @Test
    void olderSchemaIsRefusedNamingBothVersions() throws Exception {
        TestDatabase db = pg.newDatabase();
        db.execute("UPDATE schema_version SET version = 12, minor = 0");
        SqlStoreException e = assertThrows(SqlStoreException.class, () -> SqlTestSupport.open(db, scheduler));
        assertTrue(e.getMessage().contains("has Kea schema version 12.0"), e.getMessage());
        assertTrue(e.getMessage().contains("schema version 13.0 (Kea 2.2)"), e.getMessage());
        assertTrue(e.getMessage().contains("kea-admin db-upgrade pgsql"), e.getMessage());
    }

    @Test
    void newerSchemaIsRefusedNamingBothVersions() throws Exception {
        TestDatabase db = pg.newDatabase();
        db.execute("UPDATE schema_version SET version = 18, minor = 0");
        SqlStoreException e = assertThrows(SqlStoreException.class, () -> SqlTestSupport.open(db, scheduler));
        assertTrue(e.getMessage().contains("has Kea schema version 18.0, but Leasehold uses postgresql schema"
                + " version 13.0 (Kea 2.2)"), e.getMessage());
        assertTrue(e.getMessage().contains("newer Kea"), e.getMessage());
    }

    @Test
    void databaseWithoutKeaSchemaIsRefused() throws Exception {
        TestDatabase db = pg.newDatabase();
        db.execute("DROP TABLE schema_version");
        SqlStoreException e = assertThrows(SqlStoreException.class, () -> SqlTestSupport.open(db, scheduler));
        assertTrue(e.getMessage().contains("kea-admin db-init pgsql"), e.getMessage());
    }

    @Test
    void wrongPasswordNamesTheDatabaseAndUser() {
        TestDatabase db = pg.database();
        TestDatabase wrong = new TestDatabase(db.type(), db.host(), db.port(), db.name(), db.user(), "nope",
                db.server());
        SqlStoreException e = assertThrows(SqlStoreException.class, () -> SqlTestSupport.open(wrong, scheduler));
        assertTrue(e.getMessage().startsWith("cannot connect to lease database postgresql '" + db.name() + "' on "
                + "127.0.0.1:" + db.port() + " as user 'kea'"), e.getMessage());
    }

    @Test
    void keaTwoTwoSchemaAllowsOnlyKeaTwoTwoStates() throws Exception {
        TestDatabase db = pg.database();
        try (SqlLeaseStore store = SqlTestSupport.open(db, scheduler)) {
            Lease4 released = Lease4.builder(Ipv4.parse("192.0.2.1")).validLifetime(60).cltt(1_800_000_000L)
                    .subnetId(1).state(LeaseState.RELEASED).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.add(released));
            assertTrue(e.getMessage().contains("state 3 is not in this database's lease_state table [0, 1, 2]"),
                    e.getMessage());
            assertEquals(Optional.empty(), store.get(released.address()));
        }
    }

    @Test
    void rowsAreWrittenAsKeaWritesThem() throws Exception {
        TestDatabase db = pg.database();
        db.wipeLeases();
        long cltt = 1_800_000_000L;
        Lease4 normal = Lease4.builder(Ipv4.parse("203.0.113.250")).hardwareAddress(HardwareAddress.parse(
                "00:0c:01:02:03:04")).clientId(ClientId.parse("01:00:0c:01:02:03:04")).validLifetime(3600)
                .cltt(cltt).subnetId(7).fqdnForward(true).hostname("host.example.org")
                .userContext("{\"ISC\": {\"client-classes\": [\"gold\"]}}").build();
        Lease4 bootp = Lease4.builder(Ipv4.parse("192.0.2.9")).hardwareAddress(HardwareAddress.parse(
                "00:0c:01:02:03:05")).validLifetime(Lease4.INFINITE_LIFETIME).cltt(cltt).subnetId(7).build();
        Lease4 declined = Lease4.builder(Ipv4.parse("192.0.2.10")).validLifetime(86400).cltt(cltt).subnetId(7)
                .state(LeaseState.DECLINED).build();
        try (SqlLeaseStore store = SqlTestSupport.open(db, scheduler)) {
            assertTrue(store.add(normal));
            assertTrue(store.add(bootp));
            assertTrue(store.add(declined));
            assertEquals(Optional.of(normal), store.get(normal.address()));
            assertEquals(Optional.of(bootp), store.get(bootp.address()));
            assertEquals(Optional.of(declined), store.get(declined.address()));
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT address, hwaddr, client_id, valid_lifetime,"
                     + " extract(epoch from expire)::bigint, subnet_id, fqdn_fwd, fqdn_rev, hostname, state,"
                     + " user_context FROM lease4 ORDER BY address")) {
            assertTrue(rs.next());
            assertEquals(3221225993L, rs.getLong(1), "192.0.2.9 as an unsigned 32-bit number");
            assertEquals(4294967295L, rs.getLong(4));
            assertEquals(cltt, rs.getLong(5), "an infinite lease's expire is its cltt, as Kea writes it");
            assertArrayEquals(new byte[0], rs.getBytes(3), "no client id: empty bytea, as Kea writes it");
            assertEquals("", rs.getString(11), "no user context: empty text, as Kea writes it");
            assertTrue(rs.next());
            assertArrayEquals(new byte[0], rs.getBytes(2), "a declined lease has an empty hwaddr");
            assertEquals(1, rs.getLong(10));
            assertTrue(rs.next());
            assertEquals(3405804026L, rs.getLong(1), "203.0.113.250 above 2^31 stays positive");
            assertArrayEquals(new byte[] {0, 0x0c, 1, 2, 3, 4}, rs.getBytes(2));
            assertEquals(cltt + 3600, rs.getLong(5));
            assertEquals(7, rs.getLong(6));
            assertTrue(rs.getBoolean(7));
            assertEquals("host.example.org", rs.getString(9));
            assertEquals("{\"ISC\": {\"client-classes\": [\"gold\"]}}", rs.getString(11));
        }
        try (Connection c = db.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT state, leases FROM lease4_stat WHERE subnet_id = 7 ORDER BY"
                     + " state")) {
            assertTrue(rs.next());
            assertEquals(0, rs.getLong(1));
            assertEquals(2, rs.getLong(2), "Kea's trigger counted the two default leases");
            assertTrue(rs.next());
            assertEquals(1, rs.getLong(1));
            assertEquals(1, rs.getLong(2));
        }
    }

    @Test
    void expiryBeyondWhatKeaStoresIsRefused() throws Exception {
        try (SqlLeaseStore store = SqlTestSupport.open(pg.database(), scheduler)) {
            Lease4 l = Lease4.builder(Ipv4.parse("192.0.2.77")).validLifetime(4_000_000_000L)
                    .cltt(1_800_000_000L).subnetId(1).build();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> store.add(l));
            assertTrue(e.getMessage().contains("2038-01-19"), e.getMessage());
        }
    }
}
