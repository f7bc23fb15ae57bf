package io.leasehold.dhcp.server.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.leasehold.dhcp.engine.QueryContext;
import org.junit.jupiter.api.Test;

/** A reused context always carries the values asked for: every field tells two contexts apart. */
class ContextCacheTest {
    private static final int[] ETH0 = {0x0a000001};
    private static final int[] ETH1 = {0x0a000001};

    @Test
    void anEqualContextIsReusedAndEveryFieldTellsContextsApart() {
        ContextCache cache = new ContextCache();
        QueryContext base = cache.get("eth0", ETH0, 1, 2, 67, false, 300);
        assertSame(base, cache.get("eth0", ETH0, 1, 2, 67, false, 300));

        // Each variant is asked for right after the base and hashes to the same entry (source 2 + 8, length
        // 300 + 8), so that a check left out would hand back the base.
        assertEquals(new QueryContext("eth1", ETH0, 1, 2, 67, false, 300), afterBase(cache, "eth1", ETH0, 1, 2, 67, false, 300));
        assertSame(ETH1, afterBase(cache, "eth0", ETH1, 1, 2, 67, false, 300).interfaceAddresses());
        assertEquals(9, afterBase(cache, "eth0", ETH0, 9, 2, 67, false, 300).localAddress());
        assertEquals(10, afterBase(cache, "eth0", ETH0, 1, 10, 67, false, 300).sourceAddress());
        assertEquals(68, afterBase(cache, "eth0", ETH0, 1, 2, 68, false, 300).sourcePort());
        assertEquals(true, afterBase(cache, "eth0", ETH0, 1, 2, 67, true, 300).broadcast());
        assertEquals(308, afterBase(cache, "eth0", ETH0, 1, 2, 67, false, 308).length());
        assertEquals(null, afterBase(cache, null, ETH0, 1, 2, 67, false, 300).interfaceName());
        // and the original values still come back as asked, whatever the variants displaced
        QueryContext again = cache.get("eth0", ETH0, 1, 2, 67, false, 300);
        assertEquals(base, again);
        assertSame(ETH0, again.interfaceAddresses());
    }

    private static QueryContext afterBase(ContextCache cache, String iface, int[] addrs, int local, int source,
                                          int port, boolean broadcast, int length) {
        cache.get("eth0", ETH0, 1, 2, 67, false, 300);
        return cache.get(iface, addrs, local, source, port, broadcast, length);
    }
}
