package io.leasehold.dhcp.transport;

import java.util.List;

/**
 * One socket the transport listens on.
 *
 * @param index         dense index, as carried in {@link InboundPacket#interfaceIndex()}
 * @param interfaceName the interface it is pinned to, or {@code null} for the relay (unpinned) socket
 * @param addresses     the interface's IPv4 addresses as ints (first = the one Kea would use as server identifier);
 *                      for the relay socket its bind address (0 for any)
 */
public record ListenerInfo(int index, String interfaceName, List<Integer> addresses) {
    public ListenerInfo {
        addresses = List.copyOf(addresses);
    }

    /** The first IPv4 address, or 0 when there is none. */
    public int primaryAddress() {
        return addresses.isEmpty() ? 0 : addresses.get(0);
    }
}
