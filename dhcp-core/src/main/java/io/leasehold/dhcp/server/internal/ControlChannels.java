package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.config.ControlSocket;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.HttpCommandServer;
import io.leasehold.dhcp.control.TlsFiles;
import io.leasehold.dhcp.control.UnixControlSocket;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A server's control listeners: unix sockets and HTTP servers (Kea Control Agent style), all answering from one
 * command registry; the HTTP ones also serve {@code GET /metrics}. Not thread-safe: {@link ServerRuntime} calls it
 * under its lock.
 */
final class ControlChannels {
    private final CommandRegistry commands;
    private final long unixTimeoutMillis;
    private final Supplier<String> metrics;
    private final List<UnixControlSocket> unixSockets = new ArrayList<>();
    private final List<HttpCommandServer> httpControls = new ArrayList<>();
    /** The listener each configured control socket opened (those the embedder asked for are not here). */
    private final Map<ControlSocket, AutoCloseable> configured = new LinkedHashMap<>();

    ControlChannels(CommandRegistry commands, long unixTimeoutMillis, Supplier<String> metrics) {
        this.commands = commands;
        this.unixTimeoutMillis = unixTimeoutMillis;
        this.metrics = metrics;
    }

    /** Opens one of the configuration's {@code control-sockets}. */
    void open(ControlSocket cs) throws IOException {
        if (cs.isUnix()) {
            UnixControlSocket u = new UnixControlSocket(Path.of(cs.socketName()), commands, unixTimeoutMillis).start();
            unixSockets.add(u);
            configured.put(cs, u);
            return;
        }
        HttpCommandServer.Builder hb = httpBuilder()
                .address(new InetSocketAddress(InetAddress.getByName(cs.socketAddress()), cs.socketPort()))
                .headers(headersOf(cs));
        cs.authentication().ifPresent(a -> hb.credentials(a.credentials()).realm(a.realm()));
        if (cs.tls()) {
            hb.tls(new TlsFiles(Path.of(cs.trustAnchor()), Path.of(cs.certFile()), Path.of(cs.keyFile()),
                    cs.certRequired()).serverContext());
        }
        HttpCommandServer h = hb.build().start();
        httpControls.add(h);
        configured.put(cs, h);
    }

    /**
     * Makes the configured listeners those of {@code wanted}, as Kea does after config-set or config-reload: closes
     * the listeners of sockets no longer configured, then opens the new ones; unchanged sockets stay open. A socket
     * that cannot be opened is skipped and named in the returned list (the others still change).
     */
    List<String> reconcile(List<ControlSocket> wanted) {
        List<ControlSocket> gone = new ArrayList<>(configured.keySet());
        gone.removeAll(wanted);
        for (ControlSocket cs : gone) {
            AutoCloseable l = configured.remove(cs);
            unixSockets.remove(l);
            httpControls.remove(l);
            try {
                l.close();
            } catch (Exception e) {
                // closing is best effort; the listener is forgotten either way
            }
        }
        List<String> failed = new ArrayList<>();
        for (ControlSocket cs : wanted) {
            if (!configured.containsKey(cs)) {
                try {
                    open(cs);
                } catch (IOException | RuntimeException e) {
                    failed.add((cs.isUnix() ? cs.socketName() : cs.socketAddress() + ":" + cs.socketPort()) + ": "
                            + e.getMessage());
                }
            }
        }
        return failed;
    }

    /** Opens an HTTP listener the embedder asked for; {@code credentials} may be null or empty (no authentication). */
    void openHttp(InetSocketAddress address, Map<String, String> credentials) throws IOException {
        httpControls.add(httpBuilder().address(address).credentials(credentials).build().start());
    }

    private static Map<String, String> headersOf(ControlSocket cs) {
        Map<String, String> m = new LinkedHashMap<>();
        cs.httpHeaders().forEach(h -> m.put(h.name(), h.value()));
        return m;
    }

    private HttpCommandServer.Builder httpBuilder() {
        return HttpCommandServer.builder(commands).name("leasehold-control-http").origin("http")
                .maxBodyBytes(UnixControlSocket.MAX_COMMAND_BYTES)
                .getHandlers(Map.of("/metrics", metrics));
    }

    /** The first HTTP listener's address, or null. */
    InetSocketAddress firstHttpAddress() {
        return httpControls.isEmpty() ? null : httpControls.get(0).localAddress();
    }

    /** Every HTTP listener's address, in opening order. */
    List<InetSocketAddress> httpAddresses() {
        return httpControls.stream().map(HttpCommandServer::localAddress).toList();
    }

    List<Path> unixPaths() {
        return unixSockets.stream().map(UnixControlSocket::path).toList();
    }

    /** Closes every listener (HTTP first, as the server always did). Idempotent. */
    void close() {
        httpControls.forEach(HttpCommandServer::close);
        httpControls.clear();
        unixSockets.forEach(UnixControlSocket::close);
        unixSockets.clear();
        configured.clear();
    }
}
