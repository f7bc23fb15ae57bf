package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ClientClass;
import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.ControlSocket;
import io.leasehold.dhcp.config.ExpiredLeasesProcessing;
import io.leasehold.dhcp.config.HaRelationship;
import io.leasehold.dhcp.config.HookLibrary;
import io.leasehold.dhcp.config.InterfacesConfig;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.config.LeaseDatabase;
import io.leasehold.dhcp.config.MultiThreading;
import io.leasehold.dhcp.config.NetworkSettings;
import io.leasehold.dhcp.config.OptionData;
import io.leasehold.dhcp.config.OptionDefinitions;
import io.leasehold.dhcp.config.Reservation;
import io.leasehold.dhcp.config.ServerSettings;
import io.leasehold.dhcp.config.SharedNetwork;
import io.leasehold.dhcp.config.Subnet4;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** The {@code Dhcp4} map: reads each section with its parser, then checks the address plan across subnets. */
final class Dhcp4Parser {
    private Dhcp4Parser() {
    }

    static KeaConfig parse(Node dhcp4, ParseContext ctx) throws ConfigException {
        MapReader m = MapReader.of(dhcp4, "Dhcp4");
        declareUnsupported(m);
        ctx.definitions = OptionDefinitions.withCustom(OptionDefParser.parse(m.list("option-def")));
        NetworkSettings settings = NetworkSettingsParser.parse(m, NetworkSettings.DEFAULTS, ctx);
        ServerSettings server = ServerSettingsParser.parse(m);
        Node interfacesNode = m.get("interfaces-config");
        InterfacesConfig interfaces = interfacesNode == null ? InterfacesConfig.DEFAULTS
                : InterfacesParser.parse(interfacesNode);
        List<ControlSocket> control = ControlSocketParser.parse(m, ctx);
        Node leaseNode = m.get("lease-database");
        LeaseDatabase leaseDatabase = leaseNode == null ? LeaseDatabase.DEFAULTS : LeaseDatabaseParser.parse(leaseNode);
        Node mtNode = m.get("multi-threading");
        MultiThreading multiThreading = mtNode == null ? MultiThreading.DEFAULTS
                : ServiceSectionsParser.multiThreading(mtNode);
        Node expiredNode = m.get("expired-leases-processing");
        ExpiredLeasesProcessing expired = expiredNode == null ? ExpiredLeasesProcessing.DEFAULTS
                : ServiceSectionsParser.expiredLeases(expiredNode);
        List<OptionData> optionData = OptionDataParser.parse(m, ctx);
        List<ClientClass> classes = ClientClassParser.parse(m.list("client-classes"), ctx);
        List<HookLibrary> hooks = HooksParser.parse(m.list("hooks-libraries"), ctx);
        List<HaRelationship> ha = haOf(hooks);
        if (!ctx.overrides.isEmpty() && ha.isEmpty()) {
            throw m.error("a this-server-name override was given, but the configuration loads no libdhcp_ha.so");
        }
        List<Reservation> reservations = ReservationParser.parse(m, Optional.empty(), server.ipReservationsUnique(),
                ctx);
        List<SharedNetwork> networks = new ArrayList<>();
        List<SubnetParser.ParsedSubnet> parsed = parseSubnets(m, settings, server, networks, ctx);
        AddressPlanValidator.validate(parsed);
        List<Subnet4> subnets = new ArrayList<>();
        for (SubnetParser.ParsedSubnet p : parsed) {
            subnets.add(p.subnet());
        }
        subnets.sort(Comparator.comparingLong(Subnet4::id));
        checkHaScopes(parsed, networks, ha, ctx);
        KeaConfig config = new KeaConfig(ctx.source, interfaces, control, leaseDatabase, multiThreading, expired,
                server, settings, optionData, ctx.definitions, classes, hooks, networks, subnets, reservations,
                LoggersParser.parse(m.list("loggers")), m.userContext(), ctx.warnings);
        m.finish();
        return config;
    }

    private static void declareUnsupported(MapReader m) {
        m.unsupported("hosts-database", "host reservations are read from the configuration only");
        m.unsupported("hosts-databases", "host reservations are read from the configuration only");
        m.unsupported("config-control", "the configuration backend is not implemented");
        m.unsupported("stash-agent-options", "not implemented");
        m.unsupported("offer-lifetime", "offer lifetimes (Kea 2.6) are not implemented");
        m.unsupported("ddns-ttl", "not implemented");
        m.unsupported("ddns-ttl-min", "not implemented");
        m.unsupported("ddns-ttl-max", "not implemented");
    }

    /** Subnets in file order: the top-level list and the shared networks, whichever key comes first. */
    private static List<SubnetParser.ParsedSubnet> parseSubnets(MapReader m, NetworkSettings settings,
            ServerSettings server, List<SharedNetwork> networksOut, ParseContext ctx) throws ConfigException {
        SubnetIds ids = SubnetIds.scan(m.node());
        List<SubnetParser.ParsedSubnet> out = new ArrayList<>();
        boolean unique = server.ipReservationsUnique();
        for (String key : new ArrayList<>(m.node().members().keySet())) {
            if (key.equals("subnet4")) {
                for (Node entry : m.list("subnet4")) {
                    out.add(SubnetParser.parse(entry, settings, SubnetParser.Parent.NONE, unique, ids, ctx));
                }
            } else if (key.equals("shared-networks")) {
                SharedNetworkParser.Result r = SharedNetworkParser.parse(m.list("shared-networks"), settings, unique,
                        ids, ctx);
                networksOut.addAll(r.networks());
                out.addAll(r.subnets());
            }
        }
        m.has("subnet4");
        m.has("shared-networks");
        return out;
    }

    private static List<HaRelationship> haOf(List<HookLibrary> hooks) {
        for (HookLibrary h : hooks) {
            if (h.kind() == HookLibrary.Kind.HIGH_AVAILABILITY) {
                return h.highAvailability();
            }
        }
        return List.of();
    }

    /**
     * With several HA relationships a packet is mapped to one through the subnet's (or its shared network's)
     * {@code user-context.ha-server-name}; Kea drops packets of subnets without a valid one. Warn about those.
     */
    private static void checkHaScopes(List<SubnetParser.ParsedSubnet> parsed, List<SharedNetwork> networks,
            List<HaRelationship> ha, ParseContext ctx) {
        if (ha.isEmpty()) {
            return;
        }
        for (SubnetParser.ParsedSubnet p : parsed) {
            Subnet4 s = p.subnet();
            Optional<String> name = s.haServerName().or(() -> networks.stream()
                    .filter(n -> s.sharedNetwork().filter(n.name()::equals).isPresent())
                    .findFirst().flatMap(SharedNetwork::haServerName));
            boolean known = name.isPresent() && ha.stream().anyMatch(r -> r.peer(name.get()).isPresent());
            if (name.isPresent() && !known) {
                ctx.warn(p.node().location(), "user-context ha-server-name '" + name.get() + "' of subnet "
                        + s.prefix() + " is not a peer of any HA relationship");
            } else if (name.isEmpty() && ha.size() > 1) {
                ctx.warn(p.node().location(), "subnet " + s.prefix() + " has no user-context ha-server-name; with "
                        + "several HA relationships its packets are dropped");
            }
        }
    }
}
