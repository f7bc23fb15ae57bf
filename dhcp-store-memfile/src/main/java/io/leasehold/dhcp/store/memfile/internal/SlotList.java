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
