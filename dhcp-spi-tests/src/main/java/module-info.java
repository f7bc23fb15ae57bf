/**
 * Contract test suites that every lease store and allocator implementation runs by subclassing. Open, so that
 * JUnit may reflect on the inherited test methods.
 */
open module io.leasehold.dhcp.spi.tests {
    requires transitive io.leasehold.dhcp.core;
    requires transitive org.junit.jupiter.api;

    exports io.leasehold.dhcp.spi.tests;
}
