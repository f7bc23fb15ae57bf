package io.leasehold.dhcp.config;

import java.util.Map;

/**
 * Kea's {@code control-socket}: the UNIX socket on which the server accepts JSON commands.
 *
 * @param socketType {@code socket-type}; only {@code unix} is accepted
 * @param socketName {@code socket-name}, the socket's file path
 * @param userContext {@code user-context} (with {@code comment} under "comment")
 */
public record ControlSocket(String socketType, String socketName, Map<String, Object> userContext) {
    public ControlSocket {
        userContext = ModelMaps.copy(userContext);
    }
}
