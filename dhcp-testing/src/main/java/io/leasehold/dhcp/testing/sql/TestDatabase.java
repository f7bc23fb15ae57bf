package io.leasehold.dhcp.testing.sql;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * One database with Kea 2.2's schema on a throwaway server: how to reach it, as JDBC and as Kea's
 * {@code lease-database}. {@link #connect()} needs the JDBC driver on the test class path.
 *
 * @param type Kea's {@code lease-database.type}: {@code postgresql} or {@code mysql}
 * @param host the server's address (loopback)
 * @param port its TCP port
 * @param name the database name
 * @param user a user owning the database
 * @param password its password
 * @param server the server it lives on (to stop and start it in tests of database loss)
 */
public record TestDatabase(String type, String host, int port, String name, String user, String password,
                           DatabaseServer server) {

    /** The JDBC URL ({@code jdbc:postgresql://...} or {@code jdbc:mariadb://...}). */
    public String jdbcUrl() {
        String scheme = type.equals("postgresql") ? "postgresql" : "mariadb";
        return "jdbc:" + scheme + "://" + host + ":" + port + "/" + name;
    }

    /** Kea's {@code lease-database} map for this database, e.g. to put in a test configuration. */
    public String leaseDatabaseJson() {
        return leaseDatabaseJson("");
    }

    /**
     * As {@link #leaseDatabaseJson()} with more members, e.g. {@code "\"max-reconnect-tries\": 5"} (without the
     * leading comma).
     */
    public String leaseDatabaseJson(String extraMembers) {
        return "{ \"type\": \"" + type + "\", \"name\": \"" + name + "\", \"host\": \"" + host + "\", \"port\": "
                + port + ", \"user\": \"" + user + "\", \"password\": \"" + password + "\""
                + (extraMembers.isEmpty() ? "" : ", " + extraMembers) + " }";
    }

    /** A new JDBC connection as {@link #user()}. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(jdbcUrl(), user, password);
    }

    /** Runs SQL statements as {@link #user()}, e.g. to prepare or inspect the tables. */
    public void execute(String... sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String q : sql) {
                s.execute(q);
            }
        }
    }

    /** Empties Kea's lease tables and their statistics (between tests sharing the database). */
    public void wipeLeases() throws SQLException {
        execute("DELETE FROM lease4", "DELETE FROM lease4_stat", "DELETE FROM lease4_stat_by_client_class");
    }
}
