package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.LeaseState;

/**
 * The expiry query of a {@link LeaseTable}: up to {@code limit} slots in state default or declined whose finite
 * lifetime ended at or before {@code now}, oldest expiry first (ties by unsigned address). A scan over the primitive
 * columns of {@link LeaseSlots} with a bounded max-heap of the best {@code limit} so far: no per-lease index memory,
 * O(leases + found · log limit).
 */
final class ExpiryScan {
    private final LeaseSlots slots;
    /** The heap: expiry and slot of each entry, the latest (by {@link #later}) at the root. */
    private final long[] keyExpire;
    private final int[] heapSlot;
    private int n;

    private ExpiryScan(LeaseSlots slots, int cap) {
        this.slots = slots;
        this.keyExpire = new long[cap];
        this.heapSlot = new int[cap];
    }

    /** The slots of {@code slots} expired at {@code now}, at most {@code limit}, in expiry then address order. */
    static int[] expired(LeaseSlots slots, long now, int limit) {
        ExpiryScan scan = new ExpiryScan(slots, Math.min(limit, slots.size()));
        scan.scan(now);
        return scan.drain();
    }

    private void scan(long now) {
        int cap = keyExpire.length;
        int highWater = slots.limit();
        for (int pi = 0; pi < slots.pageCount(); pi++) {
            LeaseSlots.Page p = slots.pageAt(pi);
            int end = Math.min(LeaseSlots.PAGE_SIZE, highWater - pi * LeaseSlots.PAGE_SIZE);
            for (int i = 0; i < end; i++) {
                if (p.ref[i] == 0 || p.valid[i] == -1) {
                    continue;
                }
                int st = p.state[i];
                if (st != LeaseState.DEFAULT && st != LeaseState.DECLINED) {
                    continue;
                }
                long expire = p.cltt[i] + Integer.toUnsignedLong(p.valid[i]);
                if (expire > now) {
                    continue;
                }
                int slot = pi * LeaseSlots.PAGE_SIZE + i;
                if (n < cap) {
                    keyExpire[n] = expire;
                    heapSlot[n] = slot;
                    siftUp(n++);
                } else if (cap > 0 && later(keyExpire[0], heapSlot[0], expire, slot)) {
                    keyExpire[0] = expire;
                    heapSlot[0] = slot;
                    siftDown(n);
                }
            }
        }
    }

    /** Pops the max-heap from the back: ascending order. */
    private int[] drain() {
        int[] out = new int[n];
        for (int k = n - 1; k >= 0; k--) {
            out[k] = heapSlot[0];
            keyExpire[0] = keyExpire[k];
            heapSlot[0] = heapSlot[k];
            siftDown(k);
        }
        return out;
    }

    /** Whether (e1, s1) sorts after (e2, s2): later expiry, then higher address. */
    private boolean later(long e1, int s1, long e2, int s2) {
        if (e1 != e2) {
            return e1 > e2;
        }
        return Integer.compareUnsigned(slots.address(s1), slots.address(s2)) > 0;
    }

    private void siftUp(int i) {
        long[] k = keyExpire;
        int[] s = heapSlot;
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!later(k[i], s[i], k[parent], s[parent])) {
                return;
            }
            swap(i, parent);
            i = parent;
        }
    }

    /** Restores the heap property from the root down, over the first {@code size} entries. */
    private void siftDown(int size) {
        long[] k = keyExpire;
        int[] s = heapSlot;
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= size) {
                return;
            }
            int c = l + 1 < size && later(k[l + 1], s[l + 1], k[l], s[l]) ? l + 1 : l;
            if (!later(k[c], s[c], k[i], s[i])) {
                return;
            }
            swap(i, c);
            i = c;
        }
    }

    private void swap(int a, int b) {
        long tk = keyExpire[a];
        keyExpire[a] = keyExpire[b];
        keyExpire[b] = tk;
        int ts = heapSlot[a];
        heapSlot[a] = heapSlot[b];
        heapSlot[b] = ts;
    }
}
