package io.leasehold.dhcp.config.internal;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.ControlSocket;

/** {@code control-socket}: a UNIX socket path. */
final class ControlSocketParser {
    private ControlSocketParser() {
    }

    static ControlSocket parse(Node node) throws ConfigException {
        MapReader m = MapReader.of(node, "control-socket");
        Node typeNode = m.get("socket-type");
        String type = typeNode == null ? "unix" : Values.string(typeNode);
        if (!type.equals("unix")) {
            throw typeNode.error("socket-type '" + type + "' is not supported by Leasehold; only unix is");
        }
        String name = m.requireString("socket-name");
        if (name.isEmpty()) {
            throw m.get("socket-name").error("socket-name must not be empty");
        }
        ControlSocket socket = new ControlSocket(type, name, m.userContext());
        m.finish();
        return socket;
    }
}
