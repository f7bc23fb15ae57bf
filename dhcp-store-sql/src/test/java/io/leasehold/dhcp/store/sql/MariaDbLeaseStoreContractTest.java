package io.leasehold.dhcp.store.sql;

import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.spi.tests.LeaseStoreContract;
import io.leasehold.dhcp.testing.sql.MariaDbExtension;
import io.leasehold.dhcp.time.Scheduler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The lease store contract, unchanged, against Kea 2.2's schema in a real MariaDB (lease-database type mysql). */
class MariaDbLeaseStoreContractTest extends LeaseStoreContract {
    @RegisterExtension
    static MariaDbExtension maria = new MariaDbExtension();

    private static Scheduler scheduler;

    @BeforeAll
    static void prepare() throws Exception {
        SqlTestSupport.addLaterLeaseStates(maria.database());
        scheduler = Scheduler.system("mariadb-contract-timers");
    }

    @AfterAll
    static void release() throws Exception {
        if (scheduler instanceof AutoCloseable c) {
            c.close();
        }
    }

    @Override
    protected LeaseStore newStore() {
        try {
            maria.database().wipeLeases();
        } catch (java.sql.SQLException e) {
            throw new IllegalStateException(e);
        }
        return SqlTestSupport.open(maria.database(), scheduler);
    }

    @Override
    protected LeaseStore reopen(LeaseStore store) {
        store.close();
        return SqlTestSupport.open(maria.database(), scheduler);
    }
}
