package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.time.Clock;
import io.leasehold.dhcp.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Notices that this process did not run for a while (SIGSTOP, a paused VM, a stalled host) long enough for the
 * partner to have taken over, so that a thawed server does not answer clients from state that went stale while it
 * was stopped.
 *
 * <p>Algorithm: a tick on the scheduler every {@code tickMillis} records the monotonic time. A gap between ticks
 * longer than {@code maxResponseDelay - heartbeatDelay} is a freeze: the partner last heard from us at most one
 * heartbeat before we stopped, and it may declare us down {@code max-response-delay} after that, so any shorter gap
 * cannot have let it take over. Because packet workers may run before the tick after a thaw, the query path checks
 * the gap itself ({@link #suspect}); the tick then raises {@link #takeThaw()} for the state machine, which goes to
 * {@code waiting} and resynchronises before serving again (what a thawed Kea 2.2 does once its first heartbeat is
 * answered). Gaps, not wall-clock steps, are measured, so clock changes do not trip it.
 *
 * <p>Threading: {@link #suspect} runs on packet workers, {@link #tick} on the scheduler; both only read and write
 * volatile fields. {@link #thawed} is set before the tick time moves on, so a reader never sees a fresh tick without
 * the thaw it revealed.
 */
final class FreezeGuard {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");
    /** Smallest gap treated as a freeze, whatever the timers say. */
    static final long MIN_THRESHOLD_MILLIS = 500;

    private final String name;
    private final Clock clock;
    private final Scheduler scheduler;
    private final long thresholdNanos;
    private final long tickMillis;
    private final Runnable onThaw;
    private volatile long lastTick;
    private volatile boolean thawed;
    private volatile boolean running;
    private Scheduler.Cancellable next;

    /**
     * @param onThaw called on the scheduler when a freeze was found (the state machine runs then)
     */
    FreezeGuard(String name, Scheduler scheduler, long heartbeatDelayMillis, long maxResponseDelayMillis,
                Runnable onThaw) {
        this.name = name;
        this.scheduler = scheduler;
        this.clock = scheduler.clock();
        long threshold = Math.max(MIN_THRESHOLD_MILLIS, maxResponseDelayMillis - heartbeatDelayMillis);
        this.thresholdNanos = threshold * 1_000_000L;
        this.tickMillis = Math.max(10, Math.min(250, threshold / 4));
        this.onThaw = onThaw;
        this.lastTick = clock.nanoTime();
    }

    /** The gap (ms) beyond which a stop counts as a freeze. */
    long thresholdMillis() {
        return thresholdNanos / 1_000_000L;
    }

    synchronized void start() {
        running = true;
        lastTick = clock.nanoTime();
        next = scheduler.schedule(this::tick, tickMillis);
    }

    synchronized void stop() {
        running = false;
        if (next != null) {
            next.cancel();
        }
    }

    /**
     * Whether the process may just have been frozen: a thaw not yet handled, or ticks overdue now. Never while the
     * guard does not run (a relationship without a failover partner, e.g. a passive-backup primary, never starts it:
     * nobody can take over from it, and its tick time would otherwise look ever more overdue).
     */
    boolean suspect() {
        return running && (thawed || clock.nanoTime() - lastTick > thresholdNanos);
    }

    /** Whether a freeze was found since the last call; clears it. Called by the state machine under its monitor. */
    boolean takeThaw() {
        if (!thawed) {
            return false;
        }
        thawed = false;
        return true;
    }

    void tick() {
        long now = clock.nanoTime();
        long gap = now - lastTick;
        if (gap > thresholdNanos) {
            thawed = true;
            LOG.warn("LH_HA_THAWED {}: this process did not run for {} ms (more than {} ms): the partner may have"
                    + " taken over; going to waiting to resynchronise before serving", name, gap / 1_000_000L,
                    thresholdMillis());
        }
        lastTick = now;
        if (gap > thresholdNanos) {
            onThaw.run();
        }
        synchronized (this) {
            if (running) {
                next = scheduler.schedule(this::tick, tickMillis);
            }
        }
    }
}
