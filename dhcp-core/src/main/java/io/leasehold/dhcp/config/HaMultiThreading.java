package io.leasehold.dhcp.config;

/**
 * The {@code multi-threading} map of an HA relationship. Defaults are those of Kea 2.3.7+ (Kea 2.2 defaulted the
 * first two to false). HA multi-threading only takes effect when the server itself runs multi-threaded.
 *
 * @param enableMultiThreading {@code enable-multi-threading} (default true)
 * @param httpDedicatedListener {@code http-dedicated-listener}: serve peers on this server's own peer URL
 *     (default true)
 * @param httpListenerThreads {@code http-listener-threads} (default 0 = as many as the DHCP thread pool)
 * @param httpClientThreads {@code http-client-threads} (default 0 = as many as the DHCP thread pool)
 */
public record HaMultiThreading(boolean enableMultiThreading, boolean httpDedicatedListener, long httpListenerThreads,
        long httpClientThreads) {
    public static final HaMultiThreading DEFAULTS = new HaMultiThreading(true, true, 0, 0);
}
