package io.leasehold.dhcp.engine.internal;

import java.util.concurrent.locks.StampedLock;

/**
 * Keeps a reconfiguration's swap of the runtime and recount of the address statistics apart from the engine's own
 * lease changes (a query's commit, release or decline; a reclamation), as Kea runs a reconfiguration in a critical
 * section with packet processing stopped. A lease change is two steps, the store and then the statistic; a recount
 * between them counted the lease twice (from the store, then by the increment) or not at all.
 *
 * <p>Cost on the hot path: a shared read hold, one compare-and-set to take it and one to give it back per query;
 * never contended but by a reconfiguration, which waits for the queries in flight and holds the next ones back for
 * as long as the recount takes (one count per subnet).
 */
final class ChangeGate {
    private final StampedLock lock = new StampedLock();

    /** Enters a lease change; pass the stamp to {@link #leave}. */
    long enter() {
        return lock.readLock();
    }

    void leave(long stamp) {
        lock.unlockRead(stamp);
    }

    /** Runs {@code work} with no lease change in flight. */
    void exclusive(Runnable work) {
        long stamp = lock.writeLock();
        try {
            work.run();
        } finally {
            lock.unlockWrite(stamp);
        }
    }
}
