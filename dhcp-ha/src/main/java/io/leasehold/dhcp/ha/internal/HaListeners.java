package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaTls;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.HttpCommandServer;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.control.TlsFiles;
import io.leasehold.dhcp.control.internal.Gag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * The dedicated HTTP listeners (Kea's {@code http-dedicated-listener}): one per relationship on the host and port of
 * this server's own peer URL, with TLS from this server's entry ({@code trust-anchor}, {@code cert-file},
 * {@code key-file}, {@code require-client-certs}), basic authentication with this server's own
 * {@code basic-auth-user}/{@code -password} (Kea 3.1 behaviour), and with {@code restrict-commands} only the
 * commands peers need.
 */
public final class HaListeners implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");
    private static final Gag RESTRICTED_GAG = new Gag(10, TimeUnit.SECONDS);
    /**
     * Kea 3.0's list of commands the HA listener accepts with {@code restrict-commands: true}, plus Leasehold's
     * batched lease update (it runs only {@code lease4-update} and {@code lease4-del}, already on the list).
     */
    public static final List<String> RESTRICTED = List.of("list-commands", "status-get", "dhcp-disable",
            "dhcp-enable", "ha-reset", "ha-heartbeat", "lease4-update", "lease4-del", "lease4-get-all",
            "lease4-get-page", "ha-maintenance-notify", "ha-sync-complete-notify", LeaseBatchCommand.NAME);

    private final List<HttpCommandServer> servers = new ArrayList<>();

    /**
     * Starts a listener for every relationship that asks for one ({@code http-dedicated-listener} with
     * {@code enable-multi-threading}); relationships sharing an address share the first one's listener. As in Kea,
     * HA multi-threading, and with it the dedicated listener, is off when the server's own multi-threading
     * ({@code Dhcp4.multi-threading.enable-multi-threading}) is: peers then reach the server through another HTTP
     * channel, such as a kea-ctrl-agent in front of its unix control socket (Kea 2.2's default set-up).
     *
     * @param coreMultiThreading the server's {@code multi-threading.enable-multi-threading}
     * @param defaultThreads listener threads when {@code http-listener-threads} is 0
     */
    public static HaListeners start(List<Relationship> rels, CommandRegistry shared, boolean coreMultiThreading,
                                    int defaultThreads) throws IOException {
        HaListeners out = new HaListeners();
        Set<InetSocketAddress> bound = new HashSet<>();
        try {
            for (Relationship r : rels) {
                var mt = r.config().multiThreading();
                if (!mt.httpDedicatedListener() || !mt.enableMultiThreading() || !coreMultiThreading) {
                    LOG.info("LH_HA_NO_LISTENER {}: no dedicated HA listener (http-dedicated-listener, HA or server "
                            + "multi-threading is off); peers must reach this server through another HTTP control "
                            + "channel", r.name());
                    continue;
                }
                HaPeer self = r.self();
                InetSocketAddress address = new InetSocketAddress(self.host(), self.port());
                if (!bound.add(address)) {
                    LOG.info("LH_HA_LISTENER_SHARED {}: shares the listener on {}", r.name(), address);
                    continue;
                }
                CommandRegistry registry = r.config().restrictCommands() ? restricted(shared) : shared;
                int threads = (int) (mt.httpListenerThreads() > 0 ? mt.httpListenerThreads() : defaultThreads);
                HttpCommandServer.Builder b = HttpCommandServer.builder(registry).address(address)
                        .name("leasehold-ha-" + r.index()).origin(HaCommands.LISTENER_ORIGIN + r.index())
                        .workerThreads(Math.max(1, threads)).credentials(credentials(self))
                        // the partner waits for our answer before each of its ACKs: as urgent as our own clients
                        .threadPriority(Thread.MAX_PRIORITY);
                Optional<HaTls> tls = r.config().tlsFor(self);
                if (tls.isPresent()) {
                    b.tls(new TlsFiles(Path.of(tls.get().trustAnchor()), Path.of(tls.get().certFile()),
                            Path.of(tls.get().keyFile()), r.config().requireClientCertsFor(self)).serverContext());
                } else if (self.https()) {
                    throw new IOException("HA relationship " + r.name() + ": peer URL " + self.url()
                            + " is https but no trust-anchor/cert-file/key-file are configured");
                }
                out.servers.add(b.build().start());
                LOG.info("LH_HA_LISTENER_STARTED {}: peers reach this server on {}{}{}", r.name(), address,
                        tls.isPresent() ? " (TLS)" : "", r.config().restrictCommands() ? " (restricted commands)" : "");
            }
        } catch (IOException | RuntimeException e) {
            out.close();
            throw e;
        }
        return out;
    }

    /** A registry that only forwards the commands a peer needs; anything else is "not supported". */
    static CommandRegistry restricted(CommandRegistry shared) {
        CommandRegistry r = new CommandRegistry();
        for (String name : RESTRICTED) {
            if (!name.equals("list-commands")) {
                r.register(name, shared::execute);
            }
        }
        // the server's other commands are refused here, and the attempt is logged (a peer never sends them)
        for (String name : shared.names()) {
            if (!RESTRICTED.contains(name)) {
                r.register(name, c -> {
                    long held = RESTRICTED_GAG.pass();
                    if (held >= 0) {
                        LOG.warn("LH_HA_COMMAND_RESTRICTED {} from the HA listener refused: restrict-commands is on"
                                + " ({} more since the last such line)", c.name(), held);
                    }
                    return ControlResult.unsupported(c.name());
                });
            }
        }
        return r;
    }

    /** This server's own basic-auth credentials, which its listener checks (Kea 3.1+). */
    static Map<String, String> credentials(HaPeer self) throws IOException {
        String user = self.basicAuthUser().orElse("");
        if (user.isEmpty()) {
            return null;
        }
        String password = self.basicAuthPassword().orElse(null);
        if (password == null && self.basicAuthPasswordFile().isPresent()) {
            password = Files.readString(Path.of(self.basicAuthPasswordFile().get()), StandardCharsets.UTF_8).strip();
        }
        return Map.of(user, password == null ? "" : password);
    }

    public int size() {
        return servers.size();
    }

    public List<InetSocketAddress> addresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        servers.forEach(s -> out.add(s.localAddress()));
        return out;
    }

    @Override
    public void close() {
        for (HttpCommandServer s : servers) {
            try {
                s.close();
            } catch (RuntimeException e) {
                LOG.warn("HA listener failed to close", e);
            }
        }
        servers.clear();
    }
}
