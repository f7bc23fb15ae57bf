package io.leasehold.dhcp.spi.tests;

import io.leasehold.dhcp.lease.InMemoryLeaseStore;
import io.leasehold.dhcp.lease.LeaseStore;

/** Runs the lease store contract against dhcp-core's in-memory store (here, since dhcp-core cannot depend on us). */
class InMemoryLeaseStoreContractTest extends LeaseStoreContract {
    @Override
    protected LeaseStore newStore() {
        return new InMemoryLeaseStore();
    }
}
