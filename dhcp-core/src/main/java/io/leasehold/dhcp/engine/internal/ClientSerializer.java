package io.leasehold.dhcp.engine.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * Kea's per-client serialisation under multi-threading: packets of one client are never processed in parallel. A
 * packet arriving while another of the same client is in flight waits as that client's "next" packet and is
 * processed by the thread finishing the first; if a "next" packet was already waiting, the older one is dropped
 * (Kea's DHCP4_PACKET_DROP_0011/0012), since the client has retransmitted.
 *
 * @param <T> the packet type
 */
public final class ClientSerializer<T> {
    private static final Object IN_FLIGHT = new Object();
    private final ConcurrentHashMap<ClientKey, Object> slots = new ConcurrentHashMap<>();

    private record Waiting<T>(T packet) {
    }

    /**
     * Runs {@code work} for {@code packet} now, or leaves it for the thread already serving this client.
     *
     * @param onDropped receives a waiting packet superseded by a newer one
     */
    public void submit(ClientKey client, T packet, Consumer<T> work, Consumer<T> onDropped) {
        submit(client, packet, work, onDropped, UnaryOperator.identity());
    }

    /**
     * As {@link #submit(ClientKey, Object, Consumer, Consumer)}, storing {@code toKeep.apply(packet)} rather than the
     * packet itself when it has to wait: for a packet whose contents are only valid until its thread's next one.
     */
    @SuppressWarnings("unchecked")
    public void submit(ClientKey client, T packet, Consumer<T> work, Consumer<T> onDropped, UnaryOperator<T> toKeep) {
        boolean[] mine = {false};
        Object[] superseded = {null};
        slots.compute(client, (k, v) -> {
            if (v == null) {
                mine[0] = true;
                return IN_FLIGHT;
            }
            if (v != IN_FLIGHT) {
                superseded[0] = v;
            }
            return new Waiting<>(toKeep.apply(packet));
        });
        if (superseded[0] != null) {
            onDropped.accept(((Waiting<T>) superseded[0]).packet);
        }
        if (!mine[0]) {
            return;
        }
        T current = packet;
        while (current != null) {
            try {
                work.accept(current);
            } finally {
                Object[] next = {null};
                slots.computeIfPresent(client, (k, v) -> {
                    if (v == IN_FLIGHT) {
                        return null;
                    }
                    next[0] = v;
                    return IN_FLIGHT;
                });
                current = next[0] == null ? null : ((Waiting<T>) next[0]).packet;
            }
        }
    }

    /** Clients currently in flight. */
    public int inFlight() {
        return slots.size();
    }
}
