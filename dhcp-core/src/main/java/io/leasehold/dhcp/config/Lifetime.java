package io.leasehold.dhcp.config;

/**
 * Kea's lifetime triplet: {@code min-valid-lifetime}, {@code valid-lifetime} (the default) and
 * {@code max-valid-lifetime}, in seconds. When only the default is configured, min and max equal it.
 */
public record Lifetime(long min, long valid, long max) {
    public Lifetime {
        if (min > valid || valid > max) {
            throw new IllegalArgumentException("lifetimes must satisfy min <= valid <= max: " + min + ", " + valid
                    + ", " + max);
        }
    }

    /** All three equal to {@code valid}. */
    public static Lifetime of(long valid) {
        return new Lifetime(valid, valid, valid);
    }

    /**
     * The lifetime to grant: the client's requested value (DHCP option 51) clamped into [min, max], or the default
     * when the client asked for nothing (0).
     */
    public long grant(long requested) {
        if (requested <= 0) {
            return valid;
        }
        return Math.max(min, Math.min(max, requested));
    }
}
