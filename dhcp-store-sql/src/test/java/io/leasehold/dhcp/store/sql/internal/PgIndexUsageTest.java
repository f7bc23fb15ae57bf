package io.leasehold.dhcp.store.sql.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.testing.sql.PostgresExtension;
import io.leasehold.dhcp.testing.sql.TestDatabase;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The store's lookups and changes use Kea's indexes on {@code lease4}, with the planner free to choose: 5,000 leases
 * in 20 subnets, analyzed, and each statement of the dialect explained with realistic parameters (PREPARE and
 * EXPLAIN EXECUTE, as the driver runs them). No sequential scan of lease4 is allowed.
 */
class PgIndexUsageTest {
    @RegisterExtension
    static PostgresExtension pg = new PostgresExtension();

    private static final PostgresDialect D = new PostgresDialect();

    @BeforeAll
    static void fill() throws Exception {
        TestDatabase db = pg.database();
        db.execute("INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd,"
                + " fqdn_rev, hostname, state, user_context)"
                + " SELECT 3221225472 + n, decode(lpad(to_hex(n), 12, '0'), 'hex'),"
                + " decode('01' || lpad(to_hex(n), 12, '0'), 'hex'), 3600,"
                + " to_timestamp(1800000000 + n * 7), n % 20, false, false, 'host-' || n, n % 3, ''"
                + " FROM generate_series(1, 5000) AS n", "ANALYZE lease4", "ANALYZE lease4_stat");
    }

    private static String plan(String sql, String... args) throws Exception {
        StringBuilder numbered = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            numbered.append(ch == '?' ? "$" + (++n) : String.valueOf(ch));
        }
        try (Connection c = pg.database().connect(); Statement s = c.createStatement()) {
            s.execute("PREPARE q AS " + numbered);
            StringBuilder out = new StringBuilder();
            try (ResultSet rs = s.executeQuery("EXPLAIN EXECUTE q(" + String.join(", ", args) + ")")) {
                while (rs.next()) {
                    out.append(rs.getString(1)).append('\n');
                }
            }
            s.execute("DEALLOCATE q");
            return out.toString();
        }
    }

    private static void assertIndexed(String what, String plan, String index) {
        assertFalse(plan.contains("Seq Scan on lease4"), what + " scans lease4:\n" + plan);
        assertTrue(plan.contains(index), what + " does not use " + index + ":\n" + plan);
    }

    @Test
    void lookupByAddress() throws Exception {
        assertIndexed("get", plan(D.selectByAddress, "3221225572"), "lease4_pkey");
    }

    @Test
    void lookupByHardwareAddress() throws Exception {
        assertIndexed("by hwaddr", plan(D.selectByHardwareAddress, "'\\x000000000064'::bytea"),
                "lease4_by_hwaddr_subnet_id");
    }

    @Test
    void lookupByClientId() throws Exception {
        assertIndexed("by client id", plan(D.selectByClientId, "'\\x01000000000064'::bytea"),
                "lease4_by_client_id_subnet_id");
    }

    @Test
    void lookupByBothIdentities() throws Exception {
        String p = plan(D.selectByClient, "'\\x000000000064'::bytea", "'\\x01000000000064'::bytea");
        assertIndexed("by client", p, "lease4_by_hwaddr_subnet_id");
        assertIndexed("by client", p, "lease4_by_client_id_subnet_id");
    }

    @Test
    void lookupByHostname() throws Exception {
        assertIndexed("by hostname", plan(D.selectByHostname(), "'host-100'", "'host-100'"), "lease4_by_hostname");
    }

    @Test
    void lookupBySubnet() throws Exception {
        assertIndexed("by subnet", plan(D.selectBySubnet, "7"), "lease4_by_subnet_id");
    }

    @Test
    void expiredLeasesOldestFirst() throws Exception {
        String p = plan(D.selectExpired(), "0", "1800001000", "100", "1", "1800001000", "100", "100");
        assertIndexed("expired", p, "lease4_by_state_expire");
    }

    @Test
    void pages() throws Exception {
        assertIndexed("page", plan(D.selectPage, "3221225472", "100"), "lease4_pkey");
    }

    @Test
    void heldAddressesOfAPoolWindow() throws Exception {
        // A window of the allocator's re-read (PoolSync.WINDOW addresses) is a range of the primary key.
        long first = 3221225472L + 2001;
        assertIndexed("held addresses", plan(D.selectHeldAddresses, Long.toString(first),
                Long.toString(first + PoolSync.WINDOW - 1), Integer.toString(PoolSync.WINDOW)), "lease4_pkey");
    }

    @Test
    void compareAndSetChangesAndDeletes() throws Exception {
        String[] expected = {"3221225572", "'\\x000000000064'::bytea", "'\\x01000000000064'::bytea", "3600",
            "1800000700", "0", "false", "false", "'host-100'", "1", "''"};
        // The planner may pick any of Kea's indexes the row's values hit; it must not scan the table.
        assertIndexed("delete if unchanged", plan(D.deleteIfUnchanged, expected), "Index Scan");
        String[] values = {"'\\x000000000064'::bytea", "'\\x01000000000064'::bytea", "3600", "1800000800", "0",
            "false", "false", "'host-100'", "1", "''"};
        String[] all = new String[values.length + expected.length];
        System.arraycopy(values, 0, all, 0, values.length);
        System.arraycopy(expected, 0, all, values.length, expected.length);
        assertIndexed("replace if unchanged", plan(D.replaceIfUnchanged, all), "Index Scan");
        assertIndexed("delete returning", plan(D.deleteReturning(), "3221225572"), "lease4_pkey");
    }
}
