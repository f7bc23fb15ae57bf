package io.leasehold.dhcp.lease;

import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.time.Clock;
import io.leasehold.dhcp.time.Scheduler;

import java.util.ServiceLoader;

/**
 * Opens the lease store a configuration's {@code lease-database} names. Implementations are found with
 * {@link ServiceLoader} ({@code META-INF/services/io.leasehold.dhcp.lease.LeaseStoreFactory}); the
 * {@code dhcp-store-memfile} artifact provides {@code memfile}. Without it, {@code persist: false} still works (the
 * in-memory store) and a persisted memfile fails with a message saying which artifact to add.
 */
public interface LeaseStoreFactory {
    /** Kea's {@code lease-database.type} handled, e.g. {@code memfile}. */
    String type();

    /** Opens the store (loading existing leases). */
    LeaseStore open(LeaseDatabase settings, Clock clock, Scheduler scheduler);

    /** The store for the settings, from the factories on the class path. */
    static LeaseStore openConfigured(LeaseDatabase settings, Clock clock, Scheduler scheduler) {
        for (LeaseStoreFactory f : ServiceLoader.load(LeaseStoreFactory.class)) {
            if (f.type().equals(settings.type())) {
                return f.open(settings, clock, scheduler);
            }
        }
        if (!settings.persist()) {
            return new InMemoryLeaseStore();
        }
        throw new IllegalStateException("lease-database type '" + settings.type() + "' with persist true needs a"
                + " lease store implementation on the class path (add io.leasehold:dhcp-store-memfile)");
    }
}
