package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.control.internal.Json;
import io.leasehold.dhcp.ha.internal.LoadBalancingHash;
import org.junit.jupiter.api.Test;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LoadBalancingHashTest {

    @Test
    @SuppressWarnings("unchecked")
    void all66VectorsFromTheCapturedKeaRunMatch() throws Exception {
        Map<String, Object> doc;
        try (InputStream in = getClass().getResourceAsStream("/kea-captures/lb-hash-test-vectors.json")) {
            doc = (Map<String, Object>) Json.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        List<Map<String, Object>> vectors = (List<Map<String, Object>>) doc.get("vectors");
        assertEquals(66, vectors.size());
        for (Map<String, Object> v : vectors) {
            byte[] key = HexFormat.of().parseHex((String) v.get("key_hex"));
            assertEquals(((Long) v.get("hash")).intValue(), LoadBalancingHash.hash(key), (String) v.get("key_hex"));
            assertEquals(((Long) v.get("index")).intValue(), LoadBalancingHash.serverIndex(key, 2));
            if (v.containsKey("allocated_by_on_wire")) {
                assertEquals(v.get("expected_scope"), v.get("allocated_by_on_wire"), "the vector agrees with the wire");
            }
            assertEquals(((Long) v.get("index")).intValue() == 0 ? "server1" : "server2", v.get("expected_scope"));
        }
    }

    @Test
    void keyPrefersANonEmptyClientIdOverChaddr() {
        byte[] cid = {1, 2, 3};
        byte[] mac = {9, 9};
        assertArrayEquals(cid, LoadBalancingHash.key(cid, mac));
        assertArrayEquals(mac, LoadBalancingHash.key(new byte[0], mac));
        assertArrayEquals(mac, LoadBalancingHash.key(null, mac));
        assertNull(LoadBalancingHash.key(null, new byte[0]));
    }
}
