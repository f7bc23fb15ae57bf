package io.leasehold.dhcp.control.internal;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Lets one log line through per interval and counts the ones it held back, so that an attacker cannot flood the log
 * (each refused connection or request would otherwise log a line).
 */
public final class Gag {
    private final long intervalNanos;
    private final AtomicLong last;
    private final AtomicLong held = new AtomicLong();

    public Gag(long interval, TimeUnit unit) {
        this.intervalNanos = unit.toNanos(interval);
        this.last = new AtomicLong(System.nanoTime() - intervalNanos);
    }

    /**
     * Whether to log now; when it returns a value {@code >= 0} the caller logs and may mention that many lines held
     * back since the last one; {@code -1} means stay silent.
     */
    public long pass() {
        long now = System.nanoTime();
        long l = last.get();
        if (now - l >= intervalNanos && last.compareAndSet(l, now)) {
            return held.getAndSet(0);
        }
        held.incrementAndGet();
        return -1;
    }
}
