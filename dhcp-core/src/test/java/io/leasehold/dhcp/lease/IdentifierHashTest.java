package io.leasehold.dhcp.lease;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class IdentifierHashTest {

    /** Sequential MAC addresses (one vendor's block) must not collide the way Arrays.hashCode makes them. */
    @Test
    void sequentialHardwareAddressesSpreadOverHashBuckets() {
        int n = 1 << 16;
        Set<Integer> hashes = new HashSet<>();
        int[] buckets = new int[1 << 12];
        for (int i = 0; i < n; i++) {
            HardwareAddress hw = HardwareAddress.ethernet(new byte[] {0, 0x1b, 0x21, 0, (byte) (i >>> 8), (byte) i});
            hashes.add(hw.hashCode());
            int h = hw.hashCode();
            buckets[(h ^ (h >>> 16)) & (buckets.length - 1)]++;
        }
        assertTrue(hashes.size() > n - 16, "distinct hash codes: " + hashes.size());
        for (int b : buckets) {
            assertTrue(b < 48, "a bucket got " + b + " of an expected 16");
        }
    }

    @Test
    void equalIdentifiersHashEqually() {
        assertEquals(HardwareAddress.parse("00:0c:01:02:03:04").hashCode(), HardwareAddress.parse("0:c:1:2:3:4").hashCode());
        assertEquals(ClientId.parse("01:00:0c:01:02:03:04").hashCode(), ClientId.parse("01000c01020304").hashCode());
        Set<Integer> hashes = new HashSet<>();
        for (int i = 0; i < 4096; i++) {
            hashes.add(ClientId.of(new byte[] {1, 0, (byte) (i >>> 8), (byte) i}).hashCode());
        }
        assertEquals(4096, hashes.size());
    }
}
