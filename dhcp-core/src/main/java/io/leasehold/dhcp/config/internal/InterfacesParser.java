package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.InterfacesConfig;
import io.leasehold.dhcp.config.InterfacesConfig.InterfaceSpec;
import io.leasehold.dhcp.config.InterfacesConfig.OutboundInterface;
import io.leasehold.dhcp.config.InterfacesConfig.SocketType;
import io.leasehold.dhcp.lease.Ipv4;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;

/**
 * {@code interfaces-config}. Interface names are not checked against the system here (the transport binds them);
 * entries are {@code name}, {@code name/address} or {@code *}, each interface at most once.
 */
final class InterfacesParser {
    private static final Map<String, SocketType> SOCKET_TYPES = Choices.of(SocketType.class, SocketType::keaName);
    private static final Map<String, OutboundInterface> OUTBOUND = Choices.of(OutboundInterface.class,
            OutboundInterface::keaName);

    private InterfacesParser() {
    }

    static InterfacesConfig parse(Node node) throws ConfigException {
        MapReader m = MapReader.of(node, "interfaces-config");
        List<InterfaceSpec> interfaces = new ArrayList<>();
        Map<String, Node> seen = new HashMap<>();
        for (Node element : m.list("interfaces")) {
            InterfaceSpec spec = parseSpec(element);
            Node previous = seen.putIfAbsent(spec.name(), element);
            if (previous != null) {
                throw element.error("interface '" + spec.name() + "' is already specified (at "
                        + previous.location().position() + ")");
            }
            interfaces.add(spec);
        }
        InterfacesConfig d = InterfacesConfig.DEFAULTS;
        InterfacesConfig config = new InterfacesConfig(interfaces,
                m.choice("dhcp-socket-type", d.socketType(), SOCKET_TYPES),
                m.choice("outbound-interface", d.outboundInterface(), OUTBOUND),
                m.bool("re-detect", d.reDetect()),
                m.bool("service-sockets-require-all", d.serviceSocketsRequireAll()),
                m.uint32("service-sockets-retry-wait-time", d.serviceSocketsRetryWaitTime()),
                m.uint32("service-sockets-max-retries", d.serviceSocketsMaxRetries()),
                m.userContext());
        m.finish();
        return config;
    }

    private static InterfaceSpec parseSpec(Node element) throws ConfigException {
        String text = Values.string(element).trim();
        if (text.isEmpty()) {
            throw element.error("empty interface name");
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            checkName(element, text);
            return new InterfaceSpec(text, OptionalInt.empty());
        }
        String name = text.substring(0, slash).trim();
        String address = text.substring(slash + 1).trim();
        checkName(element, name);
        if (name.equals("*")) {
            throw element.error("'*' cannot be combined with an address");
        }
        try {
            return new InterfaceSpec(name, OptionalInt.of(Ipv4.parse(address)));
        } catch (IllegalArgumentException e) {
            throw element.error("address '" + address + "' of interface '" + name + "' is not a valid IPv4 address");
        }
    }

    private static void checkName(Node element, String name) throws ConfigException {
        if (name.isEmpty()) {
            throw element.error("empty interface name");
        }
        // Linux interface names: at most 15 bytes, no '/', no white space.
        if (!name.equals("*") && (name.length() > 15 || name.chars().anyMatch(Character::isWhitespace))) {
            throw element.error("'" + name + "' is not a valid interface name");
        }
    }
}
