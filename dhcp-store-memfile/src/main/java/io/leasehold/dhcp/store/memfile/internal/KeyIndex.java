package io.leasehold.dhcp.store.memfile.internal;

/**
 * A secondary index of a {@link LeaseTable} by one key of the lease blob (hardware address, client id or host
 * name): a hash table of bucket heads, each bucket a doubly linked slot chain ({@link SlotLinks}), so unlinking stays
 * O(1) even when thousands of leases share one key (many clients send the same host name). Leases without the key
 * (and empty host names) are not indexed. A lookup walks the key's bucket and keeps the slots whose blob matches.
 *
 * <p>Not thread-safe (see {@link LeaseTable}); two indexes may be built in two threads at once.
 */
final class KeyIndex {
    /** The key a {@link KeyIndex} indexes. */
    enum Key { HARDWARE_ADDRESS, CLIENT_ID, HOSTNAME }

    /** Tests a blob for an exact key. */
    @FunctionalInterface
    interface KeyMatch {
        boolean test(byte[] b, int base);
    }

    private final Key key;
    private final LeaseSlots slots;
    private final SlotLinks links = new SlotLinks();
    private int[] heads;
    private int headMask;

    /** An empty index of {@code key} over {@code slots} with {@code heads} buckets (a power of two). */
    KeyIndex(Key key, LeaseSlots slots, int heads) {
        this.key = key;
        this.slots = slots;
        this.heads = new int[heads];
        this.headMask = heads - 1;
    }

    /** Number of buckets. */
    int buckets() {
        return heads.length;
    }

    /**
     * Replaces the buckets by {@code newHeads} empty ones and, if {@code rebuild}, links every live slot again;
     * otherwise the index stays empty until {@link #build}.
     */
    void resize(int newHeads, boolean rebuild) {
        heads = new int[newHeads];
        headMask = newHeads - 1;
        if (rebuild) {
            build();
        }
    }

    /** Bucket of the key of the blob at {@code b[base...]}, or -1 when the lease has no such key. */
    private int bucket(byte[] b, int base) {
        int start;
        int len;
        switch (key) {
            case HARDWARE_ADDRESS -> {
                if (!LeaseBlob.has(b, base, LeaseBlob.HW)) {
                    return -1;
                }
                start = LeaseBlob.hwStart(base);
                len = LeaseBlob.hwLength(b, base);
            }
            case CLIENT_ID -> {
                if (!LeaseBlob.has(b, base, LeaseBlob.CID)) {
                    return -1;
                }
                start = LeaseBlob.cidStart(b, base);
                len = LeaseBlob.cidLength(b, base);
            }
            default -> {
                len = LeaseBlob.hostLength(b, base);
                if (len == 0) {
                    return -1;
                }
                start = LeaseBlob.hostStart(b, base);
            }
        }
        return LeaseBlob.hash(b, start, len) & headMask;
    }

    /** Links {@code slot}, whose blob is at {@code b[base...]}, into its key's chain. */
    void link(int slot, byte[] b, int base) {
        int bucket = bucket(b, base);
        if (bucket >= 0) {
            heads[bucket] = links.pushFront(slot, heads[bucket]);
        }
    }

    /** Unlinks {@code slot}, whose blob (as linked) is at {@code b[base...]}, from its key's chain. */
    void unlink(int slot, byte[] b, int base) {
        int bucket = bucket(b, base);
        if (bucket >= 0) {
            heads[bucket] = links.unlink(slot, heads[bucket]);
        }
    }

    /** Links every live slot into the (empty) chains. */
    void build() {
        int[] h = heads;
        int limit = slots.limit();
        for (int slot = 0; slot < limit; slot++) {
            if (slots.isLive(slot)) {
                int bucket = bucket(slots.chunk(slot), slots.blobBase(slot));
                if (bucket >= 0) {
                    h[bucket] = links.pushFront(slot, h[bucket]);
                }
            }
        }
    }

    /** Adds to {@code out} the slots in the chain of {@code wanted} (key bytes) whose blob matches. */
    void collect(byte[] wanted, KeyMatch match, SlotList out) {
        collect(wanted, wanted.length, match, out);
    }

    /** As {@link #collect(byte[], KeyMatch, SlotList)} with the key in {@code wanted[0, length)}. */
    void collect(byte[] wanted, int length, KeyMatch match, SlotList out) {
        int bucket = LeaseBlob.hash(wanted, 0, length) & headMask;
        for (int e = heads[bucket]; e != 0; e = links.next(e - 1)) {
            if (match.test(slots.chunk(e - 1), slots.blobBase(e - 1))) {
                out.add(e - 1);
            }
        }
    }
}
