package io.leasehold.dhcp.transport;

import io.leasehold.dhcp.transport.internal.InlineDispatcher;
import io.leasehold.dhcp.transport.internal.QueueDispatcher;

/**
 * The {@link PacketDispatcher}s Leasehold ships: inline on the I/O thread, or Kea's worker queue. Kept apart from
 * the interface so that the interface does not know its implementations.
 */
public final class PacketDispatchers {
    private PacketDispatchers() {
    }

    /** Runs the handler on the calling (I/O) thread. */
    public static PacketDispatcher inline(PacketHandler handler) {
        return new InlineDispatcher(handler);
    }

    /**
     * A shared bounded FIFO queue of {@code queueSize} packets served by {@code threads} workers, as Kea's
     * multi-threading does: when the queue is full the oldest queued packet is dropped so that fresh packets win.
     *
     * @param threads   worker count; {@code 0} means one per available processor (Kea's default)
     * @param queueSize queue capacity; {@code 0} (Kea: unbounded) is bounded at {@value QueueDispatcher#UNBOUNDED_CAP}
     */
    public static PacketDispatcher workers(PacketHandler handler, int threads, int queueSize, String threadNamePrefix) {
        return new QueueDispatcher(handler, threads, queueSize, threadNamePrefix);
    }
}
