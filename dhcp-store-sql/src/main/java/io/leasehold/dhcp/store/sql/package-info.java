/**
 * Lease store in PostgreSQL or MySQL/MariaDB with ISC Kea 2.2's own schema (created by
 * {@code kea-admin db-init pgsql|mysql}), so Kea and Leasehold can serve from the same database. Configured by Kea's
 * {@code lease-database} of type {@code postgresql} or {@code mysql}: the factories are found by
 * {@link io.leasehold.dhcp.lease.LeaseStoreFactory}; embedders can open a store with {@link
 * io.leasehold.dhcp.store.sql.SqlLeaseStores}.
 */
package io.leasehold.dhcp.store.sql;
