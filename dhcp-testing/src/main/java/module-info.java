/**
 * Leasehold's test harness: a DHCP server inside the test's JVM with its JUnit 5 extension, a DHCP test client, a
 * fake Kea HA partner, network-namespace labs and throwaway PostgreSQL and MariaDB servers. Open, so that JUnit may reflect on its extension types.
 */
open module io.leasehold.dhcp.testing {
    requires transitive io.leasehold.dhcp.core;
    requires transitive org.junit.jupiter.api;
    requires transitive java.sql;

    exports io.leasehold.dhcp.testing;
    exports io.leasehold.dhcp.testing.sql;
}
