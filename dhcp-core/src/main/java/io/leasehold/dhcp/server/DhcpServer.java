package io.leasehold.dhcp.server;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.ControlSocket;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.HttpCommandServer;
import io.leasehold.dhcp.control.LeaseCommandContext;
import io.leasehold.dhcp.control.LeaseCommands;
import io.leasehold.dhcp.control.TlsFiles;
import io.leasehold.dhcp.control.UnixControlSocket;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.engine.EngineConfig;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.lease.LeaseStoreFactory;
import io.leasehold.dhcp.server.internal.CoreCommands;
import io.leasehold.dhcp.server.internal.ExtensionHooks;
import io.leasehold.dhcp.server.internal.PacketPipeline;
import io.leasehold.dhcp.server.internal.PrometheusMetrics;
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
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * A DHCPv4 server from a Kea configuration: sockets, workers, engine, lease store, control channels and extensions
 * (such as HA) started together and released together.
 *
 * <pre>{@code
 * try (DhcpServer server = DhcpServer.builder()
 *         .config(KeaConfig.load(Path.of("/etc/kea/kea-dhcp4.conf")))
 *         .build()
 *         .start()) {
 *     server.awaitShutdown();
 * }
 * }</pre>
 */
public final class DhcpServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.server");

    private final Builder b;
    private volatile KeaConfig config;
    private final Scheduler scheduler;
    private final StatisticsRegistry stats;
    private final CommandRegistry commands = new CommandRegistry();
    private final ServiceState service;
    private final CountDownLatch shutdown = new CountDownLatch(1);
    private final long startMillis;
    private LeaseStore store;
    private boolean ownsStore;
    private DhcpEngine engine;
    private LeaseCommands leaseCommands;
    private DhcpTransport transport;
    private PacketDispatcher dispatcher;
    private final List<UnixControlSocket> unixSockets = new ArrayList<>();
    private final List<HttpCommandServer> httpControls = new ArrayList<>();
    private final List<ServerExtension> extensions = new ArrayList<>();
    private Reclamation reclamation;
    private volatile long lastConfigMillis;
    private volatile String configText;
    private volatile int exitValue;

    private DhcpServer(Builder b) {
        this.b = b;
        this.config = b.config;
        this.configText = b.configText;
        this.scheduler = b.scheduler != null ? b.scheduler : Scheduler.system("leasehold-timers");
        this.stats = new StatisticsRegistry(scheduler.clock());
        this.service = new ServiceState(scheduler);
        this.startMillis = scheduler.clock().currentTimeMillis();
        this.lastConfigMillis = startMillis;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Opens the store, starts extensions, control channels and sockets. On failure releases what it opened. */
    public synchronized DhcpServer start() throws IOException {
        try {
            store = b.store;
            if (store == null) {
                store = LeaseStoreFactory.openConfigured(config, scheduler.clock(), scheduler);
                ownsStore = true;
            }
            for (ServerExtension.Factory f : ServiceLoader.load(ServerExtension.Factory.class)) {
                if (f.appliesTo(config)) {
                    ServerExtension found = f.create(config);
                    // One of the same class given to the builder (e.g. HA with its own peer transport) replaces it.
                    if (b.extensions.stream().anyMatch(x -> x.getClass() == found.getClass())) {
                        found.close();
                    } else {
                        extensions.add(found);
                    }
                }
            }
            extensions.addAll(b.extensions);
            List<QueryHook> hooks = new ArrayList<>();
            extensions.forEach(e -> hooks.add(e.hook()));
            if (b.hook != null) {
                hooks.add(b.hook);
            }
            engine = DhcpEngine.builder(EngineConfig.from(config), store).clock(scheduler.clock()).statistics(stats)
                    .hook(ExtensionHooks.combine(hooks)).serverPort(b.serverPort).clientPort(b.clientPort)
                    .localAddresses(b.localAddresses).allocatorFactory(b.allocators).build();
            engine.onReclaimed(b.listener::leaseExpired);
            leaseCommands = new LeaseCommands(leaseContext());
            leaseCommands.registerAll(commands);
            StatisticsCommands.register(commands, stats);
            StatisticsCommands.registerStatLease(commands, stats, () -> engine.subnetIds());
            service.registerCommands(commands);
            CoreCommands.register(commands, this);
            ServerContext ctx = new ServerContext(config, store, engine, leaseCommands, commands, service, stats,
                    scheduler, b.listener);
            for (ServerExtension e : extensions) {
                e.start(ctx);
            }
            reclamation = new Reclamation(engine, scheduler, config.expiredLeasesProcessing());
            reclamation.start();
            if (b.controlSockets) {
                for (ControlSocket cs : config.controlSockets()) {
                    openControlSocket(cs);
                }
            }
            if (b.httpControl != null) {
                httpControls.add(httpBuilder().address(b.httpControl).credentials(b.httpCredentials).build()
                        .start());
            }
            startTransport();
            LOG.info("LH_SERVER_STARTED serving {} subnet(s) from {}", config.subnets().size(), config.sourceName());
            return this;
        } catch (IOException | RuntimeException e) {
            close();
            throw e;
        } catch (Exception e) {
            close();
            throw new IOException(e.getMessage(), e);
        }
    }

    private void openControlSocket(ControlSocket cs) throws IOException {
        if (cs.isUnix()) {
            unixSockets.add(new UnixControlSocket(Path.of(cs.socketName()), commands, b.controlTimeoutMillis)
                    .start());
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
        httpControls.add(hb.build().start());
    }

    private static Map<String, String> headersOf(ControlSocket cs) {
        Map<String, String> m = new LinkedHashMap<>();
        cs.httpHeaders().forEach(h -> m.put(h.name(), h.value()));
        return m;
    }

    private HttpCommandServer.Builder httpBuilder() {
        return HttpCommandServer.builder(commands).name("leasehold-control-http").origin("http")
                .maxBodyBytes(UnixControlSocket.MAX_COMMAND_BYTES)
                .getHandlers(Map.of("/metrics", this::metricsText));
    }

    /**
     * The Prometheus text served at {@code GET /metrics} on the HTTP control listeners (exposition format 0.0.4):
     * every statistic, pool utilisation per subnet, the service state, and what extensions and
     * {@link Builder#metricsContributor contributors} add.
     */
    public String metricsText() {
        List<MetricsContributor> all = new ArrayList<>(extensions);
        all.addAll(b.metricsContributors);
        return PrometheusMetrics.render(this, all);
    }

    private void startTransport() {
        startTransport(b.serverPort);
    }

    private void startTransport(int port) {
        boolean mt = config.multiThreading().enabled();
        PacketPipeline[] holder = new PacketPipeline[1];
        dispatcher = mt ? PacketDispatcher.workers((p, r) -> holder[0].handle(p, r),
                (int) config.multiThreading().threadPoolSize(), (int) config.multiThreading().packetQueueSize(),
                "leasehold-dhcp-worker") : PacketDispatcher.inline((p, r) -> holder[0].handle(p, r));
        List<InterfaceSpec> ifaces = new ArrayList<>();
        config.interfaces().interfaces().forEach(s -> ifaces.add(InterfaceSpec.parse(s.toString())));
        DhcpTransport.Builder tb = DhcpTransport.builder().serverPort(port).dispatcher(dispatcher)
                .mode(b.transportMode).interfaces(b.transportMode == DhcpTransport.Mode.NIO ? List.of() : ifaces);
        if (b.bindAddress != null) {
            tb.bindAddress(b.bindAddress);
        }
        transport = tb.build();
        List<ListenerInfo>[] infos = new List[1];
        holder[0] = new PacketPipeline(engine, service, engine == null ? QueryHook.NONE : hookOf(), b.listener,
                () -> infos[0], config.server().parkedPacketLimit(), stats);
        transport.start();
        infos[0] = transport.listeners();
    }

    private QueryHook hookOf() {
        List<QueryHook> hooks = new ArrayList<>();
        extensions.forEach(e -> hooks.add(e.hook()));
        if (b.hook != null) {
            hooks.add(b.hook);
        }
        return ExtensionHooks.combine(hooks);
    }

    private LeaseCommandContext leaseContext() {
        return new LeaseCommandContext() {
            @Override
            public LeaseStore store() {
                return store;
            }

            @Override
            public long nowSeconds() {
                return scheduler.clock().currentTimeSeconds();
            }

            @Override
            public long resolveSubnet(long requested, int address) {
                return CoreCommands.resolveSubnet(engine, requested, address);
            }

            @Override
            public long defaultValidLifetime(long subnetId) {
                return engine.defaultValidLifetime(subnetId);
            }

            @Override
            public Collection<Long> subnetIds() {
                return engine.subnetIds();
            }

            @Override
            public void leaseChanged(Lease4 before, Lease4 after) {
                engine.leaseChanged(before, after);
            }
        };
    }

    /**
     * Validates and applies a new configuration without losing a lease: the engine is recompiled, sockets are
     * reopened only if the interfaces or ports changed, extensions reconfigure themselves. A refused configuration
     * leaves the running one untouched.
     */
    public synchronized void reconfigure(KeaConfig next) throws ConfigException {
        reconfigure(next, null);
    }

    /** As {@link #reconfigure(KeaConfig)}, remembering the JSON text it came from (for config-get). */
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
        engine.reconfigure(ec);
        boolean socketsChanged = !next.interfaces().equals(config.interfaces())
                || !next.multiThreading().equals(config.multiThreading());
        reclamation.reconfigure(next.expiredLeasesProcessing());
        if (!next.controlSockets().equals(config.controlSockets())) {
            LOG.warn("LH_CONTROL_SOCKETS_CHANGED the control sockets of the new configuration differ from those"
                    + " open; they are reopened at the next restart");
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

    public KeaConfig config() {
        return config;
    }

    // ---- typed equivalents of the core commands, for embedders ----

    /** Leasehold's version ({@code version-get}). */
    public static String version() {
        return CoreCommands.VERSION;
    }

    /** What {@code status-get} answers, as a JSON-like map. */
    public Map<String, Object> status() {
        return CoreCommands.status(this);
    }

    /**
     * Re-reads the file given to {@link Builder#configFile} and applies it ({@code config-reload}); a refused file
     * leaves the running configuration untouched.
     *
     * @throws IllegalStateException when the server was not started from a file
     */
    public synchronized KeaConfig reloadConfig() throws IOException, ConfigException {
        Path file = b.configFile;
        if (file == null) {
            throw new IllegalStateException("the server was not started from a file");
        }
        String text = java.nio.file.Files.readString(file, java.nio.charset.StandardCharsets.UTF_8);
        KeaConfig next = KeaConfig.parse(text, file.toString());
        reconfigure(next, text);
        return next;
    }

    /** Writes the configuration in force to {@code file} ({@code config-write}); returns the bytes written. */
    public long writeConfig(Path file) throws IOException {
        return CoreCommands.writeConfig(this, file);
    }

    /**
     * Reclaims every expired lease now ({@code leases-reclaim}); with {@code remove} they are deleted instead of
     * being kept as expired-reclaimed. Returns how many were reclaimed.
     */
    public int reclaimExpiredLeases(boolean remove) {
        return engine.reclaimExpired(remove, 0);
    }

    /** Stops answering clients ({@code dhcp-disable}); with {@code maxPeriodSeconds > 0} only for that long. */
    public void disableService(long maxPeriodSeconds) {
        service.disable(ServiceState.USER, maxPeriodSeconds);
    }

    /** Lifts {@link #disableService} ({@code dhcp-enable}). */
    public void enableService() {
        service.enable(ServiceState.USER);
    }

    /** The JSON text of the configuration in force, or null when it was given as objects. */
    public String configText() {
        return configText;
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

    public StatisticsRegistry statistics() {
        return stats;
    }

    public ServiceState service() {
        return service;
    }

    public List<ServerExtension> extensions() {
        return List.copyOf(extensions);
    }

    /** Local address of the DHCP socket (useful with port 0). */
    public InetSocketAddress localAddress() {
        return transport.localAddress();
    }

    public List<ListenerInfo> listeners() {
        return transport.listeners();
    }

    public PacketDispatcher dispatcher() {
        return dispatcher;
    }

    /** Replies the sockets could not send (no route, buffer errors) since start; 0 before start. */
    public long sendFailures() {
        DhcpTransport t = transport;
        return t == null ? 0 : t.sendFailures();
    }

    /** The first HTTP control listener's address, or null when there is none. */
    public InetSocketAddress httpControlAddress() {
        return httpControls.isEmpty() ? null : httpControls.get(0).localAddress();
    }

    /** Addresses of every HTTP control listener (configured ones first, then {@link Builder#httpControl}). */
    public synchronized List<InetSocketAddress> httpControlAddresses() {
        return httpControls.stream().map(HttpCommandServer::localAddress).toList();
    }

    /** Paths of the open unix control sockets. */
    public synchronized List<Path> unixControlSockets() {
        return unixSockets.stream().map(UnixControlSocket::path).toList();
    }

    /** Configuration path given to the builder (for config-reload and config-write), or null. */
    public Path configFile() {
        return b.configFile;
    }

    public long uptimeSeconds() {
        return (scheduler.clock().currentTimeMillis() - startMillis) / 1000;
    }

    public long secondsSinceReload() {
        return (scheduler.clock().currentTimeMillis() - lastConfigMillis) / 1000;
    }

    /** Asks the server to stop ({@code shutdown} command); {@link #awaitShutdown()} returns. */
    public void requestShutdown(int exitValue) {
        this.exitValue = exitValue;
        shutdown.countDown();
    }

    /** Blocks until {@link #requestShutdown} is called; returns the requested exit value. */
    public int awaitShutdown() throws InterruptedException {
        shutdown.await();
        return exitValue;
    }

    /** Stops everything and releases every socket, thread and file. Idempotent. */
    @Override
    public synchronized void close() {
        if (transport != null) {
            transport.close();
            transport = null;
        }
        if (dispatcher != null) {
            dispatcher.close();
            dispatcher = null;
        }
        httpControls.forEach(HttpCommandServer::close);
        httpControls.clear();
        unixSockets.forEach(UnixControlSocket::close);
        unixSockets.clear();
        if (reclamation != null) {
            reclamation.stop();
            reclamation = null;
        }
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
        if (b.scheduler == null && scheduler instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // nothing to do
            }
        }
        shutdown.countDown();
    }

    /** Settings of a {@link DhcpServer}. */
    public static final class Builder {
        private KeaConfig config;
        private Path configFile;
        private String configText;
        private LeaseStore store;
        private io.leasehold.dhcp.alloc.AllocatorFactory allocators = io.leasehold.dhcp.alloc.AllocatorFactory.SHIPPED;
        private Scheduler scheduler;
        private QueryHook hook;
        private ServerListener listener = ServerListener.NONE;
        private final List<ServerExtension> extensions = new ArrayList<>();
        private int serverPort = 67;
        private int clientPort = 68;
        private DhcpTransport.Mode transportMode = DhcpTransport.Mode.AUTO;
        private InetAddress bindAddress;
        private Set<Integer> localAddresses = new HashSet<>();
        private boolean controlSockets = true;
        private InetSocketAddress httpControl;
        private java.util.Map<String, String> httpCredentials;
        private long controlTimeoutMillis = 10_000;
        private final List<MetricsContributor> metricsContributors = new ArrayList<>();

        private Builder() {
        }

        public Builder config(KeaConfig v) {
            this.config = Objects.requireNonNull(v);
            return this;
        }

        /** Loads the configuration from a file (also used by config-reload and config-write). */
        public Builder configFile(Path v) throws ConfigException {
            this.configFile = v;
            this.config = KeaConfig.load(v);
            try {
                this.configText = java.nio.file.Files.readString(v);
            } catch (IOException e) {
                this.configText = null;
            }
            return this;
        }

        /** Parses a configuration from text. */
        public Builder configText(String v) throws ConfigException {
            this.config = KeaConfig.parse(v, "<string>");
            this.configText = v;
            return this;
        }

        /** Uses this lease store instead of the one {@code lease-database} names (not closed by the server). */
        public Builder leaseStore(LeaseStore v) {
            this.store = v;
            return this;
        }

        /** Creates each subnet's address allocator (the allocator SPI); default: Kea's {@code allocator} key. */
        public Builder allocatorFactory(io.leasehold.dhcp.alloc.AllocatorFactory v) {
            this.allocators = Objects.requireNonNull(v);
            return this;
        }

        /** Timers and clock (virtual time in tests). */
        public Builder scheduler(Scheduler v) {
            this.scheduler = v;
            return this;
        }

        public Builder hook(QueryHook v) {
            this.hook = v;
            return this;
        }

        public Builder listener(ServerListener v) {
            this.listener = Objects.requireNonNull(v);
            return this;
        }

        /** Adds an extension in addition to those found for the configuration's hook libraries. */
        public Builder extension(ServerExtension v) {
            this.extensions.add(v);
            return this;
        }

        /** Kea's {@code -p}: the port to listen on (relay replies go to it too); 0 for any free port in NIO mode. */
        public Builder serverPort(int v) {
            this.serverPort = v;
            return this;
        }

        /** Kea's {@code -P}: the port replies to clients go to. */
        public Builder clientPort(int v) {
            this.clientPort = v;
            return this;
        }

        public Builder transportMode(DhcpTransport.Mode v) {
            this.transportMode = v;
            return this;
        }

        /** Address the NIO (relay-mode) socket binds to; also counted as one of this server's identifiers. */
        public Builder bindAddress(InetAddress v) {
            this.bindAddress = v;
            byte[] a = v.getAddress();
            if (a.length == 4) {
                localAddresses.add((a[0] & 0xff) << 24 | (a[1] & 0xff) << 16 | (a[2] & 0xff) << 8 | (a[3] & 0xff));
            }
            return this;
        }

        /** Additional addresses this server answers to in option 54. */
        public Builder localAddresses(Set<Integer> v) {
            this.localAddresses.addAll(v);
            return this;
        }

        /** Whether to open the configured unix control socket (default true). */
        public Builder controlSockets(boolean v) {
            this.controlSockets = v;
            return this;
        }

        /**
         * How long a unix control connection may take to send a complete command before it is answered with
         * Kea's "timed out" error (default 10 s, as Kea).
         */
        public Builder controlTimeout(java.time.Duration v) {
            if (v.isNegative() || v.isZero()) {
                throw new IllegalArgumentException("controlTimeout must be positive, got " + v);
            }
            this.controlTimeoutMillis = v.toMillis();
            return this;
        }

        /** Adds metrics to {@code GET /metrics} (in addition to every extension's). */
        public Builder metricsContributor(MetricsContributor v) {
            this.metricsContributors.add(Objects.requireNonNull(v));
            return this;
        }

        /**
         * Also serve commands over HTTP (Kea Control Agent style) on this address, in addition to the
         * configuration's {@code control-sockets}; {@code credentials} (user to password) enable basic
         * authentication, null or empty for none.
         */
        public Builder httpControl(InetSocketAddress v, java.util.Map<String, String> credentials) {
            this.httpControl = v;
            this.httpCredentials = credentials;
            return this;
        }

        public DhcpServer build() {
            if (config == null) {
                throw new IllegalStateException("a configuration is required");
            }
            return new DhcpServer(this);
        }
    }
}
