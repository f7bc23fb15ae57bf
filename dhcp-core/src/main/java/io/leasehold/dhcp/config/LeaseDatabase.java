package io.leasehold.dhcp.config;

/**
 * Kea's {@code lease-database}. Only the {@code memfile} type (Kea's CSV lease file) is accepted.
 *
 * @param type {@code type}; always {@code memfile}
 * @param persist {@code persist} (default true; false keeps leases in memory only)
 * @param name {@code name}, the lease file; {@link #DEFAULT_NAME} when not configured
 * @param lfcInterval {@code lfc-interval} in seconds (3600 when absent; 0 disables lease file cleanup)
 * @param maxRowErrors {@code max-row-errors} (default 0 = unlimited bad rows tolerated on load)
 */
public record LeaseDatabase(String type, boolean persist, String name, long lfcInterval, long maxRowErrors) {
    /** Kea's lease file location on Debian when {@code name} is absent. */
    public static final String DEFAULT_NAME = "/var/lib/kea/kea-leases4.csv";

    /** memfile, persisted to {@link #DEFAULT_NAME}, cleanup hourly. */
    public static final LeaseDatabase DEFAULTS = new LeaseDatabase("memfile", true, DEFAULT_NAME, 3600, 0);
}
