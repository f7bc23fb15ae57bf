package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.engine.QueryContext;

import java.util.Objects;

/**
 * A worker thread's recent query contexts. Queries from one relay or interface repeat the same few lengths, and a
 * context is immutable, so an equal one is handed out again rather than made per packet. Eight entries, indexed by
 * length and source; a miss replaces the entry. Not thread-safe: one per thread.
 */
final class ContextCache {
    private final QueryContext[] entries = new QueryContext[8];

    /** A context with exactly these values; the interface address array is compared by identity. */
    QueryContext get(String iface, int[] ifAddrs, int local, int source, int port, boolean broadcast, int length) {
        int i = (length * 31 + source) & (entries.length - 1);
        QueryContext c = entries[i];
        if (c != null && c.length() == length && c.sourceAddress() == source && c.localAddress() == local
                && c.sourcePort() == port && c.broadcast() == broadcast && c.interfaceAddresses() == ifAddrs
                && Objects.equals(c.interfaceName(), iface)) {
            return c;
        }
        c = new QueryContext(iface, ifAddrs, local, source, port, broadcast, length);
        entries[i] = c;
        return c;
    }
}
