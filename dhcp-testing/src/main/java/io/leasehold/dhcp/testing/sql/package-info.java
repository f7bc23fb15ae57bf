/**
 * Throwaway PostgreSQL and MariaDB servers for tests, started from the installed binaries with Kea 2.2's schema
 * ({@code kea-admin db-init}): {@link io.leasehold.dhcp.testing.sql.PostgresExtension} and
 * {@link io.leasehold.dhcp.testing.sql.MariaDbExtension} give each test class a fresh database described by a
 * {@link io.leasehold.dhcp.testing.sql.TestDatabase}.
 */
package io.leasehold.dhcp.testing.sql;
