package io.leasehold.dhcp.store.sql.internal;

import io.leasehold.dhcp.store.sql.SqlStoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Set;
import java.util.TreeSet;
import javax.sql.DataSource;

/**
 * Reads Kea's {@code schema_version} and {@code lease_state} at open. A schema of another major version than Kea
 * 2.2's is refused with both versions named (Kea itself refuses any difference; minor versions within a major only
 * add compatible changes, so they are accepted).
 *
 * @param major the schema's major version
 * @param minor the schema's minor version
 * @param states the lease states the {@code lease_state} table allows
 */
record SchemaCheck(int major, int minor, Set<Integer> states) {

    String version() {
        return major + "." + minor;
    }

    static SchemaCheck read(DataSource pool, Dialect d, String label) {
        int major;
        int minor;
        Set<Integer> states = new TreeSet<>();
        try (Connection c = pool.getConnection()) {
            try (PreparedStatement ps = c.prepareStatement("SELECT version, minor FROM schema_version");
                 ResultSet rs = ps.executeQuery()) {
                if (!rs.next()) {
                    throw new SqlStoreException("lease database " + label + ": schema_version is empty; is this a"
                            + " Kea database? (create one with kea-admin db-init " + d.adminName() + ")");
                }
                major = rs.getInt(1);
                minor = rs.getInt(2);
            }
            if (major != d.schemaMajor()) {
                throw new SqlStoreException("lease database " + label + " has Kea schema version " + major + "."
                        + minor + ", but Leasehold uses " + d.type() + " schema version " + d.schemaMajor() + "."
                        + d.schemaMinor() + " (Kea 2.2)" + (major < d.schemaMajor()
                        ? "; upgrade it with kea-admin db-upgrade " + d.adminName()
                        : "; it was created or upgraded by a newer Kea, which Leasehold does not support yet"));
            }
            try (PreparedStatement ps = c.prepareStatement("SELECT state FROM lease_state");
                 ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    states.add(rs.getInt(1));
                }
            }
        } catch (SQLException e) {
            throw new SqlStoreException("lease database " + label + ": cannot read Kea's schema_version and"
                    + " lease_state tables (" + e.getMessage() + "); create the schema with kea-admin db-init "
                    + d.adminName(), e);
        }
        return new SchemaCheck(major, minor, states);
    }
}
