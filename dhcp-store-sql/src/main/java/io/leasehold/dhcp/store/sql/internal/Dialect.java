package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.lease.LeaseState;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTransientConnectionException;
import java.util.Properties;

/**
 * What differs between PostgreSQL and MySQL/MariaDB for Kea's {@code lease4} table: the statements (each written
 * once here, all with {@code ?} parameters), how expiry times and absent values are written, and how errors are
 * classified. Expiry is written as epoch seconds through the database's own conversion ({@code to_timestamp} /
 * {@code FROM_UNIXTIME}) and read as epoch seconds, as Kea reads it, so no JVM time zone is involved.
 */
abstract class Dialect {
    /** The columns in Kea's order; the expiry is read as epoch seconds. */
    final String columns;
    final String insert;
    final String updateByAddress;
    final String replaceIfUnchanged;
    final String deleteIfUnchanged;
    final String selectByAddress;
    final String selectByHardwareAddress;
    final String selectByClientId;
    final String selectByClient;
    final String selectBySubnet;
    final String selectPage;
    final String existsByAddress;
    final String selectHeldAddresses;
    final String count;
    final String subnetStats;
    final String wipeSubnet;
    final String wipeAll;

    Dialect() {
        String ts = timestampParameter();
        columns = "address, hwaddr, client_id, valid_lifetime, " + epochOf("expire") + " AS expire_s, subnet_id,"
                + " fqdn_fwd, fqdn_rev, hostname, state, user_context";
        insert = "INSERT INTO lease4 (address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd,"
                + " fqdn_rev, hostname, state, user_context) VALUES (?, ?, ?, ?, " + ts + ", ?, ?, ?, ?, ?, ?)";
        String set = "UPDATE lease4 SET hwaddr = ?, client_id = ?, valid_lifetime = ?, expire = " + ts
                + ", subnet_id = ?, fqdn_fwd = ?, fqdn_rev = ?, hostname = ?, state = ?, user_context = ?";
        updateByAddress = set + " WHERE address = ?";
        replaceIfUnchanged = set + " WHERE " + unchanged();
        deleteIfUnchanged = "DELETE FROM lease4 WHERE " + unchanged();
        String select = "SELECT " + columns + " FROM lease4 ";
        selectByAddress = select + "WHERE address = ?";
        selectByHardwareAddress = select + "WHERE hwaddr = ? ORDER BY address";
        selectByClientId = select + "WHERE client_id = ? ORDER BY address";
        // Each branch on its own Kea index (hwaddr, client_id). UNION ALL without ORDER BY streams both branches:
        // MariaDB would put a UNION (or an ordered one) through a temporary table. The store drops the row both
        // branches found and sorts the few rows.
        selectByClient = "(" + select + "WHERE hwaddr = ?) UNION ALL (" + select + "WHERE client_id = ?)";
        selectBySubnet = select + "WHERE subnet_id = ? ORDER BY address";
        selectPage = select + "WHERE address > ? ORDER BY address LIMIT ?";
        existsByAddress = "SELECT 1 FROM lease4 WHERE address = ?";
        // The allocator's view of a pool: addresses in a range that a lease holds (state default or declined,
        // expired or not, as at start-up). A range of the primary key; only the address is read.
        selectHeldAddresses = "SELECT address FROM lease4 WHERE address BETWEEN ? AND ? AND state IN ("
                + LeaseState.DEFAULT + ", " + LeaseState.DECLINED + ") ORDER BY address LIMIT ?";
        count = "SELECT COUNT(*) FROM lease4";
        subnetStats = "SELECT state, leases FROM lease4_stat WHERE subnet_id = ?";
        wipeSubnet = "DELETE FROM lease4 WHERE subnet_id = ?";
        wipeAll = "DELETE FROM lease4";
    }

