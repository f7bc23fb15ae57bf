package io.leasehold.dhcp.store.sql;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.store.sql.internal.SqlStoreOpener;
import io.leasehold.dhcp.time.Scheduler;

/**
 * Opens SQL lease stores for embedders; a server configured with {@code lease-database} type {@code postgresql} or
 * {@code mysql} gets one without this class (through {@link io.leasehold.dhcp.lease.LeaseStoreFactory}).
 *
 * <pre>{@code
 * LeaseDatabase db = KeaConfigLoader.parse(text, "kea.conf").leaseDatabase();
 * try (SqlLeaseStore store = SqlLeaseStores.open(db, SqlStoreOptions.defaults(), Scheduler.system("timers"))) {
 *     store.get(Ipv4.parse("192.0.2.10"));
 * }
 * }</pre>
 */
public final class SqlLeaseStores {
    private SqlLeaseStores() {
    }

    /**
     * Connects to the database the settings name and checks that it holds Kea 2.2's schema.
     *
     * @param scheduler runs the reconnect timer ({@code reconnect-wait-time})
     * @throws SqlStoreException when the database cannot be reached or its schema version is not Kea 2.2's; the
     *         message names the database and both versions
     * @throws IllegalArgumentException when the settings are not of a SQL type
     */
    public static SqlLeaseStore open(LeaseDatabase settings, SqlStoreOptions options, Scheduler scheduler) {
        return SqlStoreOpener.open(settings, options, scheduler);
    }
}
