package io.leasehold.dhcp.store.sql.internal;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import io.leasehold.dhcp.testing.sql.MariaDbExtension;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * As {@link PgIndexUsageTest} for MariaDB: 5,000 leases, analyzed; each statement explained with literal values in
 * place of its parameters. No row of the plan may read lease4 in full ({@code type ALL}).
 */
class MariaDbIndexUsageTest {
    @RegisterExtension
    static MariaDbExtension maria = new MariaDbExtension();

    private static final MySqlDialect D = new MySqlDialect();

    @BeforeAll
    static void fill() throws Exception {
        maria.database().execute("INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id,"
                + " fqdn_fwd, fqdn_rev, hostname, state, user_context)"
                + " SELECT 3221225472 + seq, UNHEX(LPAD(HEX(seq), 12, '0')), UNHEX(CONCAT('01', LPAD(HEX(seq), 12,"
                + " '0'))), 3600, FROM_UNIXTIME(1800000000 + seq * 7), seq % 20, 0, 0, CONCAT('host-', seq),"
                + " seq % 3, NULL FROM seq_1_to_5000", "ANALYZE TABLE lease4");
    }

    private static void assertIndexed(String what, String sql, String... args) throws Exception {
        StringBuilder text = new StringBuilder();
        int n = 0;
        for (char ch : sql.toCharArray()) {
            text.append(ch == '?' ? args[n++] : String.valueOf(ch));
        }
        List<String> rows = new ArrayList<>();
        try (Connection c = maria.database().connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("EXPLAIN " + text)) {
            while (rs.next()) {
                rows.add(rs.getString("table") + " type=" + rs.getString("type") + " key=" + rs.getString("key"));
                if ("lease4".equals(rs.getString("table"))) {
                    assertNotEquals("ALL", rs.getString("type"), what + " reads lease4 in full: " + rows);
                    assertNotNull(rs.getString("key"), what + " uses no index: " + rows);
                }
            }
        }
    }

    @Test
    void lookups() throws Exception {
        assertIndexed("get", D.selectByAddress, "3221225572");
        assertIndexed("by hwaddr", D.selectByHardwareAddress, "x'000000000064'");
        assertIndexed("by client id", D.selectByClientId, "x'01000000000064'");
        assertIndexed("by client", D.selectByClient, "x'000000000064'", "x'01000000000064'");
        assertIndexed("by hostname", D.selectByHostname(), "'host-100'");
        assertIndexed("by subnet", D.selectBySubnet, "7");
        assertIndexed("page", D.selectPage, "3221225472", "100");
        assertIndexed("expired", D.selectExpired(), "1800001000", "100");
        long first = 3221225472L + 2001;
        assertIndexed("held addresses", D.selectHeldAddresses, Long.toString(first),
                Long.toString(first + PoolSync.WINDOW - 1), Integer.toString(PoolSync.WINDOW));
    }

    @Test
    void compareAndSetChangesAndDeletes() throws Exception {
        String[] expected = {"3221225572", "x'000000000064'", "x'01000000000064'", "3600", "1800000700", "0", "0",
            "0", "'host-100'", "1", "''"};
        assertIndexed("delete if unchanged", D.deleteIfUnchanged, expected);
        List<String> all = new ArrayList<>(List.of("x'000000000064'", "x'01000000000064'", "3600", "1800000800",
                "0", "0", "0", "'host-100'", "1", "NULL"));
        all.addAll(List.of(expected));
        assertIndexed("replace if unchanged", D.replaceIfUnchanged, all.toArray(new String[0]));
    }
}
