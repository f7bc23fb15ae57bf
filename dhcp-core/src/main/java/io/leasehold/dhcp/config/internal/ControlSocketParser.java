package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.ControlAuthentication;
import io.leasehold.dhcp.config.ControlSocket;
import io.leasehold.dhcp.lease.Ipv4;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Kea 2.2's {@code control-socket} (one map) and Kea 2.7+/3.0's {@code control-sockets} (a list): UNIX sockets by
 * file name, HTTP(S) sockets by address and port with optional TLS and basic authentication.
 */
final class ControlSocketParser {
    /** Largest user or password file read; these hold one short secret. */
    private static final long MAX_SECRET_FILE = 64 * 1024;

    private ControlSocketParser() {
    }

    /** Reads whichever of the two keys is present; both at once is an error. */
    static List<ControlSocket> parse(MapReader dhcp4, ParseContext ctx) throws ConfigException {
        Node single = dhcp4.get("control-socket");
        Node list = dhcp4.get("control-sockets");
        if (single != null && list != null) {
            throw list.error("control-socket and control-sockets are both given; use only one of them");
        }
        List<ControlSocket> out = new ArrayList<>();
        if (single != null) {
            out.add(parseOne(single, "control-socket", ctx));
        } else if (list != null) {
            Set<String> seen = new HashSet<>();
            for (Node entry : Values.list(list).elements()) {
                ControlSocket s = parseOne(entry, "control-sockets entry", ctx);
                if (!seen.add(s.describe())) {
                    throw entry.error("duplicate control socket " + s.describe());
                }
                out.add(s);
            }
        }
        return out;
    }

    private static ControlSocket parseOne(Node node, String section, ParseContext ctx) throws ConfigException {
        MapReader m = MapReader.of(node, section);
        Node typeNode = m.get("socket-type");
        String type = typeNode == null ? "unix" : Values.string(typeNode);
        ControlSocket socket = switch (type) {
            case "unix" -> unix(m);
            case "http", "https" -> http(m, type, ctx);
            default -> throw typeNode.error("unsupported socket-type '" + type + "', expected unix, http or https");
        };
        m.finish();
        return socket;
    }

    private static ControlSocket unix(MapReader m) throws ConfigException {
        for (String httpOnly : List.of("socket-address", "socket-port", "trust-anchor", "cert-file", "key-file",
                "cert-required", "authentication", "http-headers")) {
            if (m.has(httpOnly)) {
                throw m.get(httpOnly).error("parameter '" + httpOnly + "' is not supported by unix control sockets"
                        + " (it applies to http and https ones)");
            }
        }
        String name = m.requireString("socket-name");
        if (name.isEmpty()) {
            throw m.get("socket-name").error("socket-name must not be empty");
        }
        return new ControlSocket("unix", name, m.userContext());
    }

    private static ControlSocket http(MapReader m, String type, ParseContext ctx) throws ConfigException {
        if (m.has("socket-name")) {
            throw m.get("socket-name").error("parameter 'socket-name' is not supported by " + type
                    + " control sockets (they use socket-address and socket-port)");
        }
        String address = "127.0.0.1";
        Node addressNode = m.get("socket-address");
        if (addressNode != null) {
            address = Values.string(addressNode).trim();
            if (!isIpLiteral(address)) {
                throw addressNode.error("socket-address '" + address + "' is not an IPv4 or IPv6 address");
            }
        }
        int port = (int) m.integer("socket-port", ControlSocket.DEFAULT_HTTP_PORT, 0, 65535);
        String trustAnchor = m.string("trust-anchor", "");
        String certFile = m.string("cert-file", "");
        String keyFile = m.string("key-file", "");
        boolean certRequired = m.bool("cert-required", true);
        boolean anyTls = !trustAnchor.isEmpty() || !certFile.isEmpty() || !keyFile.isEmpty();
        if (anyTls) {
            for (String[] f : new String[][] {{"trust-anchor", trustAnchor}, {"cert-file", certFile},
                    {"key-file", keyFile}}) {
                if (f[1].isEmpty()) {
                    throw m.error(f[0] + " is missing or empty: all or none of trust-anchor, cert-file and key-file"
                            + " must be set");
                }
            }
        } else if (type.equals("https")) {
            throw m.error("socket-type https needs trust-anchor, cert-file and key-file");
        }
        Node authNode = m.get("authentication");
        Optional<ControlAuthentication> auth = authNode == null ? Optional.empty()
                : Optional.of(authentication(authNode));
        List<ControlSocket.HttpHeader> headers = new ArrayList<>();
        for (Node h : m.list("http-headers")) {
            MapReader hm = MapReader.of(h, "http-headers entry");
            String name = hm.requireString("name");
            String value = hm.requireString("value");
            if (name.isEmpty() || !name.chars().allMatch(c -> c > 32 && c < 127 && c != ':')) {
                throw hm.get("name").error("'" + name + "' is not a valid HTTP header name");
            }
            if (value.chars().anyMatch(c -> c == '\r' || c == '\n')) {
                throw hm.get("value").error("an HTTP header value must not contain line breaks");
            }
            hm.userContext();
            hm.finish();
            headers.add(new ControlSocket.HttpHeader(name, value));
        }
        ControlSocket s = new ControlSocket(anyTls ? "https" : type, "", address, port, trustAnchor, certFile,
                keyFile, certRequired, auth, headers, m.userContext());
        if (auth.isEmpty() && !anyTls) {
            ctx.warn(m.location(), "control socket " + s.describe() + " has neither authentication nor TLS: anyone"
                    + " who can reach it can run every command");
        }
        return s;
    }

