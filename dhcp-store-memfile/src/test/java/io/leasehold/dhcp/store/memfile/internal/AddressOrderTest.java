package io.leasehold.dhcp.store.memfile.internal;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The address order: unsigned order, walks from any start, stops when told, drops empty /24s. */
class AddressOrderTest {
    private static List<Long> walk(AddressOrder order, long start, int max) {
        List<Long> out = new ArrayList<>();
        order.forEachFrom(start, a -> {
            out.add(Integer.toUnsignedLong(a));
            return out.size() < max;
        });
        return out;
    }

    @Test
    void walksInUnsignedOrderFromAnyStart() {
        AddressOrder order = new AddressOrder();
        long[] addresses = {0xffffffffL, 0x80000000L, 0x7fffffffL, 0x0A000001L, 0x0A0000ffL, 0x0A000100L, 0L,
            0x0A000040L};
        for (long a : addresses) {
            order.add((int) a);
        }
        assertEquals(List.of(0L, 0x0A000001L, 0x0A000040L, 0x0A0000ffL, 0x0A000100L, 0x7fffffffL, 0x80000000L,
                0xffffffffL), walk(order, 0, 100));
        assertEquals(List.of(0x0A000040L, 0x0A0000ffL), walk(order, 0x0A000002L, 2), "from inside a /24, stopping");
        assertEquals(List.of(0x0A000040L), walk(order, 0x0A000040L, 1), "the start itself is included");
        assertEquals(List.of(0xffffffffL), walk(order, 0x80000001L, 100));
        assertEquals(List.of(), walk(order, 0x100000000L, 100), "beyond the address space");
    }

    @Test
    void removingTheLastAddressOfASlash24DropsIt() {
        AddressOrder order = new AddressOrder();
        order.add(0x0A000001);
        order.add(0x0A000002);
        order.add(0x0B000001);
        assertEquals(2, order.prefixes());
        order.remove(0x0A000001);
        assertEquals(2, order.prefixes());
        order.remove(0x0A000002);
        assertEquals(1, order.prefixes());
        order.add(0x0A000003);
        assertEquals(List.of(0x0A000003L, 0x0B000001L), walk(order, 0, 10), "a dropped /24 comes back cleanly");
    }

    @Test
    void randomChangesMatchASortedSet() {
        AddressOrder order = new AddressOrder();
        TreeSet<Long> model = new TreeSet<>();
        Random r = new Random(11);
        for (int n = 0; n < 20_000; n++) {
            long a = r.nextBoolean() ? 0xC0000000L + r.nextInt(1500) : Integer.toUnsignedLong(r.nextInt());
            if (model.contains(a)) {
                order.remove((int) a);
                model.remove(a);
            } else {
                order.add((int) a);
                model.add(a);
            }
        }
        assertEquals(new ArrayList<>(model), walk(order, 0, Integer.MAX_VALUE));
        long from = 0xC0000000L + 700;
        assertEquals(new ArrayList<>(model.tailSet(from, true)).subList(0, 50), walk(order, from, 50));
    }
}
