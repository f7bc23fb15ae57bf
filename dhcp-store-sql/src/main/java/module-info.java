/**
 * Leases in PostgreSQL or MySQL/MariaDB with Kea 2.2's own schema ({@code lease-database} of type
 * {@code postgresql} or {@code mysql}). The JDBC drivers are found by {@link java.sql.DriverManager}; on the module
 * path add the one in use ({@code --add-modules org.postgresql.jdbc} or {@code org.mariadb.jdbc}).
 */
module io.leasehold.dhcp.store.sql {
    requires transitive io.leasehold.dhcp.core;
    requires java.sql;
    requires com.zaxxer.hikari;
    requires org.slf4j;

    exports io.leasehold.dhcp.store.sql;

    provides io.leasehold.dhcp.lease.LeaseStoreFactory
            with io.leasehold.dhcp.store.sql.internal.SqlStoreFactory.Postgres,
                 io.leasehold.dhcp.store.sql.internal.SqlStoreFactory.MySql;
    provides io.leasehold.dhcp.server.ServerExtension.Factory
            with io.leasehold.dhcp.store.sql.internal.SqlServerExtension.Factory;
}
