package io.leasehold.dhcp.server.internal;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * When the {@link WarmUp} has done enough: once its queries have stopped getting cheaper. A query costs about 700 µs
 * of CPU while the classes load and the interpreter runs, tens of µs in the first compiled code and about half that
 * once the JIT's optimising compiler (C2) has compiled the packet path; how many queries that takes depends on how
 * busy the machine is (C2 works through a queue, at the machine's pace: at a load average of 6 on 2 cores it
 * compiled the pipeline's entry point only after about 97,000 queries). So one thread measures its CPU time per
 * query over rounds of
 * {@link #ROUND} queries, and the warm-up ends when no round has been at least 3 % cheaper than the best for
 * {@link #PATIENCE} rounds and the JIT has finished no compilation for {@link #JIT_QUIET_MILLIS} ms (a plateau of
 * the first compiled code while C2 still works through its queue is not the end), after at least
 * {@link #MIN_QUERIES} queries in all; or at {@link #MAX_QUERIES}; or, the caller's business, at the time budget.
 *
 * <p>The JIT's quiet is measured in time, not rounds: a round takes a few ms once compiled, a C2 compilation of the
 * engine's larger methods tens of ms, so three quiet rounds (the rule until December 2026) often fell between two of them
 * and the sockets opened with hundreds of C2 tasks still queued; the first second of real traffic then shared the
 * cores with their compilation (seen as 1.1-1.5 s of CPU per second at 3,000/s, against 0.3 s warm).
 *
 * <p>Thread CPU time rather than elapsed time, so that other processes taking the CPU do not look like slow code.
 */
final class WarmUpProgress {
    /** Queries of the measuring thread per round. */
    static final int ROUND = 1000;
    /** Rounds without a new best after which the queries count as no longer getting cheaper. */
    static final int PATIENCE = 10;
    /** Time without a finished compilation after which the JIT counts as done with the packet path. */
    static final long JIT_QUIET_MILLIS = 300;
    /** Queries of all threads before the warm-up may end for having stopped getting cheaper. */
    static final int MIN_QUERIES = 20_000;
    /** Queries of all threads after which the warm-up ends anyway. */
    static final int MAX_QUERIES = 200_000;
    private static final double GAIN = 0.97;

    /** Why the warm-up ended. */
    enum End {
        RUNNING(""), SETTLED("the queries stopped getting cheaper"), LIMIT("the query limit was reached"),
        BUDGET("the time budget was reached"), NO_TARGET("no subnet answered");

        private final String text;

        End(String text) {
            this.text = text;
        }

        String text() {
            return text;
        }
    }

    private final LongSupplier cpuNanos;
    private final LongSupplier wallNanos;
    private final LongSupplier jitMillisTotal;
    private final AtomicInteger queries = new AtomicInteger();
    private volatile End end = End.RUNNING;
    // the measuring thread's own state
    private long roundStart = -1;
    private double best = Double.MAX_VALUE;
    private int stale;
    private long jitMillis = -1;
    private long jitChangedAt;

    /** Measuring the calling thread's CPU time, the wall clock and the JIT's total compilation time. */
    WarmUpProgress() {
        this(threadCpu(), System::nanoTime, jitTotal());
    }

    /**
     * With the given sources: CPU time of the measuring thread (ns), wall time (ns), the JIT's total compilation
     * time so far (ms; constant where unknown).
     */
    WarmUpProgress(LongSupplier cpuNanos, LongSupplier wallNanos, LongSupplier jitMillisTotal) {
        this.cpuNanos = cpuNanos;
        this.wallNanos = wallNanos;
        this.jitMillisTotal = jitMillisTotal;
        this.jitChangedAt = wallNanos.getAsLong();
    }

    private static LongSupplier threadCpu() {
        ThreadMXBean threads = ManagementFactory.getThreadMXBean();
        return threads.isCurrentThreadCpuTimeSupported() ? threads::getCurrentThreadCpuTime : System::nanoTime;
    }

    private static LongSupplier jitTotal() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        return jit != null && jit.isCompilationTimeMonitoringSupported() ? jit::getTotalCompilationTime : () -> 0;
    }

    /** Whether the warm-up should stop. */
    boolean done() {
        return end != End.RUNNING;
    }

    End end() {
        return end;
    }

    /** One more query run (any thread); ends the warm-up at {@link #MAX_QUERIES}. */
    void counted() {
        if (queries.incrementAndGet() >= MAX_QUERIES) {
            finish(End.LIMIT);
        }
    }

    int queries() {
        return queries.get();
    }

    /** Ends the warm-up (the first reason given wins). */
    synchronized void finish(End why) {
        if (end == End.RUNNING) {
            end = why;
        }
    }

    /** Called by the measuring thread after each {@link #ROUND} of its own queries. */
    void round() {
        long now = cpuNanos.getAsLong();
        if (roundStart >= 0) {
            double perQuery = (now - roundStart) / (double) ROUND;
            if (perQuery < best * GAIN) {
                best = perQuery;
                stale = 0;
            } else {
                stale++;
            }
        }
        roundStart = now;
        long compiled = jitMillisTotal.getAsLong();
        long wall = wallNanos.getAsLong();
        if (compiled != jitMillis) {
            jitMillis = compiled;
            jitChangedAt = wall;
        }
        boolean jitQuiet = wall - jitChangedAt >= JIT_QUIET_MILLIS * 1_000_000L;
        if (stale >= PATIENCE && jitQuiet && queries.get() >= MIN_QUERIES) {
            finish(End.SETTLED);
        }
    }

    /** The best round's CPU time per query, in µs (for the log line); 0 before two rounds. */
    long bestMicros() {
        return best == Double.MAX_VALUE ? 0 : Math.round(best / 1000);
    }
}
