package io.leasehold.dhcp.alloc.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A concurrent hierarchical bitmap over positions {@code 0..size-1}: bit set = position taken. It answers "first
 * clear position at or after {@code p}" in O(levels) word operations and, when built with counts, "the k-th clear
 * position" in O(levels × 64), whatever the fill level.
 *
 * <h2>Layout</h2>
 * Level 0 holds one bit per position in 64-bit words. Level {@code L > 0} holds one bit per word of level
 * {@code L-1}: set when that word is full (all ones). The top level is a single word. Bits past the end (the tail of
 * the last word of every level) are permanently set, so they look taken and need no range checks. With counts,
 * every level-1 word has a packed word of clear counts (its 4096 positions and their four quarters), every word of
 * the levels above up to the last one with at most 64 words has an {@code int} count, and the total is the sum of
 * that last level's counts: one atomic add per counted level per change (two for a 1M-position bitmap).
 *
 * <h2>Concurrency</h2>
 * {@link #set} and {@link #clear} are atomic on the leaf word and report whether they flipped the bit. The summary bits
 * and counts follow with a short delay: after changing a word, the changer re-derives the parent bit from the word
 * and re-checks that the word did not change meanwhile (else it redoes that level), so in a quiescent bitmap every
 * summary bit is exact. While writers are active a reader may see a summary bit that is briefly wrong; searches
 * validate what they find and retry, so they never return a set position as clear.
 *
 * <h2>Why one class of some 500 lines</h2>
 * It is one data structure: the construction, the updates ({@link #set}, {@link #clear} and their propagation), the
 * two searches ({@link #nextClear}, {@link #selectClear}) and the quiescent check ({@link #checkConsistency}) all
 * read and write the same packed layout (the levels, the biased block and quarter fields, the upper counts) and rely
 * on the same invariants (padding bits set, the summary re-derivation protocol above). Splitting it would either
 * expose those arrays to other classes or spread one invariant over several files, and the hot paths would gain a
 * call through another object. The iteration helpers and {@link #checkConsistency} (for tests) are short and need
 * the private layout too, so they stay.
 */
final class LevelBitmap {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    /** Levels: {@code levels[0]} is the leaf words; the last has exactly one word. */
    private final long[][] levels;
    /**
     * With counts: one packed word per level-1 word ("block" of 4096 positions, 64 leaf words): the block's clear
     * count in bits 0-12 and the clear counts of its four quarters (1024 positions, 16 leaf words) in 11 bits each
     * from bit 13, every field holding count + {@link #BIAS}. One atomic add per change keeps all five in step.
     */
    private final long[] blocks;
    /** With counts: {@code upper[l]} for {@code 2 <= l <= sumLevel}: clear positions under each word of level l. */
    private final int[][] upper;
    /**
     * The lowest level with at most 64 words (its counts are summed for the total; the single top word has none, so
     * a change costs one atomic add per counted level below the top, not one more for the total).
     */
    private final int sumLevel;
    private final int size;

    /**
     * Added to every packed field so the transient dips of a racing set/clear pair (a decrement applied before the
     * matching increment) stay inside the field instead of borrowing from its neighbour.
     */
    private static final int BIAS = 256;
    private static final int QUARTER_SHIFT = 13;
    private static final int QUARTER_BITS = 11;
    private static final long BLOCK_MASK = (1L << QUARTER_SHIFT) - 1;
    private static final long QUARTER_MASK = (1L << QUARTER_BITS) - 1;

    LevelBitmap(int size, boolean withCounts) {
        if (size <= 0) {
            throw new IllegalArgumentException("bitmap size must be positive: " + size);
        }
        this.size = size;
        int depth = 1;
        for (long n = wordsFor(size); n > 1; n = wordsFor(n)) {
            depth++;
        }
        levels = new long[depth][];
        long bits = size;
        for (int l = 0; l < depth; l++) {
            int words = (int) wordsFor(bits);
            long[] level = new long[words];
            int tail = (int) (bits & 63);
            if (tail != 0) {
                level[words - 1] = -1L << tail; // bits past the end look taken (leaf) or full (summary)
            }
            levels[l] = level;
            bits = words;
        }
        sumLevel = depth <= 2 ? depth - 1 : depth - 2;
        if (withCounts && depth > 1) {
            blocks = new long[levels[1].length];
            for (int b = 0; b < blocks.length; b++) {
                long packed = Math.min(4096, size - b * 4096L) + BIAS;
                for (int q = 0; q < 4; q++) {
                    long first = b * 4096L + q * 1024L;
                    packed |= (Math.max(0, Math.min(1024, size - first)) + BIAS) << quarterShift(q);
                }
                blocks[b] = packed;
            }
            upper = new int[sumLevel + 1][];
            for (int l = 2; l <= sumLevel; l++) {
                int[] c = new int[levels[l].length];
                long span = 1L << (6 * (l + 1)); // positions under one word of level l
                for (int j = 0; j < c.length; j++) {
                    c[j] = (int) Math.min(span, size - j * span);
                }
                upper[l] = c;
            }
        } else {
            blocks = null;
            upper = null;
        }
    }

    private static int quarterShift(int q) {
        return QUARTER_SHIFT + QUARTER_BITS * q;
    }

    private static long wordsFor(long bits) {
        return (bits + 63) >>> 6;
    }

    int size() {
        return size;
    }

    /** Whether a position is taken. */
    boolean get(int pos) {
        return ((long) WORDS.getVolatile(levels[0], pos >>> 6) & (1L << pos)) != 0;
    }

    /** Sets (takes) a position; {@code true} when this call flipped it. */
    boolean set(int pos) {
        int w = pos >>> 6;
        long bit = 1L << pos;
        long prev = (long) WORDS.getAndBitwiseOr(levels[0], w, bit);
        if ((prev & bit) != 0) {
            return false;
        }
        countAt(pos, -1);
        if ((prev | bit) == -1L) {
            propagate(w);
        }
        return true;
    }

    /** Clears (frees) a position; {@code true} when this call flipped it. */
    boolean clear(int pos) {
        int w = pos >>> 6;
        long bit = 1L << pos;
        long prev = (long) WORDS.getAndBitwiseAnd(levels[0], w, ~bit);
        if ((prev & bit) == 0) {
            return false;
        }
        countAt(pos, +1);
        if (prev == -1L) {
            propagate(w);
        }
        return true;
    }

    private void countAt(int pos, int delta) {
        if (blocks != null) {
            WORDS.getAndAdd(blocks, pos >>> 12, delta * (1L + (1L << quarterShift((pos >>> 10) & 3))));
            for (int l = 2; l <= sumLevel; l++) {
                INTS.getAndAdd(upper[l], pos >>> (6 * (l + 1)), delta);
            }
        }
    }

    /** Re-derives the "full" bits above leaf word {@code w} after it became full or stopped being full. */
    private void propagate(int w) {
        int l = 0;
        int idx = w;
        boolean redone = false;
        while (l + 1 < levels.length) {
            long v = (long) WORDS.getVolatile(levels[l], idx);
            int parent = idx >>> 6;
            long bit = 1L << idx;
            long prev = v == -1L
                    ? (long) WORDS.getAndBitwiseOr(levels[l + 1], parent, bit)
                    : (long) WORDS.getAndBitwiseAnd(levels[l + 1], parent, ~bit);
            if ((long) WORDS.getVolatile(levels[l], idx) != v) {
                redone = true; // the word changed while we updated its parent bit: derive it again
                continue;
            }
            long now = v == -1L ? prev | bit : prev & ~bit;
            if (!redone && (now == -1L) == (prev == -1L)) {
                // Our one change left the parent word's fullness as it was, so the level above is not ours to fix
                // (whoever changed it propagates). After a redo we made several changes here and climb anyway.
                return;
            }
            redone = false;
            l++;
            idx = parent;
        }
    }

    /**
     * The first clear position at or after {@code from}, or {@code -1} when every position from there to the end is
     * taken. O(levels): look in the leaf word, climb while the summary shows only full words to the right, then
     * descend along the first non-full word.
     */
    int nextClear(int from) {
        if (from < 0 || from >= size) {
            return -1;
        }
        for (int attempt = 0; ; attempt++) {
            int found = nextClearOnce(from);
            if (found != RETRY) {
                return found;
            }
            if (attempt > 64) {
                Thread.onSpinWait();
            }
        }
    }

    private static final int RETRY = -2;

    private int nextClearOnce(int from) {
        long[] leaf = levels[0];
        int w = from >>> 6;
        long free = ~(long) WORDS.getOpaque(leaf, w) & (-1L << from);
        if (free != 0) {
            return (w << 6) + Long.numberOfTrailingZeros(free);
        }
        int idx = w;
        for (int l = 1; l < levels.length; l++) {
            int parent = idx >>> 6;
            // children strictly after idx that are not full; -2L << b keeps bits b+1..63 (0 when b == 63)
            long notFull = ~(long) WORDS.getOpaque(levels[l], parent) & (-2L << idx);
            if (notFull != 0) {
                return descend(l - 1, (parent << 6) + Long.numberOfTrailingZeros(notFull));
            }
            idx = parent;
        }
        return -1;
    }

    /** From word {@code idx} of level {@code l}, follow first non-full children down to a clear leaf bit. */
    private int descend(int l, int idx) {
        for (; l >= 0; l--) {
            long free = ~(long) WORDS.getOpaque(levels[l], idx);
            if (free == 0) {
                return RETRY; // filled up since its parent summary was read
            }
            idx = (idx << 6) + Long.numberOfTrailingZeros(free);
        }
        return idx < size ? idx : RETRY;
    }

    /**
     * The {@code k}-th clear position (0-based, in position order) by walking the counts down, or {@code -1} when the
     * counts and bits disagree under concurrent change (the caller falls back to {@link #nextClear}). Needs counts.
     * Cost: at most 64 counts per counted level, 4 quarter fields and 16 leaf-word popcounts, whatever the fill.
     * The scans read plainly: a racy value only makes the walk miss, and the caller's claim validates the result.
     */
    int selectClear(long k) {
        if (blocks == null) {
            return levels.length == 1 ? selectInWord(levels[0], 0, k) : -1;
        }
        if (k < 0 || k >= Integer.MAX_VALUE) {
            return -1;
        }
        // The words of sumLevel (at most 64, all children of the top word) in order; below, each node's count is
        // known from its parent's scan, so the children are scanned from whichever end is nearer to rank k (half
        // the steps on average).
        int idx = -1;
        long count = 0;
        if (sumLevel == 1) {
            for (int b = 0; b < blocks.length; b++) {
                long n = blockCount(blocks[b]);
                if (k < n) {
                    idx = b;
                    count = n;
                    break;
                }
                k -= n;
            }
        } else {
            int[] c = upper[sumLevel];
            for (int j = 0; j < c.length; j++) {
                if (k < c[j]) {
                    idx = j;
                    count = c[j];
                    break;
                }
                k -= c[j];
            }
        }
        if (idx < 0) {
            return -1;
        }
        for (int l = sumLevel - 1; l >= 1; l--) {
            int from = idx << 6;
            int stop = Math.min(from + 64, levels[l].length);
            long found = l == 1 ? pickBlock(from, stop, k, count) : pickInt(upper[l], from, stop, k, count);
            if (found < 0) {
                return -1;
            }
            idx = (int) (found >>> 32);
            k = (int) found;
            count = l == 1 ? blockCount(blocks[idx]) : upper[l][idx];
        }
        // idx is a block: choose its quarter, then popcount up to 16 leaf words from the nearer end
        long packed = blocks[idx];
        int q = 0;
        for (; q < 4; q++) {
            count = ((packed >>> quarterShift(q)) & QUARTER_MASK) - BIAS;
            if (k < count) {
                break;
            }
            k -= count;
        }
        if (q == 4) {
            return -1;
        }
        long[] leaf = levels[0];
        int from = (idx << 6) + (q << 4);
        int stop = Math.min(from + 16, leaf.length);
        if (k < count >>> 1) {
            for (int w = from; w < stop; w++) {
                int free = Long.bitCount(~leaf[w]);
                if (k < free) {
                    return selectInWord(leaf, w, k);
                }
                k -= free;
            }
        } else {
            long r = count - 1 - k; // rank counted from the right end
            for (int w = stop - 1; w >= from; w--) {
                int free = Long.bitCount(~leaf[w]);
                if (r < free) {
                    return selectInWord(leaf, w, free - 1 - r);
                }
                r -= free;
            }
        }
        return -1;
    }

    /** Of int-counted children {@code from..stop-1} holding {@code total}, the one with rank k: child << 32 | rank. */
    private static long pickInt(int[] c, int from, int stop, long k, long total) {
        if (k < total >>> 1) {
            for (int i = from; i < stop; i++) {
                if (k < c[i]) {
                    return (long) i << 32 | k;
                }
                k -= c[i];
            }
        } else {
            long r = total - 1 - k;
            for (int i = stop - 1; i >= from; i--) {
                if (r < c[i]) {
                    return (long) i << 32 | (c[i] - 1 - r);
                }
                r -= c[i];
            }
        }
        return -1;
    }

    /** {@link #pickInt} over blocks. */
    private long pickBlock(int from, int stop, long k, long total) {
        long[] b = blocks;
        if (k < total >>> 1) {
            for (int i = from; i < stop; i++) {
                long n = blockCount(b[i]);
                if (k < n) {
                    return (long) i << 32 | k;
                }
                k -= n;
            }
        } else {
            long r = total - 1 - k;
            for (int i = stop - 1; i >= from; i--) {
                long n = blockCount(b[i]);
                if (r < n) {
                    return (long) i << 32 | (n - 1 - r);
                }
                r -= n;
            }
        }
        return -1;
    }

    private static long blockCount(long packed) {
        return (packed & BLOCK_MASK) - BIAS;
    }

    /** The {@code k}-th zero bit of leaf word {@code w} as a position, or {@code -1}. */
    private int selectInWord(long[] leaf, int w, long k) {
        long free = ~(long) WORDS.getOpaque(leaf, w);
        if (k < 0 || k >= Long.bitCount(free)) {
            return -1;
        }
        // binary search on halves keeps it to six steps
        int base = 0;
        for (int width = 32; width > 0; width >>= 1) {
            long lowMask = (1L << width) - 1;
            int low = Long.bitCount(free & lowMask);
            if (k >= low) {
                k -= low;
                free >>>= width;
                base += width;
            }
        }
        return (w << 6) + base;
    }

    /**
     * Clear positions: exact when quiescent. With counts, the sum of at most 64 counts; without, O(size / 64).
     */
    long clearCount() {
        if (levels.length == 1) {
            return Long.bitCount(~(long) WORDS.getVolatile(levels[0], 0));
        }
        long n = 0;
        if (blocks != null) {
            if (sumLevel == 1) {
                for (int b = 0; b < blocks.length; b++) {
                    n += blockCount((long) WORDS.getVolatile(blocks, b));
                }
            } else {
                int[] c = upper[sumLevel];
                for (int j = 0; j < c.length; j++) {
                    n += (int) INTS.getVolatile(c, j);
                }
            }
            return n;
        }
        long[] leaf = levels[0];
        for (int w = 0; w < leaf.length; w++) {
            n += Long.bitCount(~(long) WORDS.getVolatile(leaf, w));
        }
        return n;
    }

    /** Calls {@code action} with every set position, in order (a weakly consistent walk, not a snapshot). */
    void forEachSet(java.util.function.IntConsumer action) {
        long[] leaf = levels[0];
        for (int w = 0; w < leaf.length; w++) {
            long v = (long) WORDS.getVolatile(leaf, w);
            if (w == leaf.length - 1 && (size & 63) != 0) {
                v &= ~(-1L << size); // drop the padding bits
            }
            while (v != 0) {
                int b = Long.numberOfTrailingZeros(v);
                action.accept((w << 6) + b);
                v &= v - 1;
            }
        }
    }

    /** Calls {@code action} with every clear position, in order (weakly consistent). */
    void forEachClear(java.util.function.IntConsumer action) {
        long[] leaf = levels[0];
        for (int w = 0; w < leaf.length; w++) {
            long v = ~(long) WORDS.getVolatile(leaf, w);
            while (v != 0) {
                int b = Long.numberOfTrailingZeros(v);
                action.accept((w << 6) + b);
                v &= v - 1;
            }
        }
    }

    /** Checks every summary bit and count against the words below; for tests on a quiescent bitmap. */
    void checkConsistency() {
        for (int l = 1; l < levels.length; l++) {
            long[] below = levels[l - 1];
            for (int j = 0; j < below.length; j++) {
                boolean full = below[j] == -1L;
                boolean bit = (levels[l][j >>> 6] & (1L << j)) != 0;
                if (full != bit) {
                    throw new AssertionError("level " + l + " bit " + j + " says full=" + bit + " but word is " + Long.toHexString(below[j]));
                }
            }
        }
        if (blocks == null) {
            return;
        }
        long[] leaf = levels[0];
        for (int b = 0; b < blocks.length; b++) {
            for (int q = -1; q < 4; q++) {
                int from = b * 64 + Math.max(q, 0) * 16;
                int to = Math.min(q < 0 ? from + 64 : from + 16, leaf.length);
                int expected = 0;
                for (int w = from; w < to; w++) {
                    expected += Long.bitCount(~leaf[w]);
                }
                long field = q < 0 ? blockCount(blocks[b]) : ((blocks[b] >>> quarterShift(q)) & QUARTER_MASK) - BIAS;
                if (field != expected) {
                    throw new AssertionError("block " + b + (q < 0 ? "" : " quarter " + q) + " count is " + field
                            + ", expected " + expected);
                }
            }
        }
        for (int l = 2; l <= sumLevel; l++) {
            long span = 1L << (6 * (l + 1));
            for (int j = 0; j < upper[l].length; j++) {
                int expected = 0;
                long startWord = j * (span >>> 6);
                for (long w = startWord; w < Math.min(startWord + (span >>> 6), leaf.length); w++) {
                    expected += Long.bitCount(~leaf[(int) w]);
                }
                if (upper[l][j] != expected) {
                    throw new AssertionError("level " + l + " count " + j + " is " + upper[l][j] + ", expected " + expected);
                }
            }
        }
    }
}
