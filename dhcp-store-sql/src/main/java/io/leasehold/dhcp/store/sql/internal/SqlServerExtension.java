package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.SqlSettings;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.server.ServerContext;
import io.leasehold.dhcp.server.ServerExtension;
import io.leasehold.dhcp.store.sql.SqlLeaseStore;
import io.leasehold.dhcp.store.sql.SqlLeaseStore.ConnectionState;
import java.util.Collection;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kea's {@code on-fail} for a server whose lease store is a SQL database: with {@code stop-retry-exit} the DHCP
 * service is disabled (origin {@link #DB_CONNECTION_ORIGIN}, as Kea's network state numbers it) while the
 * connection is lost and enabled again when it is back; when reconnecting fails for good, {@code stop-retry-exit}
 * and {@code serve-retry-exit} shut the server down with exit value 1. Adds {@code lease-database} to
 * {@code status-get}. While the database is lost, store calls throw, so the engine drops the query: no lease is
 * ACKed that the database has not committed.
 *
 * <p>Other servers (Leasehold or Kea) may share the database and its pools: {@link PoolSync} re-reads a subnet's
 * leased addresses when its allocator is exhausted, and every subnet's periodically, so addresses they freed become
 * free here too.
 */
public final class SqlServerExtension implements ServerExtension {
    /** Kea's {@code NetworkState::DB_CONNECTION} origin. */
    public static final int DB_CONNECTION_ORIGIN = 3000;
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.store.sql");

    private volatile SqlLeaseStore store;
    private volatile ServerContext context;
    private volatile SqlSettings settings;
    private volatile PoolSync poolSync;

    @Override
    public QueryHook hook() {
        return QueryHook.NONE;
    }

    @Override
    public void start(ServerContext ctx) {
        if (!(ctx.store() instanceof SqlLeaseStore s)) {
            return; // an embedder gave its own store
        }
        this.context = ctx;
        this.settings = ctx.config().leaseDatabase().sql();
        this.store = s;
        s.addConnectionListener(this::stateChanged);
        if (s instanceof SqlLeaseStoreImpl impl) {
            DhcpEngine engine = ctx.engine();
            PoolSync sync = new PoolSync(ctx.scheduler(), impl::heldAddresses, new PoolSync.Allocators() {
                @Override
                public Optional<AddressAllocator> allocator(long subnetId) {
                    return engine.allocator(subnetId);
                }

                @Override
                public Collection<Long> subnetIds() {
                    return engine.subnetIds();
                }
            }, () -> impl.connectionState() == ConnectionState.CONNECTED);
            engine.onPoolsExhausted(sync::request);
            sync.start();
            this.poolSync = sync;
        }
    }

    private void stateChanged(ConnectionState previous, ConnectionState current) {
        ServerContext ctx = context;
        SqlSettings s = settings;
        switch (current) {
            case LOST -> {
                if (s.onFail().stopsService()) {
                    LOG.warn("LH_SQL_SERVICE_DISABLED DHCP service disabled while the lease database is lost"
                            + " (on-fail {})", s.onFail().keaName());
                    ctx.service().disable(DB_CONNECTION_ORIGIN, 0);
                }
            }
            case CONNECTED -> {
                if (ctx.service().disabledBy().contains(DB_CONNECTION_ORIGIN)) {
                    LOG.info("LH_SQL_SERVICE_ENABLED DHCP service enabled: the lease database answers again");
                    ctx.service().enable(DB_CONNECTION_ORIGIN);
                }
            }
            case FAILED -> {
                if (s.onFail().exitsOnFailure()) {
                    LOG.error("LH_SQL_SHUTDOWN shutting down: the lease database could not be reached again"
                            + " (on-fail {})", s.onFail().keaName());
                    ctx.commands().executeJson("{\"command\": \"shutdown\", \"arguments\": {\"exit-value\": 1}}",
                            "lease-database");
                }
            }
            default -> {
            }
        }
    }

    @Override
    public void status(Map<String, Object> arguments) {
        SqlLeaseStore s = store;
        if (s != null) {
            arguments.put("lease-database", s.status());
        }
    }

    @Override
    public void close() {
        store = null;
        PoolSync sync = poolSync;
        if (sync != null) {
            sync.close();
            poolSync = null;
        }
    }

    /** Adds the extension to servers whose {@code lease-database} is a SQL type. */
    public static final class Factory implements ServerExtension.Factory {
        @Override
        public boolean appliesTo(KeaConfig config) {
            return config.leaseDatabase().isSql();
        }

        @Override
        public ServerExtension create(KeaConfig config) {
            return new SqlServerExtension();
        }
    }
}
