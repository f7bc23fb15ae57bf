/** Kea's memfile lease store (CSV lease file, journal, lease file cleanup) for Leasehold. */
module io.leasehold.dhcp.store.memfile {
    requires transitive io.leasehold.dhcp.core;
    requires org.slf4j;
    requires com.fasterxml.jackson.core;

    exports io.leasehold.dhcp.store.memfile;

    provides io.leasehold.dhcp.lease.LeaseStoreFactory
            with io.leasehold.dhcp.store.memfile.internal.MemfileStoreFactory;
}
