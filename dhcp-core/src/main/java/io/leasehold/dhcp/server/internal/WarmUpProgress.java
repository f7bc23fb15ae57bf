package io.leasehold.dhcp.server.internal;

import java.lang.management.CompilationMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * When the {@link WarmUp} has done enough: once its queries have stopped getting cheaper. A query costs about 700 µs
 * of CPU while the classes load and the interpreter runs, tens of µs in the first compiled code and about half that
 * once the JIT's optimising compiler (C2) has compiled the packet path; how many queries that takes depends on how
 * busy the machine is (C2 works through a queue, at the machine's pace: at a load average of 6 on 2 cores it
 * compiled the pipeline's entry point only after about 97,000 queries). So one thread measures its CPU time per
 * query over rounds of
 * {@link #ROUND} queries, and the warm-up ends when no round has been at least 3 % cheaper than the best for
 * {@link #PATIENCE} rounds and the JIT has finished no compilation for {@link #JIT_QUIET} rounds (a plateau of the
 * first compiled code while C2 still works through its queue is not the end), after at least {@link #MIN_QUERIES}
 * queries in all; or at {@link #MAX_QUERIES}; or, the caller's business, at the time budget.
 *
 * <p>Thread CPU time rather than elapsed time, so that other processes taking the CPU do not look like slow code.
 */
final class WarmUpProgress {
    /** Queries of the measuring thread per round. */
    static final int ROUND = 1000;
    /** Rounds without a new best after which the queries count as no longer getting cheaper. */
    static final int PATIENCE = 10;
    /** Rounds without a finished compilation after which the JIT counts as done with the packet path. */
    static final int JIT_QUIET = 3;
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

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final boolean threadCpu = threads.isCurrentThreadCpuTimeSupported();
    private final CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
    private final boolean jitTime = jit != null && jit.isCompilationTimeMonitoringSupported();
    private final AtomicInteger queries = new AtomicInteger();
    private volatile End end = End.RUNNING;
    // the measuring thread's own state
    private long roundStart = -1;
    private double best = Double.MAX_VALUE;
    private int stale;
    private long jitMillis = -1;
    private int jitQuiet;

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
        long now = threadCpu ? threads.getCurrentThreadCpuTime() : System.nanoTime();
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
        long compiled = jitTime ? jit.getTotalCompilationTime() : 0;
        jitQuiet = compiled == jitMillis ? jitQuiet + 1 : 0;
        jitMillis = compiled;
        if (stale >= PATIENCE && jitQuiet >= JIT_QUIET && queries.get() >= MIN_QUERIES) {
            finish(End.SETTLED);
        }
    }

    /** The best round's CPU time per query, in µs (for the log line); 0 before two rounds. */
    long bestMicros() {
        return best == Double.MAX_VALUE ? 0 : Math.round(best / 1000);
    }
}
