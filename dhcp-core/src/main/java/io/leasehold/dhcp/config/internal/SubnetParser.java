package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.Ipv4Prefix;
import io.leasehold.dhcp.config.NetworkSettings;
import io.leasehold.dhcp.config.Pool4;
import io.leasehold.dhcp.config.SharedNetwork;
import io.leasehold.dhcp.config.Subnet4;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One {@code subnet4} entry, top-level or inside a shared network. */
final class SubnetParser {
    private SubnetParser() {
    }

    /** A parsed subnet with the nodes later checks point at. */
    record ParsedSubnet(Subnet4 subnet, Node.Obj node, Node idNode, Node prefixNode,
            List<PoolParser.ParsedPool> pools) {
    }

    /** The parts of the enclosing shared network a subnet inherits (empty for top-level subnets). */
    record Parent(Optional<String> name, List<Integer> relay, Optional<String> interfaceName,
            List<String> clientClasses) {
        static final Parent NONE = new Parent(Optional.empty(), List.of(), Optional.empty(), List.of());
    }

    static ParsedSubnet parse(Node entry, NetworkSettings parentSettings, Parent parent, boolean ipUnique,
            SubnetIds ids, ParseContext ctx) throws ConfigException {
        MapReader m = MapReader.of(entry, "subnet4 entry");
        Node prefixNode = m.require("subnet");
        Ipv4Prefix prefix = PoolParser.prefix(prefixNode, Values.string(prefixNode).trim(), ctx);
        Node idNode = m.get("id");
        long id = idNode == null ? 0 : Values.integer(idNode, 0, SubnetIds.MAX_ID);
        if (id == 0) {
            id = ids.next(m.node());
        }
        for (String key : new String[] {"4o6-interface", "4o6-interface-id", "4o6-subnet"}) {
            Node n = m.get(key);
            if (n != null && !Values.string(n).isEmpty()) {
                throw n.error("DHCPv4-over-DHCPv6 (" + key + ") is not supported by Leasehold");
            }
        }
        NetworkSettings settings = NetworkSettingsParser.parse(m, parentSettings, ctx);
        List<PoolParser.ParsedPool> pools = PoolParser.parse(m, prefix, ctx);
        List<Pool4> poolList = new ArrayList<>();
        for (PoolParser.ParsedPool p : pools) {
            poolList.add(p.pool());
        }
        List<Integer> relay = ScopeParser.relay(m);
        Optional<String> iface = ScopeParser.interfaceName(m);
        List<String> classes = ScopeParser.clientClasses(m);
        Subnet4 subnet = new Subnet4(id, prefix, poolList,
                ReservationParser.parse(m, Optional.of(prefix), ipUnique, ctx),
                relay.isEmpty() ? parent.relay() : relay,
                iface.isPresent() ? iface : parent.interfaceName(),
                classes.isEmpty() ? parent.clientClasses() : classes,
                ScopeParser.requiredClasses(m), OptionDataParser.parse(m, ctx), settings, parent.name(),
                m.userContext());
        m.finish();
        return new ParsedSubnet(subnet, m.node(), idNode, prefixNode, pools);
    }

    /** Helper for shared networks: the subnets of a parsed network, in order. */
    static List<Subnet4> subnets(List<ParsedSubnet> parsed) {
        List<Subnet4> out = new ArrayList<>();
        for (ParsedSubnet p : parsed) {
            out.add(p.subnet());
        }
        return out;
    }

    /** The network a subnet belongs to must be consistent with it, as Kea requires. */
    static void checkInNetwork(ParsedSubnet parsed, SharedNetwork network) throws ConfigException {
        Subnet4 s = parsed.subnet();
        if (s.settings().authoritative() != network.settings().authoritative()) {
            Node.Member at = parsed.node().members().get("authoritative");
            throw (at != null ? at.value() : parsed.node()).error("subnet " + s.prefix() + " has authoritative "
                    + s.settings().authoritative() + " but its shared network '" + network.name() + "' has "
                    + network.settings().authoritative());
        }
        Node.Member iface = parsed.node().members().get("interface");
        if (iface != null && network.interfaceName().isPresent()
                && !network.interfaceName().get().equals(s.interfaceName().orElse(""))) {
            throw iface.value().error("subnet " + s.prefix() + " has interface '" + s.interfaceName().orElse("")
                    + "' but its shared network '" + network.name() + "' is on '" + network.interfaceName().get()
                    + "'");
        }
    }
}
