package io.leasehold.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The key → addresses index: unsigned order in both representations, and keys vanish with their last address. */
class AddressIndexTest {

    private static List<Long> walk(AddressIndex<String> index, String key) {
        List<Long> out = new ArrayList<>();
        index.walk(key, a -> {
            out.add(Ipv4.toUnsigned(a));
            return true;
        });
        return out;
    }

    @Test
    void smallKeysKeepUnsignedOrderAndIgnoreRepeats() {
        AddressIndex<String> index = new AddressIndex<>();
        for (int a : new int[] {0xC0000201, 0x0A000001, 0x80000000, 0x7fffffff, 0xffffffff, 0x0A000001}) {
            index.add("k", a);
        }
        assertEquals(List.of(0x0A000001L, 0x7fffffffL, 0x80000000L, 0xC0000201L, 0xffffffffL), walk(index, "k"));
        index.remove("k", 0x80000000);
        index.remove("k", 0x12345678);
        assertEquals(List.of(0x0A000001L, 0x7fffffffL, 0xC0000201L, 0xffffffffL), walk(index, "k"));
        assertEquals(List.of(), walk(index, "other"));
    }

    @Test
    void aKeyGrowsPastTheArrayAndBackToNothing() {
        AddressIndex<String> index = new AddressIndex<>();
        TreeSet<Long> model = new TreeSet<>();
        SplittableRandom random = new SplittableRandom(9);
        for (int i = 0; i < 5_000; i++) {
            int a = random.nextInt(3) == 0 ? random.nextInt() : 0x80000000 + random.nextInt(200) - 100;
            if (random.nextInt(3) == 0) {
                index.remove("android", a);
                model.remove(Ipv4.toUnsigned(a));
            } else {
                index.add("android", a);
                model.add(Ipv4.toUnsigned(a));
            }
            if (i % 250 == 0) {
                assertEquals(new ArrayList<>(model), walk(index, "android"));
            }
        }
        assertEquals(new ArrayList<>(model), walk(index, "android"));
        for (long a : model) {
            index.remove("android", (int) a);
        }
        assertEquals(List.of(), walk(index, "android"));
        index.add("android", 7);
        assertEquals(List.of(7L), walk(index, "android"), "an emptied key starts again as a small one");
    }

    @Test
    void aWalkStopsWhenTheVisitorSaysSo() {
        AddressIndex<String> index = new AddressIndex<>();
        for (int a = 1; a <= 100; a++) {
            index.add("k", a);
        }
        List<Integer> seen = new ArrayList<>();
        index.walk("k", a -> {
            seen.add(a);
            return seen.size() < 3;
        });
        assertEquals(List.of(1, 2, 3), seen);
    }
}
