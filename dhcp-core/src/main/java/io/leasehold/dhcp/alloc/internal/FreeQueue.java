package io.leasehold.dhcp.alloc.internal;

import java.util.SplittableRandom;

/**
 * The free-position queue of one pool for the free lease queue allocator: a ring of {@code int} positions, each
 * position in it at most once (a membership bitmap drops duplicates), so it never holds more than the pool size.
 * Entries may be stale (the position was taken by another path since it was queued); the allocator's claim rejects
 * those and pops the next, so each stale entry costs one pop, once.
 *
 * <p>A lock guards it: JCTools has no primitive-int queue, boxing every position would make garbage on the hot path,
 * and the critical sections are a few array writes. The queue is filled on first use, from the pool's bitmap in a
 * random order (as Kea does), so the addresses marked used while the allocator is loaded never enter it.
 */
final class FreeQueue {
    private final LevelBitmap taken;
    private final int[] ring;
    private final long[] queued;
    private int head;
    private int count;
    private boolean filled;

    FreeQueue(LevelBitmap taken) {
        this.taken = taken;
        this.ring = new int[taken.size()];
        this.queued = new long[(taken.size() + 63) >>> 6];
    }

    /** The position free the longest, or {@code -1} when the queue is empty. */
    synchronized int poll() {
        if (!filled) {
            fill();
        }
        if (count == 0) {
            return -1;
        }
        int pos = ring[head];
        head = head + 1 == ring.length ? 0 : head + 1;
        count--;
        queued[pos >>> 6] &= ~(1L << pos);
        return pos;
    }

    /** Appends a freed position unless it is already queued. Before the first poll this is a no-op. */
    synchronized void push(int pos) {
        if (!filled || (queued[pos >>> 6] & (1L << pos)) != 0) {
            return;
        }
        append(pos);
    }

    private void append(int pos) {
        int tail = head + count;
        ring[tail >= ring.length ? tail - ring.length : tail] = pos;
        count++;
        queued[pos >>> 6] |= 1L << pos;
    }

    private void fill() {
        filled = true;
        int[] free = new int[(int) taken.clearCount() + 64];
        int[] n = {0};
        taken.forEachClear(pos -> {
            if (n[0] < free.length) {
                free[n[0]++] = pos;
            }
        });
        SplittableRandom random = new SplittableRandom();
        for (int i = n[0] - 1; i > 0; i--) { // Fisher-Yates
            int j = random.nextInt(i + 1);
            int t = free[i];
            free[i] = free[j];
            free[j] = t;
        }
        for (int i = 0; i < n[0]; i++) {
            append(free[i]);
        }
    }

    synchronized int size() {
        return count;
    }
}
