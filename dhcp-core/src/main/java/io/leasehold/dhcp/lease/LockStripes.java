package io.leasehold.dhcp.lease;

/**
 * A fixed set of monitors for the store's index structures: writers of one key take the same monitor, writers of
 * different keys rarely share one, and readers take none. It replaces per-call {@code compute} lambdas, whose
 * capturing lambda (and, for a new key, reservation node) was garbage on every lease change.
 */
final class LockStripes {
    private final Object[] locks;

    /** {@code count} monitors; a power of two. */
    LockStripes(int count) {
        if (Integer.bitCount(count) != 1) {
            throw new IllegalArgumentException("stripe count must be a power of two: " + count);
        }
        locks = new Object[count];
        for (int i = 0; i < count; i++) {
            locks[i] = new Object();
        }
    }

    /** The monitor of a key with this hash. */
    Object of(int hash) {
        int h = hash ^ (hash >>> 16);
        return locks[(h ^ (h >>> 8)) & (locks.length - 1)];
    }

    /** The monitor of a key with this long hash (an expiry second). */
    Object of(long hash) {
        return of((int) (hash ^ (hash >>> 32)));
    }
}
