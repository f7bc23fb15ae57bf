package io.leasehold.dhcp.store.memfile.internal;

/**
 * The primary index of a {@link LeaseTable}: address to slot, by open addressing with linear probing and
 * backward-shift deletion (no tombstones), kept at most half full. Entries are {@code slot + 1} (0 is empty); the
 * address of an entry is read from the {@link LeaseSlots}, so an entry is one int.
 *
 * <p>Not thread-safe (see {@link LeaseTable}).
 */
final class AddressSlotMap {
    private final LeaseSlots slots;
    private int[] entries;
    private int mask;
    private int count;

    /** A map over {@code slots} starting with {@code capacity} entries (a power of two). */
    AddressSlotMap(LeaseSlots slots, int capacity) {
        this.slots = slots;
        this.entries = new int[capacity];
        this.mask = capacity - 1;
    }

    /** The slot holding {@code address}, or -1. */
    int find(int address) {
        int i = LeaseBlob.mix(address) & mask;
        while (true) {
            int e = entries[i];
            if (e == 0) {
                return -1;
            }
            if (slots.address(e - 1) == address) {
                return e - 1;
            }
            i = (i + 1) & mask;
        }
    }

    /** Adds {@code slot}, which holds {@code address} (not in the map yet). */
    void insert(int slot, int address) {
        // At most half full: a miss (every insert) then probes about 2.5 entries instead of 8.5 at 3/4.
        if ((count + 1) * 2L > entries.length) {
            int[] old = entries;
            entries = new int[old.length * 2];
            mask = entries.length - 1;
            for (int e : old) {
                if (e != 0) {
                    place(e, slots.address(e - 1));
                }
            }
        }
        place(slot + 1, address);
        count++;
    }

    private void place(int entry, int address) {
        int i = LeaseBlob.mix(address) & mask;
        while (entries[i] != 0) {
            i = (i + 1) & mask;
        }
        entries[i] = entry;
    }

    /** Removes {@code slot}, which holds {@code address} and is in the map. */
    void remove(int slot, int address) {
        int i = LeaseBlob.mix(address) & mask;
        while (entries[i] != slot + 1) {
            i = (i + 1) & mask;
        }
        // Backward-shift deletion: pull later entries of the probe run into the hole so no tombstones are needed.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & mask;
            int e = entries[j];
            if (e == 0) {
                break;
            }
            int home = LeaseBlob.mix(slots.address(e - 1)) & mask;
            if (((j - home) & mask) >= ((j - hole) & mask)) {
                entries[hole] = e;
                hole = j;
            }
        }
        entries[hole] = 0;
        count--;
    }

    /** Entries in the map. */
    int size() {
        return count;
    }

    /** Length of the entry array (tests: the map stays at most half full). */
    int capacity() {
        return entries.length;
    }
}
