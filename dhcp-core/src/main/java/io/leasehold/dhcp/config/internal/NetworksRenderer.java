package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.Allocator;
import io.leasehold.dhcp.config.DdnsSettings;
import io.leasehold.dhcp.config.HostIdentifierType;
import io.leasehold.dhcp.config.Lifetime;
import io.leasehold.dhcp.config.NetworkSettings;
import io.leasehold.dhcp.config.Pool4;
import io.leasehold.dhcp.config.Reservation;
import io.leasehold.dhcp.config.SharedNetwork;
import io.leasehold.dhcp.config.Subnet4;
import io.leasehold.dhcp.lease.Ipv4;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * config-get's networks: the inheritable parameters of each level, shared-networks, subnet4, pools and
 * reservations, as Kea 2.2's toElement prints them.
 */
final class NetworksRenderer {
    private NetworksRenderer() {
    }

    /**
     * The inheritable parameters of one level. Globally ({@code parent} null) all of them, with Kea's defaults. In a
     * shared network or subnet, those Kea 2.2 derives from the parent (INHERIT_TO_SUBNET4: lifetimes, timers, T1/T2,
     * store-extended-info, cache-threshold, cache-max-age) always, the others when they differ from the parent's
     * (Kea prints what the input set at that level).
     */
    static void settings(Map<String, Object> m, NetworkSettings s, NetworkSettings parent) {
        Lifetime l = s.lifetime();
        m.put("valid-lifetime", l.valid());
        if (parent != null || l.min() != l.valid() || l.max() != l.valid()) {
            m.put("min-valid-lifetime", l.min());
            m.put("max-valid-lifetime", l.max());
        }
        s.renewTimer().ifPresent(v -> m.put("renew-timer", v));
        s.rebindTimer().ifPresent(v -> m.put("rebind-timer", v));
        m.put("calculate-tee-times", s.calculateTeeTimes());
        m.put("t1-percent", s.t1Percent());
        m.put("t2-percent", s.t2Percent());
        m.put("store-extended-info", s.storeExtendedInfo());
        put(m, "match-client-id", s, parent, NetworkSettings::matchClientId);
        put(m, "authoritative", s, parent, NetworkSettings::authoritative);
        put(m, "next-server", s, parent, n -> Ipv4.toString(n.nextServer()));
        put(m, "server-hostname", s, parent, NetworkSettings::serverHostname);
        put(m, "boot-file-name", s, parent, NetworkSettings::bootFileName);
        put(m, "reservations-global", s, parent, NetworkSettings::reservationsGlobal);
        put(m, "reservations-in-subnet", s, parent, NetworkSettings::reservationsInSubnet);
        put(m, "reservations-out-of-pool", s, parent, NetworkSettings::reservationsOutOfPool);
        put(m, "hostname-char-set", s, parent, NetworkSettings::hostnameCharSet);
        put(m, "hostname-char-replacement", s, parent, NetworkSettings::hostnameCharReplacement);
        // inherited as Kea's INHERIT_TO_SUBNET4 lists them: shown wherever they apply
        s.cacheThreshold().ifPresent(v -> m.put("cache-threshold", v));
        s.cacheMaxAge().ifPresent(v -> m.put("cache-max-age", v));
        if (s.allocator() != Allocator.ITERATIVE) { // a Kea 2.4 key: only when not the default iterative one
            m.put("allocator", s.allocator().keaName());
        }
        ddns(m, s.ddns(), parent == null ? null : parent.ddns());
    }

    private static void ddns(Map<String, Object> m, DdnsSettings d, DdnsSettings parent) {
        put(m, "ddns-send-updates", d, parent, DdnsSettings::sendUpdates);
        put(m, "ddns-override-no-update", d, parent, DdnsSettings::overrideNoUpdate);
        put(m, "ddns-override-client-update", d, parent, DdnsSettings::overrideClientUpdate);
        put(m, "ddns-replace-client-name", d, parent, DdnsSettings::replaceClientName);
        put(m, "ddns-generated-prefix", d, parent, DdnsSettings::generatedPrefix);
        put(m, "ddns-qualifying-suffix", d, parent, DdnsSettings::qualifyingSuffix);
        put(m, "ddns-update-on-renew", d, parent, DdnsSettings::updateOnRenew);
        put(m, "ddns-use-conflict-resolution", d, parent, DdnsSettings::useConflictResolution);
        // Kea 2.4+ keys: only when not what the parent (globally: the default) has
        DdnsSettings base = parent == null ? DdnsSettings.DEFAULTS : parent;
        if (!d.conflictResolutionMode().equals(base.conflictResolutionMode())) {
            m.put("ddns-conflict-resolution-mode", d.conflictResolutionMode());
        }
        if (d.ttlPercent().isPresent() && !d.ttlPercent().equals(base.ttlPercent())) {
            m.put("ddns-ttl-percent", d.ttlPercent().getAsDouble());
        }
    }