    /**
     * The row still holds exactly the expected lease (absent values compared as Kea writes them). Parameters:
     * address, hwaddr, client_id, valid_lifetime, expire, subnet_id, fqdn_fwd, fqdn_rev, hostname, state,
     * user_context.
     */
    private String unchanged() {
        String emptyBytes = emptyBytesLiteral();
        return "address = ? AND COALESCE(hwaddr, " + emptyBytes + ") = ? AND COALESCE(client_id, " + emptyBytes
                + ") = ? AND valid_lifetime = ? AND expire = " + timestampParameter() + " AND subnet_id = ?"
                + " AND COALESCE(fqdn_fwd, FALSE) = ? AND COALESCE(fqdn_rev, FALSE) = ?"
                + " AND COALESCE(hostname, '') = ? AND state = ? AND COALESCE(user_context, '') = ?";
    }

    /** Kea's {@code lease-database.type}. */
    abstract String type();

    /** The kea-admin backend name ({@code pgsql} or {@code mysql}). */
    abstract String adminName();

    /** Kea 2.2's schema major version for this database. */
    abstract int schemaMajor();

    /** Kea 2.2's schema minor version for this database. */
    abstract int schemaMinor();

    /** SQL turning an epoch-seconds parameter into the expire column's type. */
    abstract String timestampParameter();

    /** SQL reading a timestamp column as epoch seconds. */
    abstract String epochOf(String column);

    /** An empty binary string literal. */
    abstract String emptyBytesLiteral();

    /**
     * Up to N leases in state default (0) or declined (1), not infinite, expired at or before an epoch time, oldest
     * first; {@link #bindExpired} sets its parameters.
     */
    abstract String selectExpired();

    /** Binds {@link #selectExpired()}. */
    abstract void bindExpired(java.sql.PreparedStatement ps, long nowSeconds, int limit) throws SQLException;

    /** The lease of the hostname: by Kea's hostname index, exact (case-sensitive) where the database can. */
    abstract String selectByHostname();

    /** Binds {@link #selectByHostname()}. */
    abstract void bindHostname(java.sql.PreparedStatement ps, String hostname) throws SQLException;

    /** {@code DELETE ... RETURNING} the deleted row, or null when the database has none (MySQL). */
    abstract String deleteReturning();

    /** How Kea writes "no client identifier". */
    abstract boolean absentClientIdIsNull();

    /** How Kea writes "no user context". */
    abstract boolean absentUserContextIsNull();

    /** The JDBC driver class. */
    abstract String driverClassName();

    /** The default TCP port. */
    abstract int defaultPort();

    /** The JDBC URL for the settings (without credentials). */
    String jdbcUrl(LeaseDatabase db) {
        int port = db.sql().port() == 0 ? defaultPort() : db.sql().port();
        String host = db.sql().host().contains(":") ? "[" + db.sql().host() + "]" : db.sql().host();
        return "jdbc:" + urlScheme() + "://" + host + ":" + port + "/" + db.name();
    }

    abstract String urlScheme();

    /** Driver properties: timeouts and TLS. */
    abstract Properties driverProperties(LeaseDatabase db, TlsMaterial tls);

    /** SQL run once on every new connection, or null. */
    abstract String connectionInitSql();

    /** Settings Kea accepts for both types but that only one uses, named when set for the other. */
    abstract java.util.List<String> ignoredSettings(LeaseDatabase db);

    /** A primary or unique key was violated. */
    abstract boolean isDuplicateKey(SQLException e);

    /** A deadlock, serialization failure or lock timeout: the statement was rolled back and may be run again. */
    abstract boolean isRetryable(SQLException e);

    /**
     * The connection is unusable: server gone, network down, or the pool could not open a connection. A pool that
     * merely had every connection busy until the timeout (no cause, no connection SQL state) is load, not loss.
     */
    boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        if (e instanceof SQLTransientConnectionException) {
            return e.getCause() != null || state != null && state.startsWith("08");
        }
        if (e instanceof SQLNonTransientConnectionException) {
            return true;
        }
        return state == null ? e.getCause() instanceof java.io.IOException : state.startsWith("08");
    }
}