    private static boolean isIpLiteral(String text) {
        try {
            if (text.contains(":")) {
                Ipv6Text.parse(text);
            } else {
                Ipv4.parse(text);
            }
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static ControlAuthentication authentication(Node node) throws ConfigException {
        MapReader m = MapReader.of(node, "authentication");
        String type = m.string("type", "basic");
        if (!type.equals("basic")) {
            throw m.get("type").error("unsupported authentication type '" + type + "', only basic is supported");
        }
        String realm = m.string("realm", "");
        if (realm.chars().anyMatch(c -> c == '"' || c == '\\' || c < 32)) {
            throw m.get("realm").error("realm must not contain quotes, backslashes or control characters");
        }
        String directory = m.string("directory", "");
        Node clientsNode = m.require("clients");
        List<ControlAuthentication.Client> clients = new ArrayList<>();
        Set<String> users = new HashSet<>();
        for (Node c : Values.list(clientsNode).elements()) {
            ControlAuthentication.Client client = client(c, directory);
            if (!users.add(client.user())) {
                throw c.error("user '" + client.user() + "' is listed twice");
            }
            clients.add(client);
        }
        if (clients.isEmpty()) {
            throw clientsNode.error("authentication has no clients: nobody could use this control socket");
        }
        m.finish();
        return new ControlAuthentication(type, realm, directory, clients);
    }

    private static ControlAuthentication.Client client(Node node, String directory) throws ConfigException {
        MapReader m = MapReader.of(node, "clients entry");
        Node userNode = m.get("user");
        Node userFileNode = m.get("user-file");
        Node passwordNode = m.get("password");
        Node passwordFileNode = m.get("password-file");
        if (userNode != null && userFileNode != null) {
            throw userFileNode.error("user and user-file are both given; use only one of them");
        }
        if (passwordNode != null && passwordFileNode != null) {
            throw passwordFileNode.error("password and password-file are both given; use only one of them");
        }
        String user = null;
        String password = "";
        boolean userInPasswordFile = false;
        if (userNode != null) {
            user = Values.string(userNode);
        } else if (userFileNode != null) {
            user = readSecret(userFileNode, directory);
        }
        if (passwordNode != null) {
            password = Values.string(passwordNode);
        } else if (passwordFileNode != null) {
            String content = readSecret(passwordFileNode, directory);
            if (user == null) {
                int colon = content.indexOf(':');
                if (colon < 0) {
                    throw passwordFileNode.error("without user or user-file, the password-file must hold"
                            + " 'user:password'");
                }
                user = content.substring(0, colon);
                password = content.substring(colon + 1);
                userInPasswordFile = true;
            } else {
                password = content;
            }
        }
        Node at = userNode != null ? userNode : userFileNode != null ? userFileNode : node;
        if (user == null) {
            throw node.error("missing mandatory parameter 'user' (or user-file) in clients entry");
        }
        if (user.isEmpty()) {
            throw at.error("user must not be empty");
        }
        if (user.indexOf(':') >= 0) {
            throw at.error("user must not contain a ':'");
        }
        Map<String, Object> context = m.userContext();
        m.finish();
        return new ControlAuthentication.Client(user, password, context,
                userFileNode == null ? null : Values.string(userFileNode),
                passwordFileNode == null ? null : Values.string(passwordFileNode), userInPasswordFile);
    }

    /** A user or password file's content, without one trailing line break. */
    private static String readSecret(Node fileNode, String directory) throws ConfigException {
        String name = Values.string(fileNode);
        if (name.isEmpty()) {
            throw fileNode.error("file name must not be empty");
        }
        Path p = directory.isEmpty() ? Path.of(name) : Path.of(directory).resolve(name);
        try {
            if (Files.size(p) > MAX_SECRET_FILE) {
                throw fileNode.error("file " + p + " is larger than " + MAX_SECRET_FILE + " bytes");
            }
            String s = Files.readString(p, StandardCharsets.UTF_8);
            if (s.endsWith("\r\n")) {
                s = s.substring(0, s.length() - 2);
            } else if (s.endsWith("\n")) {
                s = s.substring(0, s.length() - 1);
            }
            return s;
        } catch (IOException e) {
            throw fileNode.error("cannot read " + p + ": " + e.getMessage());
        }
    }
}
