package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.lease.Lease4;

import java.util.ArrayDeque;

/**
 * Lease updates held back in {@code communication-recovery} (load-balancing), bounded by
 * {@code delayed-updates-limit}. On overflow new entries are discarded and the backlog remembers it: the partner then
 * needs a full resynchronisation ({@code ha-reset}) instead of a replay.
 */
final class UpdateBacklog {
    /** What to replay. */
    enum Op {
        ADD, DELETE
    }

    /** One queued update. */
    record Entry(Op op, Lease4 lease) {
    }

    private final long limit;
    private final ArrayDeque<Entry> queue = new ArrayDeque<>();
    private boolean overflowed;

    UpdateBacklog(long limit) {
        this.limit = limit;
    }

    /** Queues an update; false (and the overflow flag set) when the backlog is full. */
    synchronized boolean push(Op op, Lease4 lease) {
        if (queue.size() >= limit) {
            overflowed = true;
            return false;
        }
        queue.addLast(new Entry(op, lease));
        return true;
    }

    synchronized Entry peek() {
        return queue.peekFirst();
    }

    /** Removes the head if it is still {@code e} (it was replayed). */
    synchronized void remove(Entry e) {
        if (queue.peekFirst() == e) {
            queue.pollFirst();
        }
    }

    synchronized boolean overflowed() {
        return overflowed;
    }

    synchronized int size() {
        return queue.size();
    }

    synchronized boolean isEmpty() {
        return queue.isEmpty();
    }

    synchronized void clear() {
        queue.clear();
        overflowed = false;
    }
}
