package io.leasehold.dhcp.transport;


/**
 * Hands received packets from the I/O thread to the {@link PacketHandler}: either on the I/O thread itself
 * ({@code enable-multi-threading: false}) or through a bounded queue to a pool of workers.
 */
public interface PacketDispatcher extends AutoCloseable {

    /** Called by the I/O thread for every received packet. Never blocks. */
    void dispatch(InboundPacket packet, Responder responder);

    /**
     * {@link #dispatch(InboundPacket, Responder)} told whether the I/O thread has time to run this packet itself (it
     * spent less than half of the last couple of milliseconds doing so). A worker pool may then run it on the I/O
     * thread when every worker is idle and nothing is queued: at low and moderate load a hand-off would only add a
     * wake-up and two context switches. Under load the workers are busy or the thread's time is used up, everything
     * goes through the queue, and the I/O thread keeps reading, so overload still ends in the queue's drop-oldest
     * policy. The default ignores the hint.
     */
    default void dispatch(InboundPacket packet, Responder responder, boolean mayRunInline) {
        dispatch(packet, responder);
    }

    /**
     * Packets the I/O thread ran itself: because the workers were idle, or because the queue was full of packets too
     * fresh to drop (a burst after a pause; 0 unless a worker pool inlines).
     */
    default long inlineRuns() {
        return 0;
    }

    /** Packets dropped because the queue was full (the oldest queued packet, once it is stale, is the one dropped). */
    long queueFullDrops();

    /** Packets whose handler threw; each is logged and released. */
    long handlerFailures();

    /** Packets currently waiting in the queue (0 for the inline dispatcher). */
    int queueDepth();

    /** Stops the workers after the packets in hand; queued packets are released. Idempotent. */
    @Override
    void close();
}
