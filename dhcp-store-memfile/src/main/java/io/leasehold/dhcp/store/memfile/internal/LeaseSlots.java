package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.Lease4;

import java.util.Arrays;

/**
 * The storage of a {@link LeaseTable}: one slot per lease, its primitive columns in struct-of-arrays pages of
 * {@value #PAGE_SIZE} slots (growing adds a page and never copies a column) and its {@link LeaseBlob} in a
 * {@link BlobArena}. A slot is live while it holds a blob reference; freed slots are reused first. No index: finding
 * a slot by address or key is the table's indexes' job.
 *
 * <p>Not thread-safe (see {@link LeaseTable}).
 */
final class LeaseSlots {
    static final int PAGE_BITS = 13;
    static final int PAGE_SIZE = 1 << PAGE_BITS;
    static final int PAGE_MASK = PAGE_SIZE - 1;

    /** One page of slots' columns. */
    static final class Page {
        final int[] address = new int[PAGE_SIZE];
        final int[] valid = new int[PAGE_SIZE];
        final int[] subnet = new int[PAGE_SIZE];
        /** The pool id of a live slot; in a free slot, the next free slot + 1 (0: none). */
        final int[] pool = new int[PAGE_SIZE];
        final int[] state = new int[PAGE_SIZE];
        final long[] cltt = new long[PAGE_SIZE];
        /** {@link BlobArena} reference; 0 for a free slot. */
        final int[] ref = new int[PAGE_SIZE];
    }

    private final BlobArena arena = new BlobArena();
    private final BlobArena.Owner arenaOwner = new BlobArena.Owner() {
        @Override
        public boolean refersTo(int slot, int ref) {
            return slot >= 0 && slot < highWater && page(slot).ref[slot & PAGE_MASK] == ref;
        }

        @Override
        public void moved(int slot, int ref) {
            page(slot).ref[slot & PAGE_MASK] = ref;
        }
    };

    private Page[] pages = new Page[8];
    private int pageCount;
    private int highWater;
    /** Free slots + 1, linked through their {@link Page#pool} column. */
    private int freeHead;
    private int size;

    /** Live slots. */
    int size() {
        return size;
    }

    /** One past the highest slot ever used; live slots are those in [0, this) with a blob reference. */
    int limit() {
        return highWater;
    }

    boolean isLive(int slot) {
        return page(slot).ref[slot & PAGE_MASK] != 0;
    }

    /** Bytes held for lease blobs (arena chunks). */
    long blobBytes() {
        return arena.footprint();
    }

    /** Arena chunks compacted so far. */
    long blobCompactions() {
        return arena.compactions();
    }

    /** Pages in use, for scans over the columns; page {@code i} holds the slots from {@code i << PAGE_BITS}. */
    int pageCount() {
        return pageCount;
    }

    /** Page {@code pageIndex} (see {@link #pageCount}). */
    Page pageAt(int pageIndex) {
        return pages[pageIndex];
    }

    private Page page(int slot) {
        return pages[slot >>> PAGE_BITS];
    }

    // ---------------------------------------------------------------------------------------------- reading slots

    int address(int slot) {
        return page(slot).address[slot & PAGE_MASK];
    }

    int state(int slot) {
        return page(slot).state[slot & PAGE_MASK];
    }

    int subnet(int slot) {
        return page(slot).subnet[slot & PAGE_MASK];
    }

    /** The arena chunk holding the slot's blob (see {@link #blobBase}). */
    byte[] chunk(int slot) {
        return arena.chunk(page(slot).ref[slot & PAGE_MASK]);
    }

    /** Where the slot's blob starts in its {@link #chunk}. */
    int blobBase(int slot) {
        return BlobArena.blobOffset(page(slot).ref[slot & PAGE_MASK]);
    }

    /** Copies a slot into {@code out}. */
    LeaseRow read(int slot, LeaseRow out) {
        Page p = page(slot);
        int i = slot & PAGE_MASK;
        out.address = p.address[i];
        out.valid = p.valid[i];
        out.cltt = p.cltt[i];
        out.subnet = p.subnet[i];
        out.pool = p.pool[i];
        out.state = p.state[i];
        int ref = p.ref[i];
        out.blob = arena.chunk(ref);
        out.blobBase = BlobArena.blobOffset(ref);
        out.blobLength = arena.length(ref);
        return out;
    }

    Lease4 lease(int slot) {
        Page p = page(slot);
        int i = slot & PAGE_MASK;
        int ref = p.ref[i];
        return LeaseRow.toLease(p.address[i], p.valid[i], p.cltt[i], p.subnet[i], p.pool[i], p.state[i],
                arena.chunk(ref), BlobArena.blobOffset(ref));
    }

    /** Whether the slot holds exactly this lease. */
    boolean sameAs(int slot, LeaseRow r) {
        Page p = page(slot);
        int i = slot & PAGE_MASK;
        return p.address[i] == r.address && p.valid[i] == r.valid && p.cltt[i] == r.cltt && p.subnet[i] == r.subnet
                && p.pool[i] == r.pool && p.state[i] == r.state
                && r.sameBlob(arena.chunk(p.ref[i]), BlobArena.blobOffset(p.ref[i]), arena.length(p.ref[i]));
    }

    // ---------------------------------------------------------------------------------------------- mutation

    /** A free slot (a freed one first), counted as live from now on; {@link #write} it before anything reads it. */
    int allocate() {
        size++;
        if (freeHead != 0) {
            int slot = freeHead - 1;
            freeHead = page(slot).pool[slot & PAGE_MASK];
            return slot;
        }
        if (highWater == pageCount * PAGE_SIZE) {
            if (pageCount == pages.length) {
                pages = Arrays.copyOf(pages, pages.length * 2);
            }
            pages[pageCount++] = new Page();
        }
        return highWater++;
    }

    /** Stores {@code r} in the slot, replacing (and freeing) the blob it held. */
    void write(int slot, LeaseRow r) {
        Page p = page(slot);
        int i = slot & PAGE_MASK;
        p.address[i] = r.address;
        p.valid[i] = r.valid;
        p.cltt[i] = r.cltt;
        p.subnet[i] = r.subnet;
        p.pool[i] = r.pool;
        p.state[i] = r.state;
        int old = p.ref[i];
        p.ref[i] = arena.add(slot, r.blob, r.blobBase, r.blobLength);
        if (old != 0) {
            arena.free(old, arenaOwner);
        }
    }

    /** Frees a live slot and its blob; the slot is reused by a later {@link #allocate}. */
    void release(int slot) {
        Page p = page(slot);
        int i = slot & PAGE_MASK;
        int ref = p.ref[i];
        p.ref[i] = 0;
        p.pool[i] = freeHead;
        freeHead = slot + 1;
        size--;
        arena.free(ref, arenaOwner);
    }
}
