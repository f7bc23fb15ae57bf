package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Keys shared by subnets, shared networks and pools: relay, interface and class restrictions. */
final class ScopeParser {
    private ScopeParser() {
    }

    /** {@code relay}: {@code ip-addresses} (list) or the deprecated {@code ip-address}, not both. */
    static List<Integer> relay(MapReader owner) throws ConfigException {
        Node relay = owner.get("relay");
        if (relay == null) {
            return List.of();
        }
        MapReader m = MapReader.of(relay, "relay");
        Node single = m.get("ip-address");
        Node list = m.get("ip-addresses");
        if (single != null && list != null) {
            throw list.error("relay has both ip-address and ip-addresses; use ip-addresses only");
        }
        if (single == null && list == null) {
            throw m.error("relay needs ip-addresses (or the deprecated ip-address)");
        }
        List<Integer> out = new ArrayList<>();
        if (single != null) {
            out.add(Values.ipv4(single));
        } else {
            for (Node element : Values.list(list).elements()) {
                int address = Values.ipv4(element);
                if (out.contains(address)) {
                    throw element.error("duplicate relay address '" + Values.string(element) + "'");
                }
                out.add(address);
            }
        }
        m.finish();
        return out;
    }

    static Optional<String> interfaceName(MapReader owner) throws ConfigException {
        Node n = owner.get("interface");
        if (n == null) {
            return Optional.empty();
        }
        String name = Values.string(n).trim();
        if (name.isEmpty()) {
            throw n.error("interface name must not be empty");
        }
        return Optional.of(name);
    }

    /** Kea 2.2's single {@code client-class}, or Kea 3.0's {@code client-classes} list. */
    static List<String> clientClasses(MapReader owner) throws ConfigException {
        return eitherName(owner, "client-class", "client-classes");
    }

    /** {@code require-client-classes}, or its Kea 3.0 name {@code evaluate-additional-classes}. */
    static List<String> requiredClasses(MapReader owner) throws ConfigException {
        Node old = owner.get("require-client-classes");
        Node renamed = owner.get("evaluate-additional-classes");
        if (old != null && renamed != null) {
            throw renamed.error("require-client-classes and evaluate-additional-classes (its Kea 3.0 name) are both "
                    + "set");
        }
        Node n = old != null ? old : renamed;
        return n == null ? List.of() : nonEmptyNames(n);
    }

    private static List<String> eitherName(MapReader owner, String single, String list) throws ConfigException {
        Node one = owner.get(single);
        Node many = owner.get(list);
        if (one != null && many != null) {
            throw many.error(single + " and " + list + " are both set; use one");
        }
        if (one != null) {
            String name = Values.string(one).trim();
            return name.isEmpty() ? List.of() : List.of(name);
        }
        return many == null ? List.of() : nonEmptyNames(many);
    }

    private static List<String> nonEmptyNames(Node n) throws ConfigException {
        List<String> names = Values.stringList(n);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).trim().isEmpty()) {
                throw Values.list(n).elements().get(i).error("client class name must not be empty");
            }
        }
        return names;
    }
}
