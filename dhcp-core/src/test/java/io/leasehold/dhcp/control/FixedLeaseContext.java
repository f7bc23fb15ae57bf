package io.leasehold.dhcp.control;

import io.leasehold.dhcp.lease.LeaseStore;

import java.util.Collection;
import java.util.List;

/** A lease command context for tests: one store, one subnet (id 1, 3600-s lifetime), a fixed clock. */
class FixedLeaseContext implements LeaseCommandContext {
    private final LeaseStore store;

    FixedLeaseContext(LeaseStore store) {
        this.store = store;
    }

    @Override
    public LeaseStore store() {
        return store;
    }

    @Override
    public long nowSeconds() {
        return 1_800_000_000L;
    }

    @Override
    public long resolveSubnet(long requestedSubnetId, int address) {
        return 1;
    }

    @Override
    public long defaultValidLifetime(long subnetId) {
        return 3600;
    }

    @Override
    public Collection<Long> subnetIds() {
        return List.of(1L);
    }
}
