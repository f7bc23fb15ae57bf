package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.store.memfile.LeaseFileException;
import io.leasehold.dhcp.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

/**
 * When a store's {@link LeaseFileCleanup} cycles run: every {@code lfc-interval} seconds on the {@link Scheduler}
 * (counted from the end of the previous run; 0 disables it), once right after opening when the files need it, and on
 * demand in the caller's thread. One cycle at a time: a timed run finding one in progress skips its turn; an
 * on-demand run waits for it. A failed timed run is logged and the next one retries.
 */
public final class LeaseFileCleanupTimer {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.store.memfile");

    private final LeaseFileSet files;
    private final long maxRowErrors;
    private final long intervalSeconds;
    private final Scheduler scheduler;
    private final LeaseFileCleanup.Rotator rotator;
    private final BooleanSupplier closed;
    /** One cleanup at a time. */
    private final ReentrantLock cleanupLock = new ReentrantLock();
    private volatile Scheduler.Cancellable periodicCleanup;
    private volatile Scheduler.Cancellable immediateCleanup;
    private volatile LeaseFileCleanup.StepListener listener = step -> { };

    /**
     * @param rotator rotates the live file under the store's append lock (false: the store is closing)
     * @param closed whether the store is closed: no run starts and none is scheduled any more
     */
    public LeaseFileCleanupTimer(LeaseFileSet files, long maxRowErrors, long intervalSeconds, Scheduler scheduler,
                                 LeaseFileCleanup.Rotator rotator, BooleanSupplier closed) {
        this.files = files;
        this.maxRowErrors = maxRowErrors;
        this.intervalSeconds = intervalSeconds;
        this.scheduler = scheduler;
        this.rotator = rotator;
        this.closed = closed;
    }

    /** Schedules the periodic cleanup, preceded by one at once if {@code cleanupNow}. */
    public void start(boolean cleanupNow) {
        if (cleanupNow) {
            immediateCleanup = scheduler.schedule(() -> timedCleanup(false), 0);
        }
        schedulePeriodicCleanup();
    }

    private void schedulePeriodicCleanup() {
        if (intervalSeconds > 0 && !closed.getAsBoolean()) {
            periodicCleanup = scheduler.schedule(() -> timedCleanup(true), intervalSeconds * 1000);
        }
    }

    private void timedCleanup(boolean periodic) {
        // The timer's thread may be the server's timers thread, which runs at the highest priority (heartbeats);
        // the cleanup is background work, as Kea's separate kea-lfc process is, so it runs at the normal priority.
        Thread self = Thread.currentThread();
        int priority = self.getPriority();
        try {
            if (!closed.getAsBoolean() && cleanupLock.tryLock()) {
                try {
                    self.setPriority(Math.min(priority, Thread.NORM_PRIORITY));
                    runCycle();
                } finally {
                    self.setPriority(priority);
                    cleanupLock.unlock();
                }
            }
        } catch (IOException | RuntimeException e) {
            LOG.error("lease file cleanup of {} failed (the files are consistent; the next run retries)",
                    files.live(), e);
        } finally {
            if (periodic) {
                schedulePeriodicCleanup();
            }
        }
    }

    /**
     * Runs a cleanup now, in the calling thread, after one in progress has ended.
     *
     * @return {@code true} when the cycle completed; {@code false} when another process holds {@code F.pid} or the
     *     store closed meanwhile
     * @throws LeaseFileException when the cleanup failed (the files remain loadable; a later run finishes it)
     */
    public boolean runNow() {
        cleanupLock.lock();
        try {
            return runCycle() == LeaseFileCleanup.Outcome.DONE;
        } catch (IOException e) {
            throw new LeaseFileException("lease file cleanup of " + files.live() + " failed: " + e, e);
        } finally {
            cleanupLock.unlock();
        }
    }

    private LeaseFileCleanup.Outcome runCycle() throws IOException {
        return LeaseFileCleanup.run(files, maxRowErrors, rotator, listener, closed);
    }

    /** Observes the steps of every later cleanup (tests). */
    public void listener(LeaseFileCleanup.StepListener listener) {
        this.listener = listener;
    }

    /**
     * Cancels the scheduled cleanups and waits for one in progress to end. Call once the {@code closed} supplier
     * says true, so that a running periodic cleanup does not schedule the next.
     */
    public void stop() {
        cancel(periodicCleanup);
        cancel(immediateCleanup);
        cleanupLock.lock();
        cleanupLock.unlock();
    }

    private static void cancel(Scheduler.Cancellable c) {
        if (c != null) {
            c.cancel();
        }
    }
}
