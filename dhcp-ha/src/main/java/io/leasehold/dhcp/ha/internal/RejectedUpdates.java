package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.lease.Lease4;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Clients whose lease updates the partner rejected with result 4 (conflict), as Kea 2.4+ counts them: one entry per
 * client (hardware address + client identifier), forgotten after 24 hours or when a later update for that client
 * succeeds. Bounded to {@link #MAX_TRACKED} entries (the oldest go first).
 */
final class RejectedUpdates {
    static final int MAX_TRACKED = 65_536;
    static final long LIFETIME_NANOS = 24L * 3600 * 1_000_000_000L;

    private final Map<String, Long> expiry = new LinkedHashMap<>();

    synchronized void record(Lease4 lease, long nowNanos) {
        String k = key(lease);
        expiry.remove(k);
        expiry.put(k, nowNanos + LIFETIME_NANOS);
        if (expiry.size() > MAX_TRACKED) {
            Iterator<String> it = expiry.keySet().iterator();
            it.next();
            it.remove();
        }
    }

    synchronized void succeeded(Lease4 lease) {
        if (!expiry.isEmpty()) {
            expiry.remove(key(lease));
        }
    }

    /** Distinct clients with a rejected update in the last 24 hours. */
    synchronized int count(long nowNanos) {
        expiry.values().removeIf(e -> e - nowNanos <= 0);
        return expiry.size();
    }

    synchronized void clear() {
        expiry.clear();
    }

    private static String key(Lease4 l) {
        return (l.hardwareAddress() == null ? "" : l.hardwareAddress().toString()) + "|"
                + (l.clientId() == null ? "" : l.clientId().toString());
    }
}
