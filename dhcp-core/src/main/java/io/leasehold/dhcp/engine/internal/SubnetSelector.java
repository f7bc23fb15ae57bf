package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.RelayAgentInfo;
import io.leasehold.dhcp.engine.QueryContext;

import java.util.List;
import java.util.function.Predicate;

/**
 * Kea's DHCPv4 subnet selection ({@code CfgSubnets4::selectSubnet}). In order:
 * <ol>
 *   <li>relay agent link-selection (82.5), else subnet-selection (118): the subnet containing that address;</li>
 *   <li>giaddr set: the first subnet whose relay addresses (or its shared network's) include giaddr; otherwise the
 *       subnet containing giaddr;</li>
 *   <li>otherwise ciaddr, else the source address (when the query was not a broadcast); else, for broadcasts, the
 *       subnet bound to the receiving interface, else the subnet containing one of the interface's addresses.</li>
 * </ol>
 * Scans go in ascending subnet-id order and skip subnets the client's classes may not use.
 */
final class SubnetSelector {
    private final List<SubnetRuntime> byId;

    /** {@link #byId} as an array: the loops over it run for every query and an array needs no iterator. */
    private final SubnetRuntime[] subnets;

    SubnetSelector(List<SubnetRuntime> byId) {
        this.byId = byId;
        this.subnets = byId.toArray(new SubnetRuntime[0]);
    }

    SubnetRuntime select(DhcpMessage q, QueryContext ctx, Predicate<String> memberOf) {
        // Read in place, without a RelayAgentInfo or an OptionalInt (both options are exactly 4 bytes once decoded).
        if (q.hasRelaySubOption(RelayAgentInfo.LINK_SELECTION)) {
            return containing(q.relaySubOptionAddress(RelayAgentInfo.LINK_SELECTION, 0), memberOf);
        }
        if (q.hasOption(118)) {
            return containing(q.addressOption(118, 0), memberOf);
        }
        if (q.giaddr() != 0) {
            for (SubnetRuntime s : subnets) {
                if (s.subnet().relayAddresses().contains(q.giaddr()) && s.allows(memberOf)) {
                    return s;
                }
            }
            return containing(q.giaddr(), memberOf);
        }
        if (!ctx.broadcast()) {
            if (q.ciaddr() != 0) {
                return containing(q.ciaddr(), memberOf);
            }
            if (ctx.sourceAddress() != 0) {
                return containing(ctx.sourceAddress(), memberOf);
            }
        }
        if (ctx.interfaceName() != null) {
            for (SubnetRuntime s : subnets) {
                if (s.subnet().interfaceName().map(ctx.interfaceName()::equals).orElse(false) && s.allows(memberOf)) {
                    return s;
                }
            }
        }
        for (int a : ctx.interfaceAddresses()) {
            SubnetRuntime s = containing(a, memberOf);
            if (s != null) {
                return s;
            }
        }
        if (ctx.broadcast() && q.ciaddr() != 0) {
            return containing(q.ciaddr(), memberOf);
        }
        return null;
    }

    SubnetRuntime containing(int address, Predicate<String> memberOf) {
        for (SubnetRuntime s : subnets) {
            if (s.subnet().contains(address) && s.allows(memberOf)) {
                return s;
            }
        }
        return null;
    }
}
