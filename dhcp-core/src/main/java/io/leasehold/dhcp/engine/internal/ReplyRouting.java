package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.transport.ReplyDestination;

/**
 * Where a reply goes, by RFC 2131 §4.1 and Kea's {@code adjustRemoteAddr} (UDP socket mode):
 * <ol>
 *   <li>relayed (giaddr set): unicast to giaddr at the server port, or at the port from the relay-source-port
 *       sub-option (RFC 8357) when the relay sent one;</li>
 *   <li>ciaddr set: unicast to ciaddr at the client port;</li>
 *   <li>a NAK: broadcast;</li>
 *   <li>otherwise broadcast on the receiving interface (UDP sockets cannot unicast to a client without an address,
 *       so the broadcast flag makes no difference here, as in Kea's {@code udp} mode).</li>
 * </ol>
 * A query that came unicast from an address (INFORM from a configured host) without ciaddr is answered to its
 * source.
 */
public final class ReplyRouting {
    private ReplyRouting() {
    }

    public static ReplyDestination destination(DhcpMessage query, boolean nak, int sourceAddress, int sourcePort,
                                               int serverPort, int clientPort) {
        if (query.giaddr() != 0) {
            int port = serverPort;
            if (sourcePort > 0 && query.hasRelaySubOption(RelayAgentInfo.RELAY_SOURCE_PORT)) {
                port = sourcePort;
            }
            return toRelay(query.giaddr(), port);
        }
        if (query.ciaddr() != 0) {
            return ReplyDestination.unicast(query.ciaddr(), clientPort);
        }
        if (nak) {
            return ReplyDestination.broadcast(clientPort);
        }
        if (sourceAddress != 0) {
            return ReplyDestination.unicast(sourceAddress, sourcePort > 0 ? sourcePort : clientPort);
        }
        return ReplyDestination.broadcast(clientPort);
    }

    /**
     * Each thread's last destination towards a relay: most relayed traffic comes through one or a few relays, and
     * the destination is an immutable record, so the same one serves reply after reply instead of a new one each.
     */
    private static final ThreadLocal<ReplyDestination[]> LAST_RELAY =
            ThreadLocal.withInitial(() -> new ReplyDestination[1]);

    private static ReplyDestination toRelay(int giaddr, int port) {
        ReplyDestination[] last = LAST_RELAY.get();
        ReplyDestination d = last[0];
        if (d == null || d.address() != giaddr || d.port() != port) {
            d = ReplyDestination.unicast(giaddr, port);
            last[0] = d;
        }
        return d;
    }
}
