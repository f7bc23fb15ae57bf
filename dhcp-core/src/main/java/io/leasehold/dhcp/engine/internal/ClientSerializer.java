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

    /** A packet waiting for its client's packet in flight; compared by identity, as each is a distinct arrival. */
    private static final class Waiting<T> {
        final T packet;

        Waiting(T packet) {
            this.packet = packet;
        }
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
     *
     * <p>Each step is one conditional map operation ({@code putIfAbsent}, {@code replace(k, old, new)},
     * {@code remove(k, old)}), retried when another thread changed the client's entry in between; no lambda or
     * holder array per packet.
     */
    @SuppressWarnings("unchecked")
    public void submit(ClientKey client, T packet, Consumer<T> work, Consumer<T> onDropped, UnaryOperator<T> toKeep) {
        Waiting<T> waiting = null;
        while (true) {
            Object v = slots.putIfAbsent(client, IN_FLIGHT);
            if (v == null) {
                break; // this thread serves the client now
            }
            if (waiting == null) {
                waiting = new Waiting<>(toKeep.apply(packet));
            }
            if (slots.replace(client, v, waiting)) {
                if (v != IN_FLIGHT) {
                    onDropped.accept(((Waiting<T>) v).packet); // the client retransmitted: the older one goes
                }
                return; // left for the thread serving the client
            }
        }
        T current = packet;
        while (current != null) {
            try {
                work.accept(current);
            } finally {
                current = next(client);
            }
        }
    }

    /** Ends the client's packet in flight: the packet that waited behind it (now in flight), or null (none). */
    @SuppressWarnings("unchecked")
    private T next(ClientKey client) {
        while (true) {
            Object v = slots.get(client);
            if (v == IN_FLIGHT) {
                if (slots.remove(client, IN_FLIGHT)) {
                    return null;
                }
            } else if (v != null && slots.replace(client, v, IN_FLIGHT)) {
                return ((Waiting<T>) v).packet;
            } else if (v == null) {
                return null; // not ours any more (cannot happen: only the serving thread removes the entry)
            }
        }
    }

    /** Clients currently in flight. */
    public int inFlight() {
        return slots.size();
    }
}
