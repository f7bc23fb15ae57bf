package io.leasehold.dhcp.lease;

/** The store's primary map as the indexes read it: the current lease at an address, or null. */
@FunctionalInterface
interface LeaseLookup {
    Lease4 at(int address);
}
