package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.store.sql.SqlStoreException;
import java.sql.Connection;
import java.sql.SQLException;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one store operation on a pooled connection (autocommit: each statement is its own transaction). A deadlock
 * or serialization failure, after which the database rolled the statement back, is run again (bounded); a lost
 * connection is reported to the {@link ConnectionMonitor}; every other database error becomes a
 * {@link SqlStoreException} naming the operation.
 */
final class Jdbc {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.store.sql");
    /** Runs of one operation after a deadlock or serialization failure. */
    static final int MAX_ATTEMPTS = 8;

    private final DataSource pool;
    private final Dialect dialect;
    private final ConnectionMonitor monitor;
    private final String label;

    Jdbc(DataSource pool, Dialect dialect, ConnectionMonitor monitor, String label) {
        this.pool = pool;
        this.dialect = dialect;
        this.monitor = monitor;
        this.label = label;
    }

    Dialect dialect() {
        return dialect;
    }

    /** A body run with a connection. */
    @FunctionalInterface
    interface Body<T> {
        T run(Connection c) throws SQLException;
    }

    <T> T call(String operation, Body<T> body) {
        monitor.checkUsable(operation);
        for (int attempt = 1; ; attempt++) {
            try (Connection c = pool.getConnection()) {
                T result = body.run(c);
                monitor.succeeded();
                return result;
            } catch (SQLException e) {
                if (dialect.isConnectionFailure(e)) {
                    monitor.failed(e);
                    throw new SqlStoreException(label + ": " + operation + " failed, the database connection is"
                            + " lost: " + e.getMessage(), e);
                }
                // A duplicate key here is Kea's lease4_stat row, inserted by two triggers at once (add() handles
                // its own duplicates): like a deadlock, the statement was rolled back and may run again.
                if ((dialect.isRetryable(e) || dialect.isDuplicateKey(e)) && attempt < MAX_ATTEMPTS) {
                    LOG.debug("LH_SQL_STATEMENT_RETRIED {}: {} run again after {} (attempt {})", label,
                            operation, e.getMessage(), attempt);
                    continue;
                }
                throw new SqlStoreException(label + ": " + operation + " failed: " + e.getMessage(), e);
            }
        }
    }
}
