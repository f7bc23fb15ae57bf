package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.config.SqlSettings;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/**
 * MySQL and MariaDB with Kea 2.2's schema 14.0: {@code address} is {@code int unsigned}, {@code expire} a
 * {@code TIMESTAMP} (the session runs in UTC, so epoch seconds convert exactly), an absent client identifier and
 * user context are {@code NULL}, as Kea's MySqlLeaseMgr writes them. Kea's host-name index is on the column as is,
 * whose collation usually ignores case: exact matching is finished by the store.
 */
final class MySqlDialect extends Dialect {
    private final String selectExpired;
    private final String selectByHostname;

    MySqlDialect() {
        // lease4_by_expire_state (expire, state) gives the rows in expiry order.
        selectExpired = "SELECT " + columns + " FROM lease4 WHERE expire <= FROM_UNIXTIME(?) AND state IN (0, 1)"
                + " AND valid_lifetime <> 4294967295 ORDER BY expire LIMIT ?";
        selectByHostname = "SELECT " + columns + " FROM lease4 WHERE hostname = ? ORDER BY address";
    }

    @Override
    String type() {
        return LeaseDatabase.MYSQL;
    }

    @Override
    String adminName() {
        return "mysql";
    }

    @Override
    int schemaMajor() {
        return 14;
    }

    @Override
    int schemaMinor() {
        return 0;
    }

    @Override
    String timestampParameter() {
        return "FROM_UNIXTIME(?)";
    }

    @Override
    String epochOf(String column) {
        return "UNIX_TIMESTAMP(" + column + ")";
    }

    @Override
    String emptyBytesLiteral() {
        return "x''";
    }

    @Override
    String selectExpired() {
        return selectExpired;
    }

    @Override
    void bindExpired(PreparedStatement ps, long nowSeconds, int limit) throws SQLException {
        ps.setLong(1, nowSeconds);
        ps.setInt(2, limit);
    }

    @Override
    String selectByHostname() {
        return selectByHostname;
    }

    @Override
    void bindHostname(PreparedStatement ps, String hostname) throws SQLException {
        ps.setString(1, hostname);
    }

    @Override
    String deleteReturning() {
        return null;
    }

    @Override
    boolean absentClientIdIsNull() {
        return true;
    }

    @Override
    boolean absentUserContextIsNull() {
        return true;
    }

    @Override
    String driverClassName() {
        return "org.mariadb.jdbc.Driver";
    }

    @Override
    int defaultPort() {
        return 3306;
    }

    @Override
    String urlScheme() {
        return "mariadb";
    }

    @Override
    Properties driverProperties(LeaseDatabase db, TlsMaterial tls) {
        SqlSettings s = db.sql();
        Properties p = new Properties();
        p.setProperty("connectTimeout", Long.toString(s.connectTimeoutSeconds() * 1000));
        long socket = Math.max(s.readTimeoutSeconds(), s.writeTimeoutSeconds());
        if (socket > 0) {
            p.setProperty("socketTimeout", Long.toString(socket * 1000));
        }
        p.setProperty("tcpKeepAlive", "true");
        p.setProperty("useServerPrepStmts", "true");
        p.setProperty("cachePrepStmts", "true");
        if (s.tls()) {
            if (tls.trustAnchor() != null) {
                p.setProperty("sslMode", "verify-ca");
                p.setProperty("serverSslCert", tls.trustAnchor().toString());
            } else {
                p.setProperty("sslMode", "trust");
            }
            if (tls.keyStore() != null) {
                p.setProperty("keyStore", tls.keyStore().toString());
                p.setProperty("keyStorePassword", tls.keyStorePassword());
                p.setProperty("keyStoreType", "PKCS12");
            }
        }
        return p;
    }

    @Override
    String connectionInitSql() {
        // Kea runs its sessions in STRICT_ALL_TABLES mode; UTC makes FROM_UNIXTIME/UNIX_TIMESTAMP exact.
        return "SET SESSION time_zone = '+00:00', SESSION sql_mode = 'STRICT_ALL_TABLES'";
    }

    @Override
    List<String> ignoredSettings(LeaseDatabase db) {
        List<String> out = new ArrayList<>();
        if (db.sql().tcpUserTimeoutSeconds() > 0) {
            out.add("tcp-user-timeout");
        }
        if (!db.sql().cipherList().isEmpty()) {
            out.add("cipher-list");
        }
        return out;
    }

    @Override
    boolean isDuplicateKey(SQLException e) {
        return e.getErrorCode() == 1062 || e.getErrorCode() == 1586;
    }

    @Override
    boolean isRetryable(SQLException e) {
        // 1213 deadlock, 1205 lock wait timeout
        return e.getErrorCode() == 1213 || e.getErrorCode() == 1205 || "40001".equals(e.getSQLState());
    }

    @Override
    boolean isConnectionFailure(SQLException e) {
        int code = e.getErrorCode();
        // 1053 server shutdown, 1927 connection killed, 2002/2003/2006/2013 client-side connection errors
        return super.isConnectionFailure(e) || code == 1053 || code == 1927 || code == 2002 || code == 2003
                || code == 2006 || code == 2013;
    }
}
