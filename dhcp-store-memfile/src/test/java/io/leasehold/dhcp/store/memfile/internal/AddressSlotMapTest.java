package io.leasehold.dhcp.store.memfile.internal;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static io.leasehold.dhcp.store.memfile.internal.TestRows.lease;
import static io.leasehold.dhcp.store.memfile.internal.TestRows.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The address → slot map: agrees with a hash map under churn, deletes without tombstones, stays half empty. */
class AddressSlotMapTest {
    @Test
    void findsWhatWasInsertedAndNothingElse() {
        LeaseSlots slots = new LeaseSlots();
        AddressSlotMap map = new AddressSlotMap(slots, 16);
        int a = put(slots, lease(0x0A000001));
        int b = put(slots, lease(0xffffffff));
        map.insert(a, 0x0A000001);
        map.insert(b, 0xffffffff);
        assertEquals(a, map.find(0x0A000001));
        assertEquals(b, map.find(0xffffffff));
        assertEquals(-1, map.find(0x0A000002));
        assertEquals(-1, map.find(0));
        map.remove(a, 0x0A000001);
        assertEquals(-1, map.find(0x0A000001));
        assertEquals(b, map.find(0xffffffff));
        assertEquals(1, map.size());
    }

    @Test
    void randomChurnMatchesAHashMapAndTheMapStaysAtMostHalfFull() {
        LeaseSlots slots = new LeaseSlots();
        AddressSlotMap map = new AddressSlotMap(slots, 16);
        Map<Integer, Integer> model = new HashMap<>();
        Random r = new Random(3);
        for (int n = 0; n < 40_000; n++) {
            // Dense and clustered addresses: long probe runs, so deletions must shift entries back.
            int address = r.nextBoolean() ? 0x0A000000 + r.nextInt(2000) : r.nextInt(64) << 20;
            Integer slot = model.get(address);
            if (slot == null) {
                int s = put(slots, lease(address));
                map.insert(s, address);
                model.put(address, s);
            } else if (r.nextInt(3) == 0) {
                map.remove(slot, address);
                slots.release(slot);
                model.remove(address);
            }
            if (n % 1000 == 0) {
                check(map, model);
            }
        }
        check(map, model);
        assertTrue(map.size() * 2L <= map.capacity(), map.size() + " in " + map.capacity());
    }

    private static void check(AddressSlotMap map, Map<Integer, Integer> model) {
        assertEquals(model.size(), map.size());
        for (Map.Entry<Integer, Integer> e : model.entrySet()) {
            assertEquals(e.getValue(), map.find(e.getKey()), () -> Integer.toHexString(e.getKey()));
        }
        for (int a = 0x0A000000 + 2000; a < 0x0A000000 + 2100; a++) {
            assertEquals(-1, map.find(a));
        }
    }
}