    private static <T> void put(Map<String, Object> m, String key, T level, T parent, Function<T, Object> value) {
        Object v = value.apply(level);
        if (parent == null || !Objects.equals(v, value.apply(parent))) {
            m.put(key, v);
        }
    }

    static List<Object> sharedNetworks(List<SharedNetwork> networks, NetworkSettings global) {
        List<Object> out = new ArrayList<>();
        for (SharedNetwork n : networks) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", n.name());
            scope(m, n.interfaceName(), n.clientClasses(), n.requireClientClasses(), n.relayAddresses());
            m.put("option-data", OptionsRenderer.optionData(n.optionData()));
            settings(m, n.settings(), global);
            m.put("subnet4", subnets(n.subnets(), n.settings()));
            ConfigRenderer.userContext(m, n.userContext());
            out.add(m);
        }
        return out;
    }

    /** Subnets with Kea's subnet defaults (the 4o6 keys, relay, pools' and reservations' lists). */
    static List<Object> subnets(List<Subnet4> subnets, NetworkSettings parent) {
        List<Object> out = new ArrayList<>();
        for (Subnet4 s : subnets) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("id", s.id());
            m.put("subnet", s.prefix().toString());
            m.put("4o6-interface", "");
            m.put("4o6-interface-id", "");
            m.put("4o6-subnet", "");
            scope(m, s.interfaceName(), s.clientClasses(), s.requireClientClasses(), s.relayAddresses());
            m.put("option-data", OptionsRenderer.optionData(s.optionData()));
            m.put("pools", pools(s.pools()));
            m.put("reservations", reservations(s.reservations()));
            settings(m, s.settings(), parent);
            ConfigRenderer.userContext(m, s.userContext());
            out.add(m);
        }
        return out;
    }

    private static void scope(Map<String, Object> m, Optional<String> iface, List<String> classes,
            List<String> required, List<Integer> relays) {
        iface.ifPresent(i -> m.put("interface", i));
        classes(m, classes, required);
        List<Object> addresses = new ArrayList<>();
        for (int a : relays) {
            addresses.add(Ipv4.toString(a));
        }
        Map<String, Object> relay = new LinkedHashMap<>();
        relay.put("ip-addresses", addresses);
        m.put("relay", relay);
    }

    /** Kea 2.2's single {@code client-class}; Kea 3.0's {@code client-classes} list when there are several. */
    private static void classes(Map<String, Object> m, List<String> classes, List<String> required) {
        if (classes.size() == 1) {
            m.put("client-class", classes.get(0));
        } else if (!classes.isEmpty()) {
            m.put("client-classes", new ArrayList<Object>(classes));
        }
        if (!required.isEmpty()) {
            m.put("require-client-classes", new ArrayList<Object>(required));
        }
    }

    /** As Kea's Pool::toElement: a range that is a prefix is printed as the prefix. */
    static List<Object> pools(List<Pool4> pools) {
        List<Object> out = new ArrayList<>();
        for (Pool4 p : pools) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("pool", poolText(p));
            m.put("option-data", OptionsRenderer.optionData(p.optionData()));
            classes(m, p.clientClasses(), p.requireClientClasses());
            ConfigRenderer.userContext(m, p.userContext());
            out.add(m);
        }
        return out;
    }

    static String poolText(Pool4 p) {
        long first = Ipv4.toUnsigned(p.first());
        long last = Ipv4.toUnsigned(p.last());
        long size = last - first + 1;
        if (Long.bitCount(size) == 1 && (first & (size - 1)) == 0) {
            return Ipv4.toString(p.first()) + "/" + (32 - Long.numberOfTrailingZeros(size));
        }
        return p.rangeText();
    }

    /** As Kea's Host::toElement4: the identifier, ip-address unless none, and the per-host defaults. */
    static List<Object> reservations(List<Reservation> reservations) {
        List<Object> out = new ArrayList<>();
        for (Reservation r : reservations) {
            Map<String, Object> m = new LinkedHashMap<>();
            HostIdentifierType type = r.identifier().type();
            m.put(type.keaName(), type == HostIdentifierType.HW_ADDRESS || type == HostIdentifierType.DUID
                    ? r.identifier().hex()
                    : HexFormat.of().withUpperCase().formatHex(r.identifier().toByteArray()));
            r.ipAddress().ifPresent(a -> m.put("ip-address", Ipv4.toString(a)));
            m.put("hostname", r.hostname());
            m.put("next-server", Ipv4.toString(r.nextServer()));
            m.put("server-hostname", r.serverHostname());
            m.put("boot-file-name", r.bootFileName());
            m.put("client-classes", new ArrayList<Object>(r.clientClasses()));
            m.put("option-data", OptionsRenderer.optionData(r.optionData()));
            ConfigRenderer.userContext(m, r.userContext());
            out.add(m);
        }
        return out;
    }
}
