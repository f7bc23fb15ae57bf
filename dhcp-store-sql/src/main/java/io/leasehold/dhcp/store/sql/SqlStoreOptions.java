package io.leasehold.dhcp.store.sql;

import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.MultiThreading;

/**
 * Settings of the SQL store that are not Kea configuration keys.
 *
 * @param maximumPoolSize the most database connections held open (each busy thread uses one)
 */
public record SqlStoreOptions(int maximumPoolSize) {
    /** Connections beyond the packet workers: lease reclamation, control commands and HA lease updates. */
    public static final int EXTRA_CONNECTIONS = 2;

    public SqlStoreOptions {
        if (maximumPoolSize < 1) {
            throw new IllegalArgumentException("maximumPoolSize must be at least 1, got " + maximumPoolSize);
        }
    }

    /**
     * Sized as Kea sizes its connections (one per packet-processing thread): {@code thread-pool-size} of
     * {@code multi-threading} (0: one per CPU; 1 with multi-threading off) plus {@link #EXTRA_CONNECTIONS}.
     */
    public static SqlStoreOptions forConfig(KeaConfig config) {
        return forThreads(config.multiThreading());
    }

    /** As {@link #forConfig} for a {@code multi-threading} section. */
    public static SqlStoreOptions forThreads(MultiThreading mt) {
        int threads = !mt.enabled() ? 1
                : mt.threadPoolSize() > 0 ? (int) Math.min(mt.threadPoolSize(), 1024)
                : Runtime.getRuntime().availableProcessors();
        return new SqlStoreOptions(threads + EXTRA_CONNECTIONS);
    }

    /** For Kea's default {@code multi-threading} (one thread per CPU). */
    public static SqlStoreOptions defaults() {
        return forThreads(MultiThreading.DEFAULTS);
    }
}
