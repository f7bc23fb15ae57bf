package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.config.Subnet4;
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
 *
 * <p>Opened for a whole configuration, the table is sized up front for the addresses of its pools, at most
 * {@link #PRESIZE_LIMIT} (see {@link MemfileConfig#expectedLeases()}): growing the table while clients arrive would
 * pause writes to rebuild its indexes at every doubling.
 *
 * <p>The warm-up's scratch store is a memfile store of the same {@code persist} setting, quiet, without cleanups,
 * whose lease file (when persisting) is {@code leases4.csv} in the directory the server gives it.
 */
public final class MemfileStoreFactory implements LeaseStoreFactory {
    /** The most leases a table is sized for up front (about 20 MiB of index memory). */
    public static final int PRESIZE_LIMIT = 1 << 20;

    @Override
    public String type() {
        return "memfile";
    }

    @Override
    public LeaseStore open(LeaseDatabase settings, Clock clock, Scheduler scheduler) {
        return MemfileLeaseStore.open(config(settings).build(), clock, scheduler);
    }

    @Override
    public LeaseStore open(KeaConfig config, Clock clock, Scheduler scheduler) {
        long addresses = 0;
        for (Subnet4 s : config.subnets()) {
            addresses += s.poolCapacity();
        }
        int expected = (int) Math.min(addresses, PRESIZE_LIMIT);
        return MemfileLeaseStore.open(config(config.leaseDatabase()).expectedLeases(expected).build(), clock,
                scheduler);
    }

    private static MemfileConfig.Builder config(LeaseDatabase settings) {
        MemfileConfig.Builder b = MemfileConfig.builder()
                .persist(settings.persist())
                .lfcIntervalSeconds(settings.lfcInterval())
                .maxRowErrors(settings.maxRowErrors());
        if (settings.persist()) {
            b.name(Path.of(settings.name()));
        }
        return b;
    }

    @Override
    public LeaseStore openScratch(KeaConfig config, Path directory, Clock clock, Scheduler scheduler) {
        boolean persist = config.leaseDatabase().persist();
        MemfileConfig.Builder b = MemfileConfig.builder().persist(persist).lfcIntervalSeconds(0).quiet(true);
        if (persist) {
            b.name(directory.resolve("leases4.csv"));
        }
        return MemfileLeaseStore.open(b.build(), clock, scheduler);
    }
}
