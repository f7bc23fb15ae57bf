package io.leasehold.dhcp.store.memfile.internal;

import java.util.Arrays;

/**
 * Doubly linked lists of slots, for the indexes of a {@link LeaseTable} where many leases share one key (a hash
 * bucket, a subnet): unlinking is O(1) however long the list. The links are two int columns in pages like
 * {@link LeaseSlots}' (created when a slot of the page is first linked); a link holds {@code slot + 1}, 0 meaning none.
 * A slot is on at most one list of a {@code SlotLinks}; the caller keeps each list's head.
 *
 * <p>Not thread-safe (see {@link LeaseTable}).
 */
final class SlotLinks {
    private static final int PAGE_BITS = LeaseSlots.PAGE_BITS;
    private static final int PAGE_SIZE = LeaseSlots.PAGE_SIZE;
    private static final int PAGE_MASK = LeaseSlots.PAGE_MASK;

    private int[][] next = new int[8][];
    private int[][] prev = new int[8][];

    /** The slot + 1 after {@code slot} on its list, 0 at the end. */
    int next(int slot) {
        return next[slot >>> PAGE_BITS][slot & PAGE_MASK];
    }

    /** Pushes {@code slot} in front of the list starting at {@code head}; returns the new head. */
    int pushFront(int slot, int head) {
        int pi = slot >>> PAGE_BITS;
        if (pi >= next.length || next[pi] == null) {
            addPage(pi);
        }
        int i = slot & PAGE_MASK;
        next[pi][i] = head;
        prev[pi][i] = 0;
        if (head != 0) {
            prev[(head - 1) >>> PAGE_BITS][(head - 1) & PAGE_MASK] = slot + 1;
        }
        return slot + 1;
    }

    /** Unlinks {@code slot} from the list starting at {@code head}; returns the list's head afterwards. */
    int unlink(int slot, int head) {
        int pi = slot >>> PAGE_BITS;
        int i = slot & PAGE_MASK;
        int n = next[pi][i];
        int pv = prev[pi][i];
        if (pv == 0) {
            head = n;
        } else {
            next[(pv - 1) >>> PAGE_BITS][(pv - 1) & PAGE_MASK] = n;
        }
        if (n != 0) {
            prev[(n - 1) >>> PAGE_BITS][(n - 1) & PAGE_MASK] = pv;
        }
        return head;
    }

    private void addPage(int pi) {
        if (pi >= next.length) {
            int length = Math.max(next.length * 2, pi + 1);
            next = Arrays.copyOf(next, length);
            prev = Arrays.copyOf(prev, length);
        }
        next[pi] = new int[PAGE_SIZE];
        prev[pi] = new int[PAGE_SIZE];
    }
}
