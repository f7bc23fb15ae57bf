package io.leasehold.dhcp.store.memfile.internal;

import org.junit.jupiter.api.Test;

import static io.leasehold.dhcp.store.memfile.internal.TestRows.lease;
import static io.leasehold.dhcp.store.memfile.internal.TestRows.put;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The subnet index: lists per subnet, emptied subnets leave no entry, a build finds every live slot. */
class SubnetIndexTest {
    private static int[] slotsOf(SubnetIndex index, LeaseSlots slots, int subnet) {
        SlotList out = new SlotList();
        index.collect(subnet, out);
        return out.sortedByAddress(slots);
    }

    @Test
    void leasesMoveBetweenSubnetsAndEmptySubnetsAreDropped() {
        LeaseSlots slots = new LeaseSlots();
        SubnetIndex index = new SubnetIndex(slots);
        int a = put(slots, lease(1).subnetId(1));
        int b = put(slots, lease(2).subnetId(1));
        int c = put(slots, lease(3).subnetId(0xffffffffL));
        index.link(a, 1);
        index.link(b, 1);
        index.link(c, -1);
        assertArrayEquals(new int[] {a, b}, slotsOf(index, slots, 1));
        assertArrayEquals(new int[] {c}, slotsOf(index, slots, -1));
        index.unlink(a, 1);
        index.link(a, 2);
        assertArrayEquals(new int[] {b}, slotsOf(index, slots, 1));
        assertArrayEquals(new int[] {a}, slotsOf(index, slots, 2));
        index.unlink(b, 1);
        assertArrayEquals(new int[0], slotsOf(index, slots, 1));
        assertEquals(2, index.subnetCount());
        index.link(b, 1);
        assertArrayEquals(new int[] {b}, slotsOf(index, slots, 1), "a dropped subnet comes back cleanly");
    }

    @Test
    void buildIndexesEveryLiveSlot() {
        LeaseSlots slots = new LeaseSlots();
        for (int a = 0; a < 30; a++) {
            put(slots, lease(a).subnetId(a % 3));
        }
        slots.release(3);
        slots.release(4);
        SubnetIndex index = new SubnetIndex(slots);
        index.build();
        assertArrayEquals(new int[] {0, 6, 9, 12, 15, 18, 21, 24, 27}, slotsOf(index, slots, 0));
        assertEquals(9, slotsOf(index, slots, 1).length);
        assertEquals(10, slotsOf(index, slots, 2).length);
        index.build();
        assertEquals(9, slotsOf(index, slots, 1).length, "building again starts from scratch");
    }
}
