package io.leasehold.dhcp.transport;

import io.leasehold.dhcp.lease.Ipv4;

/**
 * Where a reply goes (RFC 2131 §4.1 and Kea's rules): unicast to an address and port, or a limited broadcast out
 * of the interface the query arrived on.
 *
 * @param address   destination IPv4 address as an int; {@code -1} (255.255.255.255) for broadcast
 * @param port      destination UDP port
 * @param broadcast whether to broadcast on the receiving interface
 */
public record ReplyDestination(int address, int port, boolean broadcast) {

    /** Unicast to {@code address:port}. */
    public static ReplyDestination unicast(int address, int port) {
        return new ReplyDestination(address, port, false);
    }

    /** Broadcast to 255.255.255.255:{@code port} on the receiving interface. */
    public static ReplyDestination broadcast(int port) {
        return new ReplyDestination(-1, port, true);
    }

    @Override
    public String toString() {
        return (broadcast ? "broadcast " : "") + Ipv4.toString(address) + ":" + port;
    }
}
