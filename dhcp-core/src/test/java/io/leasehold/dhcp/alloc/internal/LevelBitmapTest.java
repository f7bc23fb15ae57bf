package io.leasehold.dhcp.alloc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.BitSet;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LevelBitmapTest {

    /** Sizes around word and level boundaries: 1 level, 2 levels, 3 levels, odd tails. */
    @ParameterizedTest
    @ValueSource(ints = {1, 63, 64, 65, 4095, 4096, 4097, 262_145, 300_001})
    void agreesWithBitSetUnderRandomOperations(int size) {
        LevelBitmap bitmap = new LevelBitmap(size, true);
        BitSet reference = new BitSet(size);
        SplittableRandom random = new SplittableRandom(size);
        int ops = Math.min(200_000, size * 8);
        for (int i = 0; i < ops; i++) {
            int pos = random.nextInt(size);
            // bias towards filling so high fill levels get exercised too
            if (random.nextInt(10) < 7) {
                assertEquals(!reference.get(pos), bitmap.set(pos));
                reference.set(pos);
            } else {
                assertEquals(reference.get(pos), bitmap.clear(pos));
                reference.clear(pos);
            }
            if (i % 97 == 0) {
                int from = random.nextInt(size);
                int expected = reference.nextClearBit(from);
                assertEquals(expected >= size ? -1 : expected, bitmap.nextClear(from), "nextClear(" + from + ")");
                long free = size - reference.cardinality();
                assertEquals(free, bitmap.clearCount());
                if (free > 0) {
                    long k = random.nextLong(free);
                    assertEquals(kthClear(reference, k), bitmap.selectClear(k), "selectClear(" + k + ")");
                }
            }
        }
        bitmap.checkConsistency();
    }

    @Test
    void fullBitmapHasNoClearPositionAndFreeingOneFindsIt() {
        int size = 1 << 20;
        LevelBitmap bitmap = new LevelBitmap(size, false);
        for (int i = 0; i < size; i++) {
            bitmap.set(i);
        }
        assertEquals(-1, bitmap.nextClear(0));
        assertEquals(0, bitmap.clearCount());
        bitmap.clear(777_777);
        assertEquals(777_777, bitmap.nextClear(0));
        assertEquals(777_777, bitmap.nextClear(777_777));
        assertEquals(-1, bitmap.nextClear(777_778));
        bitmap.checkConsistency();
    }

    @Test
    void concurrentSetAndClearLeaveSummariesExact() throws Exception {
        int size = 64 * 64 * 3 + 17;
        LevelBitmap bitmap = new LevelBitmap(size, true);
        int threads = 4;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> futures = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int seed = t;
            futures.add(pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(seed);
                start.await();
                for (int i = 0; i < 300_000; i++) {
                    // hammer few words so full/not-full transitions race
                    int pos = random.nextInt(256);
                    if (random.nextBoolean()) {
                        bitmap.set(pos);
                    } else {
                        bitmap.clear(pos);
                    }
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> f : futures) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();
        bitmap.checkConsistency();
        for (int i = 0; i < 256; i++) {
            bitmap.set(i);
        }
        bitmap.checkConsistency();
        assertEquals(256, bitmap.nextClear(0));
        assertTrue(bitmap.get(255));
        assertFalse(bitmap.get(256));
    }

    private static int kthClear(BitSet set, long k) {
        int pos = set.nextClearBit(0);
        for (long i = 0; i < k; i++) {
            pos = set.nextClearBit(pos + 1);
        }
        return pos;
    }
}
