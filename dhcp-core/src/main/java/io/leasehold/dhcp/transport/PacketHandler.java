package io.leasehold.dhcp.transport;

/**
 * What the transport hands received packets to: in Leasehold, the DHCPv4 engine. Called on a worker thread (or the
 * I/O thread when multi-threading is off). The handler must release the packet (see {@link InboundPacket}).
 */
@FunctionalInterface
public interface PacketHandler {
    void handle(InboundPacket packet, Responder responder);
}
