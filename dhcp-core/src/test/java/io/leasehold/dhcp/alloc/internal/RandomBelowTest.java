package io.leasehold.dhcp.alloc.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class RandomBelowTest {

    @Test
    void staysInRangeForEdgeBounds() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 10_000; i++) {
            assertEquals(0, RandomAllocator.below(random, 1));
            int big = RandomAllocator.below(random, (1 << 30) + 3);
            assertTrue(big >= 0 && big < (1 << 30) + 3, "out of range: " + big);
            int max = RandomAllocator.below(random, Integer.MAX_VALUE);
            assertTrue(max >= 0, "negative: " + max);
        }
    }

    @Test
    void isUniformOverASmallOddBound() {
        // 70,000 draws over 7 values: 10,000 expected each, sd ~ 93; 600 is over 6 sd
        int[] hits = new int[7];
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 70_000; i++) {
            hits[RandomAllocator.below(random, 7)]++;
        }
        for (int v = 0; v < 7; v++) {
            assertTrue(Math.abs(hits[v] - 10_000) < 600, v + " drawn " + hits[v]);
        }
    }

    @Test
    void highValuesOfAHugeBoundAreReached() {
        // a multiply-shift bug that dropped the high half would never return values in the top quarter
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int bound = 3 << 28;
        int top = 0;
        for (int i = 0; i < 4000; i++) {
            if (RandomAllocator.below(random, bound) >= bound / 4 * 3) {
                top++;
            }
        }
        assertTrue(top > 800 && top < 1200, "top quarter drawn " + top + " of 4000");
    }
}
