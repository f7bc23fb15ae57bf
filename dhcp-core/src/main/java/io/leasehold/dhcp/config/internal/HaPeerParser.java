package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaRole;
import io.leasehold.dhcp.config.HaTls;
import io.leasehold.dhcp.lease.Ipv4;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;

/** One {@code peers} entry of an HA relationship. */
final class HaPeerParser {
    private static final Map<String, HaRole> ROLES = Choices.of(HaRole.class, HaRole::keaName);

    private HaPeerParser() {
    }

    /** A parsed peer with the nodes that validation errors point at. */
    record ParsedPeer(HaPeer peer, MapReader map, Node nameNode, Node urlNode) {
    }

    static ParsedPeer parse(Node entry) throws ConfigException {
        MapReader m = MapReader.of(entry, "peers entry");
        Node nameNode = m.require("name");
        String name = Values.string(nameNode).trim();
        if (name.isEmpty()) {
            throw nameNode.error("peer name must not be empty");
        }
        Node urlNode = m.require("url");
        URI url = url(urlNode, name);
        HaRole role = MapReader.choice(m.require("role"), ROLES);
        Optional<String> user = m.optString("basic-auth-user");
        if (user.isPresent() && user.get().contains(":")) {
            throw m.get("basic-auth-user").error("basic-auth-user '" + user.get() + "' must not contain ':'");
        }
        Optional<String> password = m.optString("basic-auth-password");
        Optional<String> passwordFile = m.optString("basic-auth-password-file");
        if (password.isPresent() && passwordFile.isPresent()) {
            throw m.get("basic-auth-password-file").error("basic-auth-password and basic-auth-password-file are "
                    + "mutually exclusive");
        }
        if ((password.isPresent() || passwordFile.isPresent()) && user.filter(u -> !u.isEmpty()).isEmpty()) {
            throw (password.isPresent() ? m.get("basic-auth-password") : m.get("basic-auth-password-file"))
                    .error("a basic-auth password needs basic-auth-user");
        }
        HaPeer peer = new HaPeer(name, url, role, m.bool("auto-failover", true), user.filter(u -> !u.isEmpty()),
                password, passwordFile, tls(m), m.optBool("require-client-certs"));
        m.finish();
        return new ParsedPeer(peer, m, nameNode, urlNode);
    }

    static HaTls tls(MapReader m) throws ConfigException {
        return new HaTls(m.string("trust-anchor", ""), m.string("cert-file", ""), m.string("key-file", ""));
    }

    /** http(s)://literal-address[:port]/ — Kea rejects host names in peer URLs. */
    private static URI url(Node node, String peer) throws ConfigException {
        String text = Values.string(node).trim();
        URI uri;
        try {
            uri = new URI(text);
        } catch (URISyntaxException e) {
            throw node.error("bad url '" + text + "' for peer " + peer + ": " + e.getReason());
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw node.error("bad url '" + text + "' for peer " + peer + ": scheme must be http or https");
        }
        String host = uri.getHost();
        if (host == null || host.isEmpty()) {
            throw node.error("bad url '" + text + "' for peer " + peer + ": no host");
        }
        try {
            if (host.startsWith("[")) {
                Ipv6Text.parse(host.substring(1, host.length() - 1));
            } else {
                Ipv4.parse(host);
            }
        } catch (IllegalArgumentException e) {
            throw node.error("bad url '" + text + "' for peer " + peer + ": host '" + host
                    + "' is not an IP address (Kea requires a literal address)");
        }
        return uri;
    }
}
