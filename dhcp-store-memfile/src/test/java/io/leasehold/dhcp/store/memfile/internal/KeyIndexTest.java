package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.Lease4;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static io.leasehold.dhcp.store.memfile.internal.TestRows.lease;
import static io.leasehold.dhcp.store.memfile.internal.TestRows.put;
import static io.leasehold.dhcp.store.memfile.internal.TestRows.row;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A key index: links by key, skips leases without it, keeps only exact matches of a shared bucket, resizes. */
class KeyIndexTest {
    private static final KeyIndex.KeyMatch ANY = (b, base) -> true;

    private static byte[] host(String name) {
        return name.getBytes(StandardCharsets.UTF_8);
    }

    private static KeyIndex.KeyMatch hostIs(String name) {
        byte[] h = host(name);
        return (b, base) -> LeaseBlob.rangeEquals(b, LeaseBlob.hostStart(b, base), LeaseBlob.hostLength(b, base), h);
    }

    private static int[] lookup(KeyIndex index, LeaseSlots slots, String name) {
        SlotList out = new SlotList();
        index.collect(host(name), hostIs(name), out);
        return out.sortedByAddress(slots);
    }

    private static void link(KeyIndex index, LeaseSlots slots, int slot) {
        index.link(slot, slots.chunk(slot), slots.blobBase(slot));
    }

    @Test
    void oneBucketHoldsManyKeysAndLookupsKeepOnlyExactMatches() {
        LeaseSlots slots = new LeaseSlots();
        KeyIndex index = new KeyIndex(KeyIndex.Key.HOSTNAME, slots, 1);
        for (int a = 1; a <= 6; a++) {
            link(index, slots, put(slots, lease(a).hostname(a % 2 == 0 ? "even" : "odd")));
        }
        assertArrayEquals(new int[] {1, 3, 5}, lookup(index, slots, "even"));
        assertArrayEquals(new int[] {0, 2, 4}, lookup(index, slots, "odd"));
        assertArrayEquals(new int[0], lookup(index, slots, "Even"));
        SlotList all = new SlotList();
        index.collect(host("even"), ANY, all);
        assertEquals(6, all.toArray().length, "a one-bucket index chains every lease together");
    }

    @Test
    void leasesWithoutTheKeyAreNotIndexed() {
        LeaseSlots slots = new LeaseSlots();
        KeyIndex hosts = new KeyIndex(KeyIndex.Key.HOSTNAME, slots, 1);
        KeyIndex cids = new KeyIndex(KeyIndex.Key.CLIENT_ID, slots, 1);
        KeyIndex hws = new KeyIndex(KeyIndex.Key.HARDWARE_ADDRESS, slots, 1);
        int declined = put(slots, Lease4.builder(7).subnetId(1).validLifetime(60).cltt(1000).state(1));
        for (KeyIndex k : new KeyIndex[] {hosts, cids, hws}) {
            link(k, slots, declined);
            SlotList out = new SlotList();
            k.collect(new byte[0], ANY, out);
            assertArrayEquals(new int[0], out.toArray(), "a lease without the key is not in its only bucket");
            k.unlink(declined, slots.chunk(declined), slots.blobBase(declined));
        }
    }

    @Test
    void unlinkUsesTheKeyAsLinkedAndRelinkMovesTheLease() {
        LeaseSlots slots = new LeaseSlots();
        KeyIndex index = new KeyIndex(KeyIndex.Key.HOSTNAME, slots, 64);
        int a = put(slots, lease(1).hostname("old"));
        int b = put(slots, lease(2).hostname("old"));
        link(index, slots, a);
        link(index, slots, b);
        index.unlink(a, slots.chunk(a), slots.blobBase(a));
        slots.write(a, row(lease(1).hostname("new")));
        link(index, slots, a);
        assertArrayEquals(new int[] {b}, lookup(index, slots, "old"));
        assertArrayEquals(new int[] {a}, lookup(index, slots, "new"));
    }

    @Test
    void resizeRebuildsFromTheLiveSlotsOrLeavesTheIndexEmpty() {
        LeaseSlots slots = new LeaseSlots();
        KeyIndex index = new KeyIndex(KeyIndex.Key.HARDWARE_ADDRESS, slots, 4);
        for (int a = 0; a < 100; a++) {
            link(index, slots, put(slots, lease(a)));
        }
        slots.release(50);
        index.resize(256, true);
        assertEquals(256, index.buckets());
        byte[] hw = {2, 0, 0, 0, 0, 42};
        SlotList found = new SlotList();
        index.collect(hw, (b, base) -> LeaseBlob.rangeEquals(b, LeaseBlob.hwStart(base), LeaseBlob.hwLength(b, base),
                hw), found);
        assertArrayEquals(new int[] {42}, found.toArray());
        index.resize(512, false);
        SlotList none = new SlotList();
        index.collect(hw, ANY, none);
        assertArrayEquals(new int[0], none.toArray(), "not rebuilt");
        index.build();
        SlotList again = new SlotList();
        index.collect(hw, ANY, again);
        assertEquals(1, Arrays.stream(again.toArray()).filter(s -> s == 42).count(), "built once more");
    }
}
