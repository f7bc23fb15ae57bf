package io.leasehold.dhcp.store.sql.internal;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.config.SqlSettings;
import io.leasehold.dhcp.store.sql.SqlLeaseStore;
import io.leasehold.dhcp.store.sql.SqlStoreException;
import io.leasehold.dhcp.store.sql.SqlStoreOptions;
import io.leasehold.dhcp.time.Scheduler;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Opens a SQL lease store: connection pool, schema check, monitor. Releases what it opened when a step fails. */
public final class SqlStoreOpener {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.store.sql");

    private SqlStoreOpener() {
    }

    static Dialect dialect(String type) {
        return switch (type) {
            case LeaseDatabase.POSTGRESQL -> new PostgresDialect();
            case LeaseDatabase.MYSQL -> new MySqlDialect();
            default -> throw new IllegalArgumentException("lease-database type '" + type + "' is not a SQL type");
        };
    }

    /** Opens the store; see {@link io.leasehold.dhcp.store.sql.SqlLeaseStores#open}. */
    public static SqlLeaseStore open(LeaseDatabase db, SqlStoreOptions options, Scheduler scheduler) {
        if (!db.isSql()) {
            throw new IllegalArgumentException("lease-database type '" + db.type() + "' is not a SQL type");
        }
        Dialect d = dialect(db.type());
        SqlSettings s = db.sql();
        String label = d.type() + " '" + db.name() + "' on " + s.host() + ":" + (s.port() == 0 ? d.defaultPort()
                : s.port());
        for (String key : d.ignoredSettings(db)) {
            LOG.warn("LH_SQL_SETTING_IGNORED lease-database {} has no effect with type {} (as in Kea)", key,
                    d.type());
        }
        TlsMaterial tls = TlsMaterial.of(s);
        HikariDataSource pool;
        try {
            pool = new HikariDataSource(poolConfig(db, d, tls, options));
        } catch (RuntimeException e) {
            tls.close();
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            LOG.error("LH_SQL_OPEN_FAILED cannot connect to lease database {}: {}", label, cause.getMessage());
            throw new SqlStoreException("cannot connect to lease database " + label
                    + (s.user().isEmpty() ? "" : " as user '" + s.user() + "'") + ": " + cause.getMessage(), e);
        }
        try {
            SchemaCheck schema = SchemaCheck.read(pool, d, label);
            ConnectionMonitor monitor = new ConnectionMonitor(label, s, scheduler, () -> probe(pool));
            Jdbc jdbc = new Jdbc(pool, d, monitor, "lease database " + label);
            SqlResources resources = new SqlResources(db, label, pool, tls, monitor, jdbc, schema.version());
            LOG.info("LH_SQL_OPENED lease database {}: Kea schema {}, up to {} connections{}", label,
                    schema.version(), options.maximumPoolSize(), s.tls() ? ", TLS" : "");
            return new SqlLeaseStoreImpl(resources, new LeaseCodec(d, schema.states()));
        } catch (RuntimeException e) {
            pool.close();
            tls.close();
            LOG.error("LH_SQL_OPEN_FAILED {}", e.getMessage());
            throw e;
        }
    }

    private static HikariConfig poolConfig(LeaseDatabase db, Dialect d, TlsMaterial tls, SqlStoreOptions options) {
        SqlSettings s = db.sql();
        HikariConfig c = new HikariConfig();
        c.setPoolName("leasehold-" + d.type());
        c.setDriverClassName(d.driverClassName());
        c.setJdbcUrl(d.jdbcUrl(db));
        if (!s.user().isEmpty()) {
            c.setUsername(s.user());
        }
        if (!s.password().isEmpty()) {
            c.setPassword(s.password());
        }
        c.setDataSourceProperties(d.driverProperties(db, tls));
        c.setMaximumPoolSize(options.maximumPoolSize());
        c.setMinimumIdle(Math.min(2, options.maximumPoolSize()));
        long connectMillis = Math.min(s.connectTimeoutSeconds() * 1000, Integer.MAX_VALUE);
        c.setConnectionTimeout(Math.max(250, connectMillis));
        c.setValidationTimeout(Math.max(250, Math.min(connectMillis, 5000)));
        c.setAutoCommit(true);
        if (d.connectionInitSql() != null) {
            c.setConnectionInitSql(d.connectionInitSql());
        }
        return c;
    }

    /** The reconnect probe: a connection from the pool answers a trivial query. Null when it does, else why not. */
    private static String probe(HikariDataSource pool) {
        try (Connection c = pool.getConnection(); PreparedStatement ps = c.prepareStatement("SELECT 1")) {
            ps.executeQuery().close();
            return null;
        } catch (SQLException | RuntimeException e) {
            return String.valueOf(e.getMessage());
        }
    }
}
