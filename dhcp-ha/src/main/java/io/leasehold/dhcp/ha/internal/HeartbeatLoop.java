package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.time.Scheduler;

import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Kea's heartbeat timer: one-shot, armed {@code heartbeat-delay} after the previous heartbeat completed (so the
 * period is the delay plus the round trip). Stopping cancels the timer; a heartbeat already in flight completes and
 * is not followed by another. The very first heartbeat goes at once (Kea waits one delay): a server that starts
 * learns its partner's state, and begins its lease synchronisation, a heartbeat-delay sooner.
 */
final class HeartbeatLoop {
    private final Scheduler scheduler;
    private final long delayMillis;
    private final Supplier<CompletionStage<?>> beat;
    private boolean running;
    private boolean inFlight;
    private Scheduler.Cancellable timer;
    private boolean first = true;

    HeartbeatLoop(Scheduler scheduler, long delayMillis, Supplier<CompletionStage<?>> beat) {
        this.scheduler = scheduler;
        this.delayMillis = delayMillis;
        this.beat = beat;
    }

    /** Starts or stops the loop; idempotent. */
    synchronized void setRunning(boolean run) {
        if (run == running) {
            return;
        }
        running = run;
        if (run) {
            arm();
        } else if (timer != null) {
            timer.cancel();
            timer = null;
        }
    }

    synchronized boolean isRunning() {
        return running;
    }

    private void arm() {
        if (running && !inFlight && timer == null && delayMillis > 0) {
            timer = scheduler.schedule(this::fire, first ? 0 : delayMillis);
            first = false;
        }
    }

    private void fire() {
        synchronized (this) {
            timer = null;
            if (!running || inFlight) {
                return;
            }
            inFlight = true;
        }
        CompletionStage<?> done;
        try {
            done = beat.get();
        } catch (RuntimeException e) {
            completed();
            throw e;
        }
        done.whenComplete((r, e) -> completed());
    }

    private synchronized void completed() {
        inFlight = false;
        arm();
    }
}
