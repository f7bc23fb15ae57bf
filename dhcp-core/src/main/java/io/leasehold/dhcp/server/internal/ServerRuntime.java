package io.leasehold.dhcp.server.internal;

import io.leasehold.dhcp.transport.PacketDispatchers;
import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.ControlSocket;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.LeaseCommands;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.engine.EngineConfig;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.lease.LeaseStoreFactory;
import io.leasehold.dhcp.server.ServerContext;
import io.leasehold.dhcp.server.ServerExtension;
import io.leasehold.dhcp.server.ServiceState;
import io.leasehold.dhcp.stats.MetricsContributor;
import io.leasehold.dhcp.stats.StatisticsCommands;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.time.Scheduler;
import io.leasehold.dhcp.transport.DhcpTransport;
import io.leasehold.dhcp.transport.InterfaceSpec;
import io.leasehold.dhcp.transport.ListenerInfo;
import io.leasehold.dhcp.transport.PacketDispatcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CountDownLatch;

/**
 * The assembly and lifecycle of a running {@code DhcpServer}, which is its public face: opens the lease store, finds
 * and starts the extensions, builds the engine, registers the commands, opens the control channels and the DHCP
 * sockets; applies a new configuration; releases everything in order.
 *
 * <p>The core commands, the status report and the metrics see it as a {@link ServerControl}, never as
 * {@code DhcpServer}: dependencies point from the public class to here, and from here to the public value types
 * (extensions, service state, context), with no cycle.
 *
 * <p>Length: about 460 lines, because start, reconfigure and close walk the same parts in orders that must mirror
 * each other (extensions, control channels, warm-up, sockets); the start sequence is the next to move into a class
 * of its own.
 */
public final class ServerRuntime implements ServerControl {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.server");
    /** How long after a configuration change its control sockets are swapped (the command is answered first). */
    static final long CONTROL_SWAP_DELAY_MILLIS = 500;
    /**
     * Longest an extension may hold the warm-up back ({@code ServerExtension#beforeWarmUp}): a minute covers a
     * restarted Leasehold standby's pull of a million leases; a longer one (from a Kea partner, about two
     * minutes) finishes beside the warm-up.
     */
    static final long MAX_WAIT_BEFORE_WARMUP_MILLIS = 60_000;

    private final ServerOptions o;
    private volatile KeaConfig config;
    private final Scheduler scheduler;
    private final StatisticsRegistry stats;
    private final CommandRegistry commands = new CommandRegistry();
    private final ServiceState service;
    private final ControlChannels controls;
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final long startMillis;
    private LeaseStore store;
    private boolean ownsStore;
    private DhcpEngine engine;
    private LeaseCommands leaseCommands;
    private DhcpTransport transport;
    private PacketDispatcher dispatcher;
    private final List<ServerExtension> extensions = new ArrayList<>();
    private Reclamation reclamation;
    private final DdnsClient ddns = new DdnsClient();
    private volatile long lastConfigMillis;
    private volatile String configText;
    private volatile int exitValue;
    private boolean closed;
    private boolean trained;

    public ServerRuntime(ServerOptions o) {
        this.o = o;
        this.config = o.config();
        this.configText = o.configText();
        this.scheduler = o.scheduler() != null ? o.scheduler() : Scheduler.system("leasehold-timers");
        this.stats = new StatisticsRegistry(scheduler.clock());
        this.service = new ServiceState(scheduler);
        this.controls = new ControlChannels(commands, o.controlTimeoutMillis(), this::metricsText);
        this.startMillis = scheduler.clock().currentTimeMillis();
        this.lastConfigMillis = startMillis;
    }

