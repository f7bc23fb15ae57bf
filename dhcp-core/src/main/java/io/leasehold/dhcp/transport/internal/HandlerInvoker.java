package io.leasehold.dhcp.transport.internal;

import io.leasehold.dhcp.transport.InboundPacket;
import io.leasehold.dhcp.transport.PacketHandler;
import io.leasehold.dhcp.transport.Responder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.atomic.LongAdder;

/** Runs a handler so that a failure is counted and logged, never lost, and the packet is always released. */
final class HandlerInvoker {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.transport");

    private HandlerInvoker() {
    }

    static void invoke(PacketHandler handler, InboundPacket packet, Responder responder, LongAdder failures) {
        try {
            handler.handle(packet, responder);
        } catch (Throwable t) {
            failures.increment();
            packet.release();
            LOG.warn("LH_TRANSPORT_HANDLER_FAILED packet from {} failed in processing", packet.sender(), t);
            if (t instanceof Error e && !(t instanceof StackOverflowError)) {
                throw e;
            }
        }
    }
}
