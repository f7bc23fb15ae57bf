package io.leasehold.dhcp.transport.internal;

import io.leasehold.dhcp.transport.InboundPacket;
import io.leasehold.dhcp.transport.PacketDispatcher;
import io.leasehold.dhcp.transport.PacketHandler;
import io.leasehold.dhcp.transport.Responder;

import java.util.concurrent.atomic.LongAdder;

/** Single-threaded mode: the I/O thread runs the handler. */
public final class InlineDispatcher implements PacketDispatcher {
    private final PacketHandler handler;
    private final LongAdder failures = new LongAdder();

    public InlineDispatcher(PacketHandler handler) {
        this.handler = handler;
    }

    @Override
    public void dispatch(InboundPacket packet, Responder responder) {
        HandlerInvoker.invoke(handler, packet, responder, failures);
    }

    @Override
    public long queueFullDrops() {
        return 0;
    }

    @Override
    public long handlerFailures() {
        return failures.sum();
    }

    @Override
    public int queueDepth() {
        return 0;
    }

    @Override
    public void close() {
    }
}
