package io.leasehold.dhcp.time;

import java.util.PriorityQueue;

/**
 * A clock and scheduler whose time moves only when {@link #advance(long)} is called: timer-driven behaviour (HA
 * failure detection, lease expiry) becomes a deterministic, instant test. Tasks run on the thread calling
 * {@code advance}, in due-time order (ties in scheduling order), each seeing the clock at its due time.
 */
public final class VirtualTime implements Clock, Scheduler {
    private final PriorityQueue<Task> queue = new PriorityQueue<>();
    private long nowMillis;
    private long nanoOffset;
    private long sequence;

    private final class Task implements Comparable<Task>, Cancellable {
        final long due;
        final long seq;
        final Runnable runnable;
        boolean cancelled;

        Task(long due, long seq, Runnable runnable) {
            this.due = due;
            this.seq = seq;
            this.runnable = runnable;
        }

        @Override
        public int compareTo(Task o) {
            return due != o.due ? Long.compare(due, o.due) : Long.compare(seq, o.seq);
        }

        @Override
        public boolean cancel() {
            synchronized (VirtualTime.this) {
                boolean was = !cancelled && queue.remove(this);
                cancelled = true;
                return was;
            }
        }
    }

    /** Starts at the given wall-clock time (epoch milliseconds). */
    public VirtualTime(long startMillis) {
        this.nowMillis = startMillis;
    }

    /** Starts at 2026-01-01T00:00:00Z. */
    public VirtualTime() {
        this(1_767_225_600_000L);
    }

    @Override
    public synchronized long currentTimeMillis() {
        return nowMillis;
    }

    @Override
    public synchronized long nanoTime() {
        return nanoOffset + nowMillis * 1_000_000L;
    }

    @Override
    public synchronized Cancellable schedule(Runnable task, long delayMillis) {
        Task t = new Task(nowMillis + Math.max(0, delayMillis), sequence++, task);
        queue.add(t);
        return t;
    }

    @Override
    public Clock clock() {
        return this;
    }

    /** Moves time forward, running every task that becomes due (including tasks those tasks schedule). */
    public void advance(long millis) {
        long target;
        synchronized (this) {
            target = nowMillis + millis;
        }
        while (true) {
            Task next;
            synchronized (this) {
                next = queue.peek();
                if (next == null || next.due > target) {
                    nowMillis = target;
                    return;
                }
                queue.poll();
                nowMillis = Math.max(nowMillis, next.due);
            }
            next.runnable.run();
        }
    }

    /** Runs tasks already due without moving time. */
    public void runDue() {
        advance(0);
    }

    /** Number of tasks waiting. */
    public synchronized int pending() {
        return queue.size();
    }

    /** Due time of the next task, or -1. */
    public synchronized long nextDueMillis() {
        Task t = queue.peek();
        return t == null ? -1 : t.due;
    }

    /**
     * Moves both clocks forward without running tasks, as a process sees time when it resumes after being stopped
     * (SIGSTOP): tasks that became due meanwhile run at the next {@link #advance} or {@link #runDue}.
     */
    public synchronized void freeze(long millis) {
        nowMillis += millis;
    }

    /** Steps the wall clock without running tasks (simulates a clock jump, e.g. for clock-skew tests). */
    public synchronized void jumpWallClock(long millis) {
        nowMillis += millis;
        nanoOffset -= millis * 1_000_000L;
    }
}
