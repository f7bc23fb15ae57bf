package io.leasehold.dhcp.store.sql;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.testing.sql.TestDatabase;
import io.leasehold.dhcp.time.Scheduler;
import java.sql.SQLException;

/** Helpers shared by the SQL store tests. */
final class SqlTestSupport {
    /** Enough connections for the contract's four racing threads. */
    static final SqlStoreOptions OPTIONS = new SqlStoreOptions(8);

    private SqlTestSupport() {
    }

    /** The {@code lease-database} settings of a test database, parsed as Kea's configuration. */
    static LeaseDatabase settings(TestDatabase db, String extraMembers) {
        try {
            return KeaConfigLoader.parse("{ \"Dhcp4\": { \"lease-database\": " + db.leaseDatabaseJson(extraMembers)
                    + ", \"subnet4\": [] } }", "test.json").leaseDatabase();
        } catch (ConfigException e) {
            throw new IllegalStateException(e);
        }
    }

    static SqlLeaseStore open(TestDatabase db, Scheduler scheduler) {
        return SqlLeaseStores.open(settings(db, ""), OPTIONS, scheduler);
    }

    /**
     * Adds lease states 3 (released) and 4 (registered) to the test database's {@code lease_state} table, as Kea
     * 2.7's schema upgrades do. Kea 2.2's schema allows only 0..2 through a foreign key, and Kea 2.2 never writes 3
     * or 4, but the store contract uses state 3; {@code SqlSchemaTest} shows a pristine 2.2 schema refusing it.
     * Never do this to a production database: Kea's own upgrade would then fail on the duplicate rows.
     */
    static void addLaterLeaseStates(TestDatabase db) throws SQLException {
        db.execute("INSERT INTO lease_state VALUES (3, 'released')", "INSERT INTO lease_state VALUES (4, 'registered')");
    }
}
