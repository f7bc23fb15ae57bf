package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The table's blob arena: garbage is reclaimed by moving records, and moved records stay correct and indexed. */
class LeaseTableTest {
    private static LeaseRow row(int address, String host) {
        return LeaseCodec.encode(Lease4.builder(address)
                .hardwareAddress(HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, (byte) (address >> 8), (byte) address}))
                .validLifetime(60).cltt(1000).subnetId(1 + (address & 3)).hostname(host).build());
    }

    @Test
    void churnIsCompactedAndEveryLeaseSurvivesTheMoves() {
        LeaseTable table = new LeaseTable();
        Map<Integer, Lease4> model = new HashMap<>();
        Random r = new Random(7);
        String pad = "p".repeat(300);
        for (int round = 0; round < 60; round++) {
            for (int k = 0; k < 3000; k++) {
                // Random addresses: old chunks keep a mix of live and dead records, so they must be compacted.
                int a = 0x0A000000 + r.nextInt(3000);
                LeaseRow row = row(a, "r" + round + "-" + a + pad.substring(r.nextInt(300)));
                int slot = table.find(a);
                if (slot < 0) {
                    table.insert(row);
                } else if (r.nextInt(8) == 0) {
                    table.remove(slot);
                    model.remove(a);
                    continue;
                } else {
                    table.replace(slot, row);
                }
                model.put(a, row.toLease());
            }
        }
        assertTrue(table.blobCompactions() > 10, "compactions: " + table.blobCompactions());
        // Live data is about 3000 x 320 bytes; garbage may at most match it (plus a chunk being filled).
        assertTrue(table.blobBytes() <= 4L << 20, "arena bytes: " + table.blobBytes());
        assertEquals(model.size(), table.size());
        for (Map.Entry<Integer, Lease4> e : model.entrySet()) {
            int slot = table.find(e.getKey());
            assertEquals(e.getValue(), table.lease(slot));
            Lease4 l = e.getValue();
            assertArrayEquals(new int[] {slot}, table.byHardwareAddress(1, l.hardwareAddress().toByteArray()));
            assertArrayEquals(new int[] {slot},
                    table.byHostname(l.hostname().getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        int[] all = table.all();
        assertEquals(model.size(), all.length);
    }
}