    /** Opens the store, starts extensions, control channels and sockets. On failure releases what it opened. */
    public synchronized void start() throws IOException {
        if (trained) {
            throw new IllegalStateException("a server that ran train() cannot be started; build another");
        }
        try {
            store = o.store();
            if (store == null) {
                store = LeaseStoreFactory.openConfigured(config, scheduler.clock(), scheduler);
                ownsStore = true;
            }
            findExtensions();
            ddns.apply(config.server().dhcpDdns());
            engine = DhcpEngine.builder(EngineConfig.from(config), store).clock(scheduler.clock()).statistics(stats)
                    .hook(hookOf()).serverPort(o.serverPort()).clientPort(o.clientPort())
                    .localAddresses(o.localAddresses()).allocatorFactory(o.allocators()).nameChangeSink(ddns).build();
            engine.onReclaimed(o.listener()::leaseExpired);
            leaseCommands = new LeaseCommands(new ServerLeaseContext(() -> store, scheduler.clock(), () -> engine));
            leaseCommands.registerAll(commands);
            StatisticsCommands.register(commands, stats);
            StatisticsCommands.registerStatLease(commands, stats, () -> engine.subnetIds());
            service.registerCommands(commands);
            CoreCommands.register(commands, this);
            ServerContext ctx = new ServerContext(config, store, engine, leaseCommands, commands, service, stats,
                    scheduler, o.listener());
            for (ServerExtension e : extensions) {
                e.start(ctx);
            }
            reclamation = new Reclamation(engine, scheduler, config.expiredLeasesProcessing());
            reclamation.start();
            if (o.controlSockets()) {
                for (ControlSocket cs : config.controlSockets()) {
                    controls.open(cs);
                }
            }
            if (o.httpControl() != null) {
                controls.openHttp(o.httpControl(), o.httpCredentials());
            }
            // After the extensions and control channels, before the DHCP sockets (see WarmUp; it uses none of the
            // real server's objects): an HA partner reaches this server's peer listener at once, so after a restart
            // its lease updates (which it waits for before each ACK) are answered within the JVM's start, not after
            // the warm-up; this server's own clients still meet only compiled code. The HA state machine runs
            // meanwhile too (a restarted standby synchronises while it warms up), but it makes no transition into a
            // serving state until beforeServing, so it never reports one with the sockets shut.
            if (o.warmUpMillis() > 0) {
                for (ServerExtension e : extensions) {
                    e.beforeWarmUp(MAX_WAIT_BEFORE_WARMUP_MILLIS);
                }
            }
            WarmUp.run(config, scheduler, o.serverPort(), o.clientPort(), o.localAddresses(), o.warmUpMillis());
            if (o.warmUpMillis() > 0) {
                for (ServerExtension e : extensions) {
                    e.warmUp(o.warmUpMillis());
                }
            }
            for (ServerExtension e : extensions) {
                e.beforeServing();
            }
            startTransport(o.serverPort());
            if (!o.quiet()) {
                LOG.info("LH_SERVER_STARTED serving {} subnet(s) from {}", config.subnets().size(),
                        config.sourceName());
            }
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException(e.getMessage(), e);
        }
    }

    /** See {@code DhcpServer#train}: the warm-up and the extension factories' training, then closed. */
    public synchronized void train() {
        if (trained || closed || engine != null) {
            throw new IllegalStateException("train() is for a server that was never started or trained");
        }
        trained = true;
        try {
            TrainingRun.run(config, scheduler, o);
        } finally {
            close();
        }
    }

    /** The extensions for the configuration's hook libraries, then the builder's (which replace found ones). */
    private void findExtensions() {
        for (ServerExtension.Factory f : ServiceLoader.load(ServerExtension.Factory.class)) {
            if (f.appliesTo(config)) {
                ServerExtension found = f.create(config);
                // One of the same class given to the builder (e.g. HA with its own peer transport) replaces it.
                if (o.extensions().stream().anyMatch(x -> x.getClass() == found.getClass())) {
                    found.close();
                } else {
                    extensions.add(found);
                }
            }
        }
        extensions.addAll(o.extensions());
    }

