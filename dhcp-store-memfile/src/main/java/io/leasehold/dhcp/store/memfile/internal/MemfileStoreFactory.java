package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.lease.LeaseStoreFactory;
import io.leasehold.dhcp.store.memfile.MemfileConfig;
import io.leasehold.dhcp.store.memfile.MemfileLeaseStore;
import io.leasehold.dhcp.time.Clock;
import io.leasehold.dhcp.time.Scheduler;
import java.nio.file.Path;

/**
 * Registers {@code "type": "memfile"} with {@link LeaseStoreFactory}, so a configuration's
 * {@code lease-database} opens a {@link MemfileLeaseStore}: {@code persist}, {@code name}, {@code lfc-interval} and
 * {@code max-row-errors} map one to one onto {@link MemfileConfig}; the fsync policy stays at its default.
 */
public final class MemfileStoreFactory implements LeaseStoreFactory {
    @Override
    public String type() {
        return "memfile";
    }

    @Override
    public LeaseStore open(LeaseDatabase settings, Clock clock, Scheduler scheduler) {
        MemfileConfig.Builder b = MemfileConfig.builder()
                .persist(settings.persist())
                .lfcIntervalSeconds(settings.lfcInterval())
                .maxRowErrors(settings.maxRowErrors());
        if (settings.persist()) {
            b.name(Path.of(settings.name()));
        }
        return MemfileLeaseStore.open(b.build(), clock, scheduler);
    }
}
