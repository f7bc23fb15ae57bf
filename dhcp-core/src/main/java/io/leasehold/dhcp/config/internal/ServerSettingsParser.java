package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.HostIdentifierType;
import io.leasehold.dhcp.config.ServerSettings;
import io.leasehold.dhcp.config.ServerSettings.Compatibility;
import io.leasehold.dhcp.config.ServerSettings.DhcpDdns;
import io.leasehold.dhcp.config.ServerSettings.LeaseChecks;
import io.leasehold.dhcp.config.ServerSettings.QueueControl;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Global-only Dhcp4 parameters, including the small maps sanity-checks, compatibility, dhcp-queue-control, dhcp-ddns. */
final class ServerSettingsParser {
    private static final Map<String, HostIdentifierType> IDENTIFIERS = Choices.of(HostIdentifierType.class,
            HostIdentifierType::keaName);
    private static final Map<String, LeaseChecks> LEASE_CHECKS = Choices.of(LeaseChecks.class, LeaseChecks::keaName);
    private static final Map<String, String> EXTENDED_INFO_CHECKS = Choices.strings("none", "fix", "strict",
            "pedantic");

    private ServerSettingsParser() {
    }

    static ServerSettings parse(MapReader m) throws ConfigException {
        ServerSettings d = ServerSettings.DEFAULTS;
        Node portNode = m.get("dhcp4o6-port");
        long port = portNode == null ? 0 : Values.integer(portNode, 0, 65535);
        if (port != 0) {
            throw portNode.error("DHCPv4-over-DHCPv6 (dhcp4o6-port " + port + ") is not supported by Leasehold; "
                    + "use 0");
        }
        Node sanity = m.get("sanity-checks");
        LeaseChecks leaseChecks = d.leaseChecks();
        String extendedInfoChecks = d.extendedInfoChecks();
        if (sanity != null) {
            MapReader s = MapReader.of(sanity, "sanity-checks");
            leaseChecks = s.choice("lease-checks", leaseChecks, LEASE_CHECKS);
            extendedInfoChecks = s.choice("extended-info-checks", extendedInfoChecks, EXTENDED_INFO_CHECKS);
            s.finish();
        }
        return new ServerSettings(
                m.uint32("decline-probation-period", d.declineProbationPeriod()),
                m.bool("echo-client-id", d.echoClientId()),
                identifiers(m.get("host-reservation-identifiers")),
                port,
                m.string("server-tag", d.serverTag()),
                m.uint32("parked-packet-limit", d.parkedPacketLimit()),
                m.uint32("statistic-default-sample-count", d.statisticDefaultSampleCount()),
                m.uint32("statistic-default-sample-age", d.statisticDefaultSampleAge()),
                m.bool("ip-reservations-unique", d.ipReservationsUnique()),
                m.bool("reservations-lookup-first", d.reservationsLookupFirst()),
                m.bool("early-global-reservations-lookup", d.earlyGlobalReservationsLookup()),
                leaseChecks, extendedInfoChecks,
                compatibility(m.get("compatibility")),
                queueControl(m.get("dhcp-queue-control")),
                dhcpDdns(m.get("dhcp-ddns")));
    }

    private static List<HostIdentifierType> identifiers(Node node) throws ConfigException {
        if (node == null) {
            return ServerSettings.DEFAULT_HOST_RESERVATION_IDENTIFIERS;
        }
        List<HostIdentifierType> out = new ArrayList<>();
        for (Node element : Values.list(node).elements()) {
            HostIdentifierType type = MapReader.choice(element, IDENTIFIERS);
            if (out.contains(type)) {
                throw element.error("duplicate host identifier '" + type.keaName() + "'");
            }
            out.add(type);
        }
        if (out.isEmpty()) {
            throw node.error("host-reservation-identifiers must not be empty");
        }
        return out;
    }

    private static Compatibility compatibility(Node node) throws ConfigException {
        if (node == null) {
            return Compatibility.DEFAULTS;
        }
        MapReader c = MapReader.of(node, "compatibility");
        Compatibility out = new Compatibility(c.bool("lenient-option-parsing", false),
                c.bool("ignore-dhcp-server-identifier", false), c.bool("ignore-rai-link-selection", false),
                c.bool("exclude-first-last-24", false));
        c.finish();
        return out;
    }