    private void startTransport(int port) {
        boolean mt = config.multiThreading().enabled();
        PacketPipeline[] holder = new PacketPipeline[1];
        dispatcher = mt ? PacketDispatchers.workers((p, r) -> holder[0].handle(p, r),
                (int) config.multiThreading().threadPoolSize(), (int) config.multiThreading().packetQueueSize(),
                "leasehold-dhcp-worker") : PacketDispatchers.inline((p, r) -> holder[0].handle(p, r));
        List<InterfaceSpec> ifaces = new ArrayList<>();
        config.interfaces().interfaces().forEach(s -> ifaces.add(InterfaceSpec.parse(s.toString())));
        DhcpTransport.Builder tb = DhcpTransport.builder().serverPort(port).dispatcher(dispatcher)
                .mode(o.transportMode()).interfaces(o.transportMode() == DhcpTransport.Mode.NIO ? List.of() : ifaces);
        if (o.bindAddress() != null) {
            tb.bindAddress(o.bindAddress());
        }
        transport = tb.build();
        holder[0] = new PacketPipeline(engine, service, engine == null ? QueryHook.NONE : hookOf(), o.listener(),
                config.server().parkedPacketLimit(), stats);
        transport.start();
        holder[0].listeners(transport.listeners());
    }

    /** Every extension's hook, then the embedder's. */
    private QueryHook hookOf() {
        List<QueryHook> hooks = new ArrayList<>();
        extensions.forEach(e -> hooks.add(e.hook()));
        if (o.hook() != null) {
            hooks.add(o.hook());
        }
        return ExtensionHooks.combine(hooks);
    }

    /** Swaps the configured control listeners for {@code wanted} (scheduled by {@link #reconfigure}). */
    private synchronized void swapControlSockets(List<ControlSocket> wanted) {
        if (closed || !config.controlSockets().equals(wanted)) {
            return; // closed meanwhile, or another configuration came since and scheduled its own swap
        }
        for (String failure : controls.reconcile(wanted)) {
            LOG.error("LH_CONTROL_SOCKET_FAILED cannot open control socket {}", failure);
        }
    }

    /**
     * Validates and applies a new configuration without losing a lease: the engine is recompiled, sockets are
     * reopened only if the interfaces or threading changed, extensions reconfigure themselves. A refused
     * configuration leaves the running one untouched. {@code jsonText} is kept for config-get (null when none).
     */
    @Override
    public synchronized void reconfigure(KeaConfig next, String jsonText) throws ConfigException {
        if (ownsStore && !next.leaseDatabase().equals(config.leaseDatabase())) {
            throw new ConfigException(next.sourceName(), 0, 0, "Dhcp4/lease-database",
                    "changing lease-database while running is not supported; restart the server");
        }
        EngineConfig ec = EngineConfig.from(next);
        try {
            for (ServerExtension e : extensions) {
                e.reconfigure(next);
            }
        } catch (Exception e) {
            throw new ConfigException(next.sourceName(), 0, 0, "Dhcp4/hooks-libraries", e.getMessage());
        }
        try {
            ddns.apply(next.server().dhcpDdns());
        } catch (IOException e) {
            throw new ConfigException(next.sourceName(), 0, 0, "Dhcp4/dhcp-ddns", e.getMessage());
        }
        engine.reconfigure(ec);
        boolean socketsChanged = !next.interfaces().equals(config.interfaces())
                || !next.multiThreading().equals(config.multiThreading());
        reclamation.reconfigure(next.expiredLeasesProcessing());
        if (o.controlSockets() && !next.controlSockets().equals(config.controlSockets())) {
            // The command that brought this configuration may be answering over a socket that changes: swap the
            // listeners once it has been answered, as Kea reopens its control socket after config-set.
            List<ControlSocket> wanted = next.controlSockets();
            LOG.info("LH_CONTROL_SOCKETS_CHANGED the control sockets change with the new configuration; they are"
                    + " reopened in {} ms, once this command is answered", CONTROL_SWAP_DELAY_MILLIS);
            scheduler.schedule(() -> swapControlSockets(wanted), CONTROL_SWAP_DELAY_MILLIS);
        }
        this.config = next;
        this.configText = jsonText;
        this.lastConfigMillis = scheduler.clock().currentTimeMillis();
        if (socketsChanged) {
            // Keep the port actually bound (it matters when the builder asked for an ephemeral one).
            int port = transport.localAddress().getPort();
            transport.close();
            dispatcher.close();
            startTransport(port);
        }
        LOG.info("LH_SERVER_RECONFIGURED {} subnet(s) from {}", next.subnets().size(), next.sourceName());
    }

