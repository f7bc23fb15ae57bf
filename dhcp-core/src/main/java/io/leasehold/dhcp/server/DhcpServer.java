package io.leasehold.dhcp.server;

import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.HttpCommandServer;
import io.leasehold.dhcp.control.LeaseCommandContext;
import io.leasehold.dhcp.control.LeaseCommands;
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
import java.util.List;
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
    private UnixControlSocket unixSocket;
    private HttpCommandServer httpControl;
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
                store = LeaseStoreFactory.openConfigured(config.leaseDatabase(), scheduler.clock(), scheduler);
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
                    .localAddresses(b.localAddresses).build();
            leaseCommands = new LeaseCommands(leaseContext());
            leaseCommands.registerAll(commands);
            StatisticsCommands.register(commands, stats);
            service.registerCommands(commands);
            CoreCommands.register(commands, this);
            ServerContext ctx = new ServerContext(config, store, engine, leaseCommands, commands, service, stats,
                    scheduler, b.listener);
            for (ServerExtension e : extensions) {
                e.start(ctx);
            }
            reclamation = new Reclamation(engine, scheduler, config.expiredLeasesProcessing());
            reclamation.start();
            if (config.controlSocket().isPresent() && b.controlSockets) {
                unixSocket = new UnixControlSocket(Path.of(config.controlSocket().get().socketName()), commands)
                        .start();
            }
            if (b.httpControl != null) {
                httpControl = HttpCommandServer.builder(commands).address(b.httpControl)
                        .credentials(b.httpCredentials).name("leasehold-control-http").build().start();
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

    private void startTransport() {
        boolean mt = config.multiThreading().enabled();
        PacketPipeline[] holder = new PacketPipeline[1];
        dispatcher = mt ? PacketDispatcher.workers((p, r) -> holder[0].handle(p, r),
                (int) config.multiThreading().threadPoolSize(), (int) config.multiThreading().packetQueueSize(),
                "leasehold-dhcp-worker") : PacketDispatcher.inline((p, r) -> holder[0].handle(p, r));
        List<InterfaceSpec> ifaces = new ArrayList<>();
        config.interfaces().interfaces().forEach(s -> ifaces.add(InterfaceSpec.parse(s.toString())));
        DhcpTransport.Builder tb = DhcpTransport.builder().serverPort(b.serverPort).dispatcher(dispatcher)
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
        if (!next.leaseDatabase().equals(config.leaseDatabase())) {
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
        this.config = next;
        this.configText = jsonText;
        this.lastConfigMillis = scheduler.clock().currentTimeMillis();
        if (socketsChanged) {
            transport.close();
            dispatcher.close();
            startTransport();
        }
        LOG.info("LH_SERVER_RECONFIGURED {} subnet(s) from {}", next.subnets().size(), next.sourceName());
    }

    public KeaConfig config() {
        return config;
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

    /** The HTTP control listener's address, when one was configured. */
    public InetSocketAddress httpControlAddress() {
        return httpControl == null ? null : httpControl.localAddress();
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
        if (httpControl != null) {
            httpControl.close();
            httpControl = null;
        }
        if (unixSocket != null) {
            unixSocket.close();
            unixSocket = null;
        }
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

        /** Also serve commands over HTTP (Kea Control Agent style) on this address. */
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
