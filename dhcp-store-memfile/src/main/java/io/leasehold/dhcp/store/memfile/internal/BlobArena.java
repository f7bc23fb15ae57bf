package io.leasehold.dhcp.store.memfile.internal;

import java.util.Arrays;

/**
 * Storage for the {@link LeaseBlob}s of a {@link LeaseTable}: records appended to 256 KiB chunks instead of one
 * array per lease, so a million leases are a few hundred objects for the garbage collector and carry 6 bytes of
 * overhead each instead of an array header and padding. (Chunks stay below half of G1's smallest region, so they
 * are never humongous objects, which would waste the rest of their last region.)
 *
 * <p>A record is {@code [owner slot: 4][length: 2][blob]}; its reference is {@code chunk << 18 | offset}, chunk
 * numbers starting at 1 so that no reference is 0. Replaced and removed records become garbage; once garbage is
 * more than half of the arena, the live records of the emptiest chunk are moved to the current chunk (the owner
 * slot says whose reference to update) and that chunk is dropped. Callers hold the table owner's write lock.
 */
final class BlobArena {
    static final int CHUNK_BITS = 18;
    /** Array length: the array object, header included, is exactly 256 KiB. */
    static final int CHUNK_SIZE = (1 << CHUNK_BITS) - 16;
    private static final int OFFSET_MASK = (1 << CHUNK_BITS) - 1;
    private static final int HEADER = 6;
    /** Largest blob (host name and user context included). */
    static final int MAX_BLOB = 0xffff;
    private static final int MAX_CHUNKS = 1 << (32 - CHUNK_BITS);
    /** Garbage below this is never worth moving records for. */
    private static final long MIN_GARBAGE = 2L * CHUNK_SIZE;

    /** The table's side of compaction. */
    interface Owner {
        /** Whether {@code slot} still refers to the record at {@code ref}. */
        boolean refersTo(int slot, int ref);

        /** The record of {@code slot} moved to {@code ref}. */
        void moved(int slot, int ref);
    }

    private byte[][] chunks = new byte[8][];
    private int[] used = new int[8];
    private int[] live = new int[8];
    private int current;
    private long usedTotal;
    private long garbage;
    private long compactions;

    static int blobOffset(int ref) {
        return (ref & OFFSET_MASK) + HEADER;
    }

    byte[] chunk(int ref) {
        return chunks[ref >>> CHUNK_BITS];
    }

    int length(int ref) {
        byte[] c = chunks[ref >>> CHUNK_BITS];
        int o = ref & OFFSET_MASK;
        return (c[o + 4] & 0xff) << 8 | (c[o + 5] & 0xff);
    }

    /** Appends a blob owned by {@code slot}; returns its reference. */
    int add(int slot, byte[] src, int off, int len) {
        if (len > MAX_BLOB) {
            throw new IllegalArgumentException("lease data of " + len + " bytes exceeds " + MAX_BLOB);
        }
        int need = HEADER + len;
        if (current == 0 || used[current] + need > CHUNK_SIZE) {
            newChunk();
        }
        byte[] c = chunks[current];
        int o = used[current];
        c[o] = (byte) (slot >>> 24);
        c[o + 1] = (byte) (slot >>> 16);
        c[o + 2] = (byte) (slot >>> 8);
        c[o + 3] = (byte) slot;
        c[o + 4] = (byte) (len >>> 8);
        c[o + 5] = (byte) len;
        System.arraycopy(src, off, c, o + HEADER, len);
        used[current] += need;
        live[current] += need;
        usedTotal += need;
        return current << CHUNK_BITS | o;
    }

    private void newChunk() {
        int free = 0;
        for (int i = 1; i < chunks.length; i++) {
            if (chunks[i] == null) {
                free = i;
                break;
            }
        }
        if (free == 0) {
            if (chunks.length == MAX_CHUNKS) {
                throw new IllegalStateException("lease table is full (" + (MAX_CHUNKS - 1) + " chunks of lease data)");
            }
            free = chunks.length;
            chunks = Arrays.copyOf(chunks, Math.min(chunks.length * 2, MAX_CHUNKS));
            used = Arrays.copyOf(used, chunks.length);
            live = Arrays.copyOf(live, chunks.length);
        }
        chunks[free] = new byte[CHUNK_SIZE];
        used[free] = 0;
        live[free] = 0;
        current = free;
    }

    /** Marks a record garbage (its owner no longer refers to it); may compact. */
    void free(int ref, Owner owner) {
        int chunk = ref >>> CHUNK_BITS;
        int size = HEADER + length(ref);
        live[chunk] -= size;
        garbage += size;
        if (chunk != current && live[chunk] == 0) {
            drop(chunk, used[chunk]);
        } else if (garbage > MIN_GARBAGE && garbage * 2 > usedTotal) {
            compactEmptiest(owner);
        }
    }

    /** Forgets a chunk whose live records are gone or moved; {@code chunkGarbage} of its bytes were garbage. */
    private void drop(int chunk, long chunkGarbage) {
        garbage -= chunkGarbage;
        usedTotal -= used[chunk];
        chunks[chunk] = null;
        used[chunk] = 0;
        live[chunk] = 0;
    }

    /** Moves the live records of the chunk with the least live data to the current chunk and drops it. */
    private void compactEmptiest(Owner owner) {
        int victim = 0;
        for (int i = 1; i < chunks.length; i++) {
            if (chunks[i] != null && i != current && (victim == 0 || live[i] < live[victim])) {
                victim = i;
            }
        }
        if (victim == 0 || live[victim] > CHUNK_SIZE / 2) {
            return;
        }
        long victimGarbage = used[victim] - live[victim];
        byte[] c = chunks[victim];
        int end = used[victim];
        for (int o = 0; o < end; ) {
            int slot = (c[o] & 0xff) << 24 | (c[o + 1] & 0xff) << 16 | (c[o + 2] & 0xff) << 8 | (c[o + 3] & 0xff);
            int len = (c[o + 4] & 0xff) << 8 | (c[o + 5] & 0xff);
            int ref = victim << CHUNK_BITS | o;
            if (owner.refersTo(slot, ref)) {
                int moved = add(slot, c, o + HEADER, len);
                live[victim] -= HEADER + len;
                owner.moved(slot, moved);
            }
            o += HEADER + len;
        }
        drop(victim, victimGarbage);
        compactions++;
    }

    /** Chunks compacted so far. */
    long compactions() {
        return compactions;
    }

    /** Bytes held in chunks. */
    long footprint() {
        long n = 0;
        for (byte[] c : chunks) {
            n += c == null ? 0 : CHUNK_SIZE;
        }
        return n;
    }

    /** Bytes of records that are no longer referenced. */
    long garbage() {
        return garbage;
    }
}