    /**
     * Re-reads the configuration file and applies it (config-reload).
     *
     * @throws IllegalStateException when the server was not started from a file
     */
    @Override
    public synchronized KeaConfig reloadConfig() throws IOException, ConfigException {
        Path file = o.configFile();
        if (file == null) {
            throw new IllegalStateException("the server was not started from a file");
        }
        String text = Files.readString(file, StandardCharsets.UTF_8);
        KeaConfig next = KeaConfigLoader.parse(text, file.toString());
        reconfigure(next, text);
        return next;
    }

    /** Reclaims every expired lease now (leases-reclaim); returns how many. */
    @Override
    public int reclaimExpiredLeases(boolean remove) {
        return engine.reclaimExpired(remove, 0);
    }

    /** The Prometheus text of {@code GET /metrics}: see {@link PrometheusMetrics}. */
    public String metricsText() {
        List<MetricsContributor> all = new ArrayList<>(extensions);
        all.addAll(o.metricsContributors());
        return PrometheusMetrics.render(this, all);
    }

    // ---- parts and facts -------------------------------------------------------------------------------------

    @Override
    public KeaConfig config() {
        return config;
    }

    /** The JSON text of the configuration in force, or null when it was given as objects. */
    @Override
    public String configText() {
        return configText;
    }

    /** The configuration file given to the builder, or null. */
    @Override
    public Path configFile() {
        return o.configFile();
    }

    public Scheduler scheduler() {
        return scheduler;
    }

    public DhcpEngine engine() {
        return engine;
    }

    public LeaseStore leaseStore() {
        return store;
    }

    public LeaseCommands leases() {
        return leaseCommands;
    }

    public CommandRegistry commands() {
        return commands;
    }

    @Override
    public StatisticsRegistry statistics() {
        return stats;
    }

    @Override
    public ServiceState service() {
        return service;
    }

    @Override
    public List<ServerExtension> extensions() {
        return List.copyOf(extensions);
    }

    public InetSocketAddress localAddress() {
        return transport.localAddress();
    }

    public List<ListenerInfo> listeners() {
        return transport.listeners();
    }

    @Override
    public PacketDispatcher dispatcher() {
        return dispatcher;
    }

    /** Replies the sockets could not send since start; 0 before start. */
    @Override
    public long sendFailures() {
        DhcpTransport t = transport;
        return t == null ? 0 : t.sendFailures();
    }

    public InetSocketAddress httpControlAddress() {
        return controls.firstHttpAddress();
    }

    public synchronized List<InetSocketAddress> httpControlAddresses() {
        return controls.httpAddresses();
    }

    public synchronized List<Path> unixControlSockets() {
        return controls.unixPaths();
    }

    @Override
    public long uptimeSeconds() {
        return (scheduler.clock().currentTimeMillis() - startMillis) / 1000;
    }

    @Override
    public long secondsSinceReload() {
        return (scheduler.clock().currentTimeMillis() - lastConfigMillis) / 1000;
    }

    // ---- shutdown --------------------------------------------------------------------------------------------

    @Override
    public void requestShutdown(int exitValue) {
        this.exitValue = exitValue;
        shutdown.countDown();
    }

    public int awaitShutdown() throws InterruptedException {
        shutdown.await();
        return exitValue;
    }

    /** Stops everything and releases every socket, thread and file. Idempotent. */
    public synchronized void close() {
        closed = true;
        if (transport != null) {
            transport.close();
            transport = null;
        }
        if (dispatcher != null) {
            dispatcher.close();
            dispatcher = null;
        }
        controls.close();
        if (reclamation != null) {
            reclamation.stop();
            reclamation = null;
        }
        ddns.close();
        for (ServerExtension e : extensions) {
            try {
                e.close();
            } catch (RuntimeException ex) {
                LOG.warn("extension failed to close", ex);
            }
        }
        extensions.clear();
        if (store != null && ownsStore) {
            store.close();
        }
        store = null;
        if (o.scheduler() == null && scheduler instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing to do
            }
        }
        shutdown.countDown();
    }
}
