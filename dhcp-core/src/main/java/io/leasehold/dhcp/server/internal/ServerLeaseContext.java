package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.control.LeaseCommandContext;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.time.Clock;

import java.util.Collection;
import java.util.function.Supplier;

/** What the lease commands use of a running server: its store, clock and engine, looked up when a command runs. */
final class ServerLeaseContext implements LeaseCommandContext {
    private final Supplier<LeaseStore> store;
    private final Clock clock;
    private final Supplier<DhcpEngine> engine;

    ServerLeaseContext(Supplier<LeaseStore> store, Clock clock, Supplier<DhcpEngine> engine) {
        this.store = store;
        this.clock = clock;
        this.engine = engine;
    }

    @Override
    public LeaseStore store() {
        return store.get();
    }

    @Override
    public long nowSeconds() {
        return clock.currentTimeSeconds();
    }

    @Override
    public long resolveSubnet(long requested, int address) {
        return CoreCommands.resolveSubnet(engine.get(), requested, address);
    }

    @Override
    public long defaultValidLifetime(long subnetId) {
        return engine.get().defaultValidLifetime(subnetId);
    }

    @Override
    public Collection<Long> subnetIds() {
        return engine.get().subnetIds();
    }

    @Override
    public boolean ddnsEnabled() {
        return engine.get().ddnsEnabled();
    }

    @Override
    public void resendDdns(Lease4 lease) {
        engine.get().resendDdns(lease);
    }

    @Override
    public void leaseChanged(Lease4 before, Lease4 after) {
        engine.get().leaseChanged(before, after);
    }

    @Override
    public <T> T changing(java.util.function.Supplier<T> change) {
        return engine.get().changingLeases(change);
    }
}
