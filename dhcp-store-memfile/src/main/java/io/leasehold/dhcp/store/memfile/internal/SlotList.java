package io.leasehold.dhcp.store.memfile.internal;

import java.util.Arrays;

/** A growable list of slots, the result of a {@link LeaseTable} query. */
final class SlotList {
    private int[] slots = new int[8];
    private int size;

    void add(int slot) {
        if (size == slots.length) {
            slots = Arrays.copyOf(slots, size * 2);
        }
        slots[size++] = slot;
    }

    /** Keeps each slot once (a lease found by both of a client's keys), in no particular order. */
    void removeDuplicates() {
        if (size < 2) {
            return;
        }
        if (size > 16) {
            Arrays.sort(slots, 0, size);
        }
        int n = 0;
        for (int i = 0; i < size; i++) {
            int slot = slots[i];
            boolean seen = false;
            // sorted: a duplicate is the previous kept slot; short: check every kept slot
            for (int j = size > 16 ? Math.max(0, n - 1) : 0; j < n && !seen; j++) {
                seen = slots[j] == slot;
            }
            if (!seen) {
                slots[n++] = slot;
            }
        }
        size = n;
    }

    void clear() {
        size = 0;
    }

    int size() {
        return size;
    }

    int get(int i) {
        return slots[i];
    }

    /** Sorts the list in place by the unsigned address each slot holds in {@code table}. */
    void sortInPlaceByAddress(LeaseSlots table) {
        if (size < 2) {
            return;
        }
        int[] sorted = sortedByAddress(table);
        System.arraycopy(sorted, 0, slots, 0, size);
    }

    int[] toArray() {
        return Arrays.copyOf(slots, size);
    }

    /** The slots sorted by the unsigned address they hold in {@code table}. */
    int[] sortedByAddress(LeaseSlots table) {
        long[] keys = new long[size];
        for (int i = 0; i < size; i++) {
            // Flipping the sign bit makes the signed sort order the unsigned address order.
            keys[i] = (long) (table.address(slots[i]) ^ Integer.MIN_VALUE) << 32 | slots[i];
        }
        Arrays.sort(keys);
        int[] out = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = (int) keys[i];
        }
        return out;
    }
}
