package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.NetworkSettings;
import io.leasehold.dhcp.config.SharedNetwork;
import io.leasehold.dhcp.config.Subnet4;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code shared-networks}: unique names; their subnets inherit the network's parameters. */
final class SharedNetworkParser {
    private SharedNetworkParser() {
    }

    /** The networks, and every subnet parsed inside them (in file order) for the address plan checks. */
    record Result(List<SharedNetwork> networks, List<SubnetParser.ParsedSubnet> subnets) {
    }

    static Result parse(List<Node> entries, NetworkSettings global, boolean ipUnique, SubnetIds ids,
            ParseContext ctx) throws ConfigException {
        List<SharedNetwork> networks = new ArrayList<>();
        List<SubnetParser.ParsedSubnet> allSubnets = new ArrayList<>();
        Map<String, Node> names = new HashMap<>();
        for (Node entry : entries) {
            MapReader m = MapReader.of(entry, "shared-networks entry");
            Node nameNode = m.require("name");
            String name = Values.string(nameNode).trim();
            if (name.isEmpty()) {
                throw nameNode.error("shared network name must not be empty");
            }
            Node previous = names.putIfAbsent(name, nameNode);
            if (previous != null) {
                throw nameNode.error("duplicate shared network '" + name + "' (first at " + previous.path() + ")");
            }
            NetworkSettings settings = NetworkSettingsParser.parse(m, global, ctx);
            List<Integer> relay = ScopeParser.relay(m);
            Optional<String> iface = ScopeParser.interfaceName(m);
            List<String> classes = ScopeParser.clientClasses(m);
            SubnetParser.Parent parent = new SubnetParser.Parent(Optional.of(name), relay, iface, classes);
            List<SubnetParser.ParsedSubnet> subnets = new ArrayList<>();
            for (Node subnet : m.list("subnet4")) {
                subnets.add(SubnetParser.parse(subnet, settings, parent, ipUnique, ids, ctx));
            }
            SharedNetwork network = new SharedNetwork(name, SubnetParser.subnets(subnets), relay, iface, classes,
                    ScopeParser.requiredClasses(m), OptionDataParser.parse(m, ctx), settings, m.userContext());
            m.finish();
            checkSubnets(network, subnets);
            networks.add(network);
            allSubnets.addAll(subnets);
        }
        return new Result(networks, allSubnets);
    }

    private static void checkSubnets(SharedNetwork network, List<SubnetParser.ParsedSubnet> subnets)
            throws ConfigException {
        String firstInterface = null;
        for (SubnetParser.ParsedSubnet parsed : subnets) {
            SubnetParser.checkInNetwork(parsed, network);
            Subnet4 s = parsed.subnet();
            if (s.interfaceName().isPresent()) {
                if (firstInterface == null) {
                    firstInterface = s.interfaceName().get();
                } else if (!firstInterface.equals(s.interfaceName().get())) {
                    throw parsed.node().members().get("interface").value().error("subnet " + s.prefix()
                            + " is on interface '" + s.interfaceName().get() + "' but another subnet of shared "
                            + "network '" + network.name() + "' is on '" + firstInterface + "'");
                }
            }
        }
    }
}
