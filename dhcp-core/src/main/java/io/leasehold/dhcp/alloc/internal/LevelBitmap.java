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
 * the last word of every level) are permanently set, so they look taken and need no range checks. With counts, level
 * {@code L > 0} word {@code j} also has a count of clear positions under it ({@code counts[L][j]}); the top count is
 * the total.
 *
 * <h2>Concurrency</h2>
 * {@link #set} and {@link #clear} are atomic on the leaf word and report whether they flipped the bit. The summary bits
 * and counts follow with a short delay: after changing a word, the changer re-derives the parent bit from the word
 * and re-checks that the word did not change meanwhile (else it redoes that level), so in a quiescent bitmap every
 * summary bit is exact. While writers are active a reader may see a summary bit that is briefly wrong; searches
 * validate what they find and retry, so they never return a set position as clear.
 */
final class LevelBitmap {
    private static final VarHandle WORDS = MethodHandles.arrayElementVarHandle(long[].class);
    /** Levels: {@code levels[0]} is the leaf words; the last has exactly one word. */
    private final long[][] levels;
    private static final VarHandle INTS = MethodHandles.arrayElementVarHandle(int[].class);
    /** {@code counts[L]} for {@code L >= 1}: clear positions under each word of level L; {@code null} without counts. */
    private final CountView[] counts;
    private final int[][] countArrays;
    /** With counts: clear positions per group of 8 leaf words (512 positions), so a select scans 8 + 8 words, not 64. */
    private final int[] groupCounts;
    private final int size;

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
        counts = withCounts ? new CountView[depth] : null;
        countArrays = withCounts ? new int[depth][] : null;
        int leafWords = (int) wordsFor(size);
        groupCounts = withCounts ? new int[(leafWords + 7) >>> 3] : null;
        if (withCounts) {
            for (int g = 0; g < groupCounts.length; g++) {
                groupCounts[g] = (int) Math.min(512, size - g * 512L);
            }
        }
        long bits = size;
        for (int l = 0; l < depth; l++) {
            int words = (int) wordsFor(bits);
            long[] level = new long[words];
            int tail = (int) (bits & 63);
            if (tail != 0) {
                level[words - 1] = -1L << tail; // bits past the end look taken (leaf) or full (summary)
            }
            levels[l] = level;
            if (withCounts && l > 0) {
                int[] c = new int[words];
                long span = 1L << (6 * (l + 1)); // positions under one word of level l
                for (int j = 0; j < words; j++) {
                    c[j] = (int) Math.min(span, size - j * span);
                }
                countArrays[l] = c;
                counts[l] = new CountView(c);
            }
            bits = words;
        }
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
        if (counts != null) {
            INTS.getAndAdd(groupCounts, pos >>> 9, delta);
            for (int l = 1; l < levels.length; l++) {
                counts[l].getAndAdd(pos >>> (6 * (l + 1)), delta);
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
     * The scans read the arrays plainly: a racy value only makes the walk miss, and the caller's claim validates
     * whatever it returns.
     */
    int selectClear(long k) {
        int top = levels.length - 1;
        if (top == 0) {
            return selectInWord(levels[0], 0, k);
        }
        if (k < 0 || k >= counts[top].get(0)) {
            return -1;
        }
        int idx = 0;
        for (int l = top; l >= 2; l--) {
            // children of word idx at level l are words idx*64 .. idx*64+63 of level l-1, each with a count
            int[] c = countArrays[l - 1];
            int child = idx << 6;
            int end = Math.min(child + 64, c.length);
            while (child < end && k >= c[child]) {
                k -= c[child];
                child++;
            }
            if (child >= end) {
                return -1;
            }
            idx = child;
        }
        // idx is a level-1 word: its 64 leaf words form 8 groups of 8 with their own counts
        int g = idx << 3;
        int groupEnd = Math.min(g + 8, groupCounts.length);
        while (g < groupEnd && k >= groupCounts[g]) {
            k -= groupCounts[g];
            g++;
        }
        if (g >= groupEnd) {
            return -1;
        }
        long[] leaf = levels[0];
        int w = g << 3;
        int end = Math.min(w + 8, leaf.length);
        for (; w < end; w++) {
            int free = Long.bitCount(~leaf[w]);
            if (k < free) {
                return selectInWord(leaf, w, k);
            }
            k -= free;
        }
        return -1;
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

    /** Clear positions: exact when quiescent. O(1) with counts, else O(size / 64). */
    long clearCount() {
        int top = levels.length - 1;
        if (top == 0) {
            return Long.bitCount(~(long) WORDS.getVolatile(levels[0], 0));
        }
        if (counts != null) {
            return counts[top].get(0);
        }
        long n = 0;
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
            if (counts != null && l == 1) {
                for (int g = 0; g < groupCounts.length; g++) {
                    int expected = 0;
                    for (int w = g * 8; w < Math.min(g * 8 + 8, levels[0].length); w++) {
                        expected += Long.bitCount(~levels[0][w]);
                    }
                    if (groupCounts[g] != expected) {
                        throw new AssertionError("group count " + g + " is " + groupCounts[g] + ", expected " + expected);
                    }
                }
            }
            if (counts != null) {
                long span = 1L << (6 * (l + 1));
                for (int j = 0; j < levels[l].length; j++) {
                    int expected = 0;
                    long startWord = j * (span >>> 6);
                    for (long w = startWord; w < Math.min(startWord + (span >>> 6), levels[0].length); w++) {
                        expected += Long.bitCount(~levels[0][(int) w]);
                    }
                    if (counts[l].get(j) != expected) {
                        throw new AssertionError("level " + l + " count " + j + " is " + counts[l].get(j) + ", expected " + expected);
                    }
                }
            }
        }
    }

    /** Atomic access to one level's counts. */
    private record CountView(int[] array) {
        int get(int i) {
            return (int) INTS.getVolatile(array, i);
        }

        void getAndAdd(int i, int delta) {
            INTS.getAndAdd(array, i, delta);
        }
    }
}
