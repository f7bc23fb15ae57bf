package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.config.SqlSettings;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * PostgreSQL with Kea 2.2's schema 13.0: {@code expire} is {@code timestamp with time zone}, absent binary values
 * are empty {@code bytea} and an absent user context is the empty string, as Kea's PgSqlLeaseMgr writes them.
 */
final class PostgresDialect extends Dialect {
    private final String selectExpired;
    private final String selectByHostname;
    private final String deleteReturning;

    PostgresDialect() {
        String one = "(SELECT " + columns + " FROM lease4 WHERE state = ? AND expire <= to_timestamp(?)"
                + " AND valid_lifetime <> 4294967295 ORDER BY expire LIMIT ?)";
        // One index range per state on lease4_by_state_expire (state, expire), merged: no sort of the whole table.
        selectExpired = "SELECT * FROM (" + one + " UNION ALL " + one + ") e ORDER BY expire_s LIMIT ?";
        // lower(hostname) is Kea's lease4_by_hostname index; the second test makes the match exact.
        selectByHostname = "SELECT " + columns + " FROM lease4 WHERE lower(hostname) = lower(?) AND hostname = ?"
                + " ORDER BY address";
        deleteReturning = "DELETE FROM lease4 WHERE address = ? RETURNING " + columns;
    }

    @Override
    String type() {
        return LeaseDatabase.POSTGRESQL;
    }

    @Override
    String adminName() {
        return "pgsql";
    }

    @Override
    int schemaMajor() {
        return 13;
    }

    @Override
    int schemaMinor() {
        return 0;
    }

    @Override
    String timestampParameter() {
        return "to_timestamp(?)";
    }

    @Override
    String epochOf(String column) {
        return "extract(epoch from " + column + ")::bigint";
    }

    @Override
    String emptyBytesLiteral() {
        return "''::bytea";
    }

    @Override
    String selectExpired() {
        return selectExpired;
    }

    @Override
    void bindExpired(PreparedStatement ps, long nowSeconds, int limit) throws SQLException {
        int i = 1;
        for (int state = 0; state <= 1; state++) {
            ps.setInt(i++, state);
            ps.setLong(i++, nowSeconds);
            ps.setInt(i++, limit);
        }
        ps.setInt(i, limit);
    }

    @Override
    String selectByHostname() {
        return selectByHostname;
    }

    @Override
    void bindHostname(PreparedStatement ps, String hostname) throws SQLException {
        ps.setString(1, hostname);
        ps.setString(2, hostname);
    }

    @Override
    String deleteReturning() {
        return deleteReturning;
    }

    @Override
    boolean absentClientIdIsNull() {
        return false;
    }

    @Override
    boolean absentUserContextIsNull() {
        return false;
    }

    @Override
    String driverClassName() {
        return "org.postgresql.Driver";
    }

    @Override
    int defaultPort() {
        return 5432;
    }

    @Override
    String urlScheme() {
        return "postgresql";
    }

    @Override
    Properties driverProperties(LeaseDatabase db, TlsMaterial tls) {
        SqlSettings s = db.sql();
        Properties p = new Properties();
        p.setProperty("connectTimeout", Long.toString(s.connectTimeoutSeconds()));
        p.setProperty("loginTimeout", Long.toString(s.connectTimeoutSeconds()));
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("ApplicationName", "leasehold");
        if (s.tcpUserTimeoutSeconds() > 0) {
            // pgjdbc has no TCP_USER_TIMEOUT; a socket read timeout bounds the wait on a dead server the same way.
            p.setProperty("socketTimeout", Long.toString(s.tcpUserTimeoutSeconds()));
        }
        if (s.tls()) {
            p.setProperty("ssl", "true");
            if (tls.trustAnchor() != null) {
                p.setProperty("sslmode", "verify-ca");
                p.setProperty("sslrootcert", tls.trustAnchor().toString());
            } else {
                p.setProperty("sslmode", "require");
            }
            if (tls.keyStore() != null) {
                p.setProperty("sslkey", tls.keyStore().toString());
                p.setProperty("sslpassword", tls.keyStorePassword());
            }
        }
        return p;
    }

    @Override
    String connectionInitSql() {
        return null;
    }

    @Override
    List<String> ignoredSettings(LeaseDatabase db) {
        SqlSettings s = db.sql();
        List<String> out = new ArrayList<>();
        if (s.readTimeoutSeconds() > 0) {
            out.add("read-timeout");
        }
        if (s.writeTimeoutSeconds() > 0) {
            out.add("write-timeout");
        }
        if (!s.cipherList().isEmpty()) {
            out.add("cipher-list");
        }
        return out;
    }

    @Override
    boolean isDuplicateKey(SQLException e) {
        return "23505".equals(e.getSQLState());
    }

    @Override
    boolean isRetryable(SQLException e) {
        return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
    }

    @Override
    boolean isConnectionFailure(SQLException e) {
        String state = e.getSQLState();
        // 57P01..57P03: administrator shutdown, crash shutdown, cannot connect now; 53: out of resources.
        return super.isConnectionFailure(e) || state != null && (state.startsWith("57P") || state.startsWith("53"));
    }
}
