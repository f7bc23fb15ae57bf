package io.leasehold.dhcp.config;

/**
 * Kea's {@code multi-threading} map.
 *
 * @param enabled {@code enable-multi-threading}; default true (Kea 2.3.5+/2.4; Kea 2.2 defaulted to false)
 * @param threadPoolSize {@code thread-pool-size} (default 0 = one thread per CPU)
 * @param packetQueueSize {@code packet-queue-size} (default 64; 0 = unbounded)
 */
public record MultiThreading(boolean enabled, long threadPoolSize, long packetQueueSize) {
    public static final MultiThreading DEFAULTS = new MultiThreading(true, 0, 64);
}
