package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.lease.LeaseStoreFactory;
import io.leasehold.dhcp.store.sql.SqlStoreOptions;
import io.leasehold.dhcp.time.Clock;
import io.leasehold.dhcp.time.Scheduler;

/**
 * Registers a SQL type with {@link LeaseStoreFactory}: {@code lease-database} type {@code postgresql}
 * ({@link Postgres}) or {@code mysql} ({@link MySql}). The pool is sized from {@code multi-threading} when the
 * whole configuration is given ({@link SqlStoreOptions#forConfig}), else {@link SqlStoreOptions#defaults()}.
 */
public abstract class SqlStoreFactory implements LeaseStoreFactory {
    private final String type;

    SqlStoreFactory(String type) {
        this.type = type;
    }

    @Override
    public String type() {
        return type;
    }

    @Override
    public LeaseStore open(LeaseDatabase settings, Clock clock, Scheduler scheduler) {
        return SqlStoreOpener.open(settings, SqlStoreOptions.defaults(), scheduler);
    }

    @Override
    public LeaseStore open(KeaConfig config, Clock clock, Scheduler scheduler) {
        return SqlStoreOpener.open(config.leaseDatabase(), SqlStoreOptions.forConfig(config), scheduler);
    }

    /** {@code postgresql}. */
    public static final class Postgres extends SqlStoreFactory {
        public Postgres() {
            super(LeaseDatabase.POSTGRESQL);
        }
    }

    /** {@code mysql} (MySQL and MariaDB). */
    public static final class MySql extends SqlStoreFactory {
        public MySql() {
            super(LeaseDatabase.MYSQL);
        }
    }
}
