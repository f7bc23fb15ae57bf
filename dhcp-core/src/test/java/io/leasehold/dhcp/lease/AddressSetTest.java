package io.leasehold.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class AddressSetTest {

    @Test
    void walksLikeASortedSetUnderRandomChanges() {
        AddressSet set = new AddressSet();
        TreeSet<Long> reference = new TreeSet<>();
        SplittableRandom random = new SplittableRandom(5);
        // a few dense /24s at both ends of the space and around the sign bit, plus scattered addresses
        int[] bases = {0, 0x7fffff00, 0x80000000, 0xffffff00, 0x0a000000};
        for (int i = 0; i < 50_000; i++) {
            int address = random.nextInt(5) == 0 ? random.nextInt() : bases[random.nextInt(bases.length)] + random.nextInt(512);
            if (random.nextBoolean()) {
                set.add(address);
                reference.add(Ipv4.toUnsigned(address));
            } else {
                set.remove(address);
                reference.remove(Ipv4.toUnsigned(address));
            }
            if (i % 500 == 0) {
                long from = random.nextInt(4) == 0 ? Ipv4.toUnsigned(bases[random.nextInt(bases.length)]) + random.nextInt(300)
                        : Ipv4.toUnsigned(random.nextInt());
                int limit = 1 + random.nextInt(40);
                List<Long> walked = new ArrayList<>();
                set.walkFrom(from, a -> {
                    walked.add(Ipv4.toUnsigned(a));
                    return walked.size() < limit;
                });
                List<Long> expected = new ArrayList<>();
                for (Long a : reference.tailSet(from, true)) {
                    if (expected.size() == limit) {
                        break;
                    }
                    expected.add(a);
                }
                assertEquals(expected, walked, "from " + from);
            }
        }
        List<Long> all = new ArrayList<>();
        set.walkFrom(0, a -> all.add(Ipv4.toUnsigned(a)));
        assertEquals(new ArrayList<>(reference), all);
        set.walkFrom(1L << 32, a -> {
            throw new AssertionError("walked past the end");
        });
        for (long a : reference) {
            set.remove((int) a);
        }
        assertTrue(set.isEmpty());
    }
}