    private static QueueControl queueControl(Node node) throws ConfigException {
        if (node == null) {
            return QueueControl.DEFAULTS;
        }
        MapReader q = MapReader.of(node, "dhcp-queue-control");
        QueueControl d = QueueControl.DEFAULTS;
        QueueControl out = new QueueControl(q.bool("enable-queue", d.enableQueue()),
                q.string("queue-type", d.queueType()), q.integer("capacity", d.capacity(), 5, Values.UINT32_MAX));
        if (out.enableQueue()) {
            throw q.notSupported("enable-queue", "congestion handling (dhcp-queue-control with enable-queue true) is "
                    + "not implemented; multi-threading has its own packet-queue-size");
        }
        q.userContext();
        q.finish();
        return out;
    }

    /**
     * Kea 2.2's {@code dhcp-ddns}: the connection to kea-dhcp-ddns, checked as Kea's D2ClientConfig checks it (only
     * UDP and JSON, server and sender of one address family and not the same address and port).
     */
    private static DhcpDdns dhcpDdns(Node node) throws ConfigException {
        if (node == null) {
            return DhcpDdns.DEFAULTS;
        }
        MapReader r = MapReader.of(node, "dhcp-ddns");
        DhcpDdns d = DhcpDdns.DEFAULTS;
        String serverIp = address(r, "server-ip", d.serverIp());
        long serverPort = r.integer("server-port", d.serverPort(), 0, 65535);
        // Kea: without sender-ip the sender uses the wildcard address of the server's family.
        String senderIp = address(r, "sender-ip", serverIp.contains(":") ? "::" : d.senderIp());
        long senderPort = r.integer("sender-port", d.senderPort(), 0, 65535);
        DhcpDdns out = new DhcpDdns(r.bool("enable-updates", false), serverIp, serverPort, senderIp, senderPort,
                r.uint32("max-queue-size", d.maxQueueSize()),
                r.choice("ncr-protocol", d.ncrProtocol(), Choices.strings("UDP", "TCP")),
                r.choice("ncr-format", d.ncrFormat(), Choices.strings("JSON")));
        if (!"UDP".equals(out.ncrProtocol())) {
            throw r.get("ncr-protocol").error("NCR Protocol: " + out.ncrProtocol()
                    + " is not supported (Kea 2.2 sends name change requests over UDP only)");
        }
        if (serverIp.contains(":") != senderIp.contains(":")) {
            Node at = r.get("sender-ip") != null ? r.get("sender-ip") : r.get("server-ip");
            throw at.error("address family mismatch: server-ip " + serverIp + " is "
                    + (serverIp.contains(":") ? "IPv6" : "IPv4") + " while sender-ip " + senderIp + " is "
                    + (senderIp.contains(":") ? "IPv6" : "IPv4"));
        }
        if (sameAddress(serverIp, senderIp) && serverPort == senderPort) {
            Node at = r.get("sender-ip") != null ? r.get("sender-ip")
                    : r.get("sender-port") != null ? r.get("sender-port") : node;
            throw at.error("server and sender cannot share the exact same IP address/port: " + serverIp + "/"
                    + serverPort);
        }
        for (String moved : new String[] {"override-no-update", "override-client-update", "replace-client-name",
            "generated-prefix", "qualifying-suffix", "hostname-char-set", "hostname-char-replacement"}) {
            r.unsupported(moved, "Kea 1.7 moved it to the global ddns-* and hostname-char-* parameters");
        }
        r.userContext();
        r.finish();
        return out;
    }

    private static boolean sameAddress(String a, String b) {
        try {
            return java.net.InetAddress.getByName(a).equals(java.net.InetAddress.getByName(b));
        } catch (java.net.UnknownHostException e) {
            return a.equals(b); // both were validated as literals; not reached
        }
    }

    private static String address(MapReader r, String key, String defaultValue) throws ConfigException {
        Node n = r.get(key);
        if (n == null) {
            return defaultValue;
        }
        String text = Values.string(n).trim();
        if (text.contains(":")) {
            try {
                Ipv6Text.parse(text);
            } catch (IllegalArgumentException e) {
                throw n.error(e.getMessage());
            }
            return text;
        }
        Values.ipv4(n);
        return text;
    }
}
