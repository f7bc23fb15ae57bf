package io.leasehold.dhcp.config;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One command channel of the server: Kea 2.2's {@code control-socket} (a UNIX socket) or an entry of Kea 2.7+/3.0's
 * {@code control-sockets} list, which also allows {@code http} and {@code https} listeners served by the server
 * itself (no separate control agent).
 *
 * @param socketType    {@code socket-type}: {@code unix}, {@code http} or {@code https}
 * @param socketName    {@code socket-name}, the socket file of a {@code unix} socket; empty for HTTP
 * @param socketAddress {@code socket-address}, the IP address an HTTP socket listens on (default
 *                      {@code 127.0.0.1}); empty for {@code unix}
 * @param socketPort    {@code socket-port} of an HTTP socket (default 8000; 0 picks a free port, a Leasehold
 *                      extension for tests); 0 for {@code unix}
 * @param trustAnchor   {@code trust-anchor} (CA file or directory); empty when TLS is not used
 * @param certFile      {@code cert-file}; empty when TLS is not used
 * @param keyFile       {@code key-file}; empty when TLS is not used
 * @param certRequired  {@code cert-required}: whether HTTPS clients must present a certificate (default true)
 * @param authentication {@code authentication}, if configured (HTTP only)
 * @param httpHeaders   {@code http-headers} added to every HTTP response
 * @param userContext   {@code user-context} (with {@code comment} under "comment")
 */
public record ControlSocket(String socketType, String socketName, String socketAddress, int socketPort,
                            String trustAnchor, String certFile, String keyFile, boolean certRequired,
                            Optional<ControlAuthentication> authentication, List<HttpHeader> httpHeaders,
                            Map<String, Object> userContext) {
    /** Kea's default HTTP control port. */
    public static final int DEFAULT_HTTP_PORT = 8000;

    public ControlSocket {
        Objects.requireNonNull(socketType);
        Objects.requireNonNull(authentication);
        httpHeaders = List.copyOf(httpHeaders);
        userContext = ModelMaps.copy(userContext);
    }

    /** A UNIX socket, as Kea 2.2's {@code control-socket}. */
    public ControlSocket(String socketType, String socketName, Map<String, Object> userContext) {
        this(socketType, socketName, "", 0, "", "", "", true, Optional.empty(), List.of(), userContext);
    }

    public boolean isUnix() {
        return socketType.equals("unix");
    }

    /** An {@code http} or {@code https} socket. */
    public boolean isHttp() {
        return !isUnix();
    }

    /** Whether TLS files are configured (always for {@code https}). */
    public boolean tls() {
        return !trustAnchor.isEmpty();
    }

    /** How the socket reads in logs: its file, or {@code http://address:port}. */
    public String describe() {
        if (isUnix()) {
            return socketName;
        }
        String host = socketAddress.contains(":") ? "[" + socketAddress + "]" : socketAddress;
        return (tls() ? "https" : "http") + "://" + host + ":" + socketPort + "/";
    }

    /**
     * An {@code http-headers} entry.
     *
     * @param name  header name
     * @param value header value
     */
    public record HttpHeader(String name, String value) {
    }
}
