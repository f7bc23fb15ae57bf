package io.leasehold.dhcp.time;

/**
 * Runs timer tasks (HA heartbeats, failure detection, lease reclamation, lease file cleanup). Production uses
 * {@link #system(String)}; tests use {@link VirtualTime}, whose time only moves when the test says so.
 */
public interface Scheduler {

    /** Runs {@code task} once after {@code delayMillis}. */
    Cancellable schedule(Runnable task, long delayMillis);

    /** The clock this scheduler's delays are measured against. */
    Clock clock();

    /** A handle to cancel a scheduled task. */
    interface Cancellable {
        /** Cancels the task if it has not started; returns whether it was cancelled. */
        boolean cancel();
    }

    /** A scheduler on a single daemon thread with the system clock. */
    static Scheduler system(String threadName) {
        return new SystemScheduler(threadName);
    }
}
