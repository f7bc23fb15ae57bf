package io.leasehold.dhcp.time;

/**
 * The time source of everything timer-driven in Leasehold (lease expiry, HA heartbeats, failure detection). Tests
 * inject a virtual clock; production uses {@link #SYSTEM}.
 */
public interface Clock {
    /** Wall-clock time in milliseconds since the Unix epoch (lease times, HA clock-skew). */
    long currentTimeMillis();

    /** Monotonic time in nanoseconds, for measuring intervals. */
    long nanoTime();

    /** Wall-clock seconds since the epoch, as stored in leases. */
    default long currentTimeSeconds() {
        return Math.floorDiv(currentTimeMillis(), 1000L);
    }

    /** The operating system's clocks. */
    Clock SYSTEM = new Clock() {
        @Override
        public long currentTimeMillis() {
            return System.currentTimeMillis();
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }
    };
}
