package io.leasehold.dhcp.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.transport.ReplyDestination;
import org.junit.jupiter.api.Test;

/** Replies to relayed queries: to the relay's port 67, or its source port with sub-option 19; one object reused. */
class ReplyRoutingTest {
    private static DhcpMessage relayed(String giaddr, boolean sourcePort) {
        DhcpMessage.Builder b = DhcpMessage.builder().messageType(DhcpMessageType.DISCOVER).giaddr(Ipv4.parse(giaddr));
        if (sourcePort) {
            b.relayAgentInfo(RelayAgentInfo.builder().relaySourcePort().build());
        }
        return b.build();
    }

    private static ReplyDestination route(DhcpMessage q, int sourcePort) {
        return ReplyRouting.destination(q, false, Ipv4.parse("10.9.9.9"), sourcePort, 67, 68);
    }

    @Test
    void relayedRepliesGoToTheRelayAndReuseTheLastDestinationOnlyWhenItIsTheSame() {
        ReplyDestination first = route(relayed("10.0.0.1", false), 67);
        assertEquals(ReplyDestination.unicast(Ipv4.parse("10.0.0.1"), 67), first);
        assertSame(first, route(relayed("10.0.0.1", false), 67), "the same relay and port: the same object");
        assertEquals(ReplyDestination.unicast(Ipv4.parse("10.0.0.2"), 67), route(relayed("10.0.0.2", false), 67));
        assertEquals(ReplyDestination.unicast(Ipv4.parse("10.0.0.2"), 4067), route(relayed("10.0.0.2", true), 4067),
                "relay source port (RFC 8357): back to the port the relay sent from");
        assertEquals(ReplyDestination.unicast(Ipv4.parse("10.0.0.2"), 67), route(relayed("10.0.0.2", false), 4067));
        assertEquals(ReplyDestination.unicast(Ipv4.parse("10.0.0.1"), 67), route(relayed("10.0.0.1", false), 67));
    }
}
