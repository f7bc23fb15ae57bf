package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import org.junit.jupiter.api.Test;

import static io.leasehold.dhcp.store.memfile.internal.TestRows.lease;
import static io.leasehold.dhcp.store.memfile.internal.TestRows.put;
import static io.leasehold.dhcp.store.memfile.internal.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The slot storage: columns and blob round-trip, slots are counted, freed slots are reused before new ones. */
class LeaseSlotsTest {
    @Test
    void aWrittenSlotReadsBackAsTheLease() {
        LeaseSlots slots = new LeaseSlots();
        Lease4 l = lease(0xC0000201).state(LeaseState.DECLINED).subnetId(0xfffffffeL).poolId(7).build();
        int slot = slots.allocate();
        slots.write(slot, LeaseCodec.encode(l));
        assertTrue(slots.isLive(slot));
        assertEquals(l, slots.lease(slot));
        assertEquals(0xC0000201, slots.address(slot));
        assertEquals(LeaseState.DECLINED, slots.state(slot));
        assertEquals(0xfffffffe, slots.subnet(slot));
        LeaseRow copy = slots.read(slot, new LeaseRow());
        assertEquals(l, copy.toLease());
        assertTrue(slots.sameAs(slot, LeaseCodec.encode(l)));
        assertFalse(slots.sameAs(slot, LeaseCodec.encode(l.toBuilder().cltt(l.cltt() + 1).build())));
        assertFalse(slots.sameAs(slot, LeaseCodec.encode(l.toBuilder().hostname("other").build())));
    }

    @Test
    void rewritingASlotReplacesItsBlob() {
        LeaseSlots slots = new LeaseSlots();
        int slot = put(slots, lease(10).hostname("first"));
        slots.write(slot, row(lease(10).hostname("second, and longer")));
        assertEquals("second, and longer", slots.lease(slot).hostname());
        assertEquals(1, slots.size());
    }

    @Test
    void freedSlotsAreReusedLastFreedFirstBeforeTheHighWaterGrows() {
        LeaseSlots slots = new LeaseSlots();
        for (int a = 0; a < 5; a++) {
            assertEquals(a, put(slots, lease(100 + a)));
        }
        slots.release(1);
        slots.release(3);
        assertEquals(3, slots.size());
        assertFalse(slots.isLive(1));
        assertFalse(slots.isLive(3));
        assertEquals(5, slots.limit(), "freeing does not lower the high water");
        assertEquals(3, put(slots, lease(200)));
        assertEquals(1, put(slots, lease(201)));
        assertEquals(5, put(slots, lease(202)));
        assertEquals(6, slots.size());
        assertEquals(6, slots.limit());
        assertEquals(201, slots.address(1));
        assertEquals(0, slots.lease(1).poolId(), "the free-list link left nothing behind in the pool column");
    }

    @Test
    void growsPageByPageAndScansSeeEverySlot() {
        LeaseSlots slots = new LeaseSlots();
        int n = 3 * LeaseSlots.PAGE_SIZE + 17;
        for (int a = 0; a < n; a++) {
            put(slots, lease(a));
        }
        assertEquals(4, slots.pageCount());
        assertEquals(n, slots.limit());
        int live = 0;
        for (int pi = 0; pi < slots.pageCount(); pi++) {
            int[] refs = slots.pageAt(pi).ref;
            for (int i = 0; i < LeaseSlots.PAGE_SIZE; i++) {
                live += refs[i] != 0 ? 1 : 0;
            }
        }
        assertEquals(n, live);
        assertEquals(n - 1, slots.address(n - 1));
    }

    @Test
    void slotListsSortByUnsignedAddress() {
        LeaseSlots slots = new LeaseSlots();
        int[] addresses = {0xC0000201, 0x0A000001, 0x80000000, 0x7fffffff, 0xffffffff};
        SlotList list = new SlotList();
        for (int a : addresses) {
            list.add(put(slots, lease(a)));
        }
        assertArrayEquals(new int[] {0, 1, 2, 3, 4}, list.toArray());
        assertArrayEquals(new int[] {1, 3, 2, 0, 4}, list.sortedByAddress(slots));
    }
}
