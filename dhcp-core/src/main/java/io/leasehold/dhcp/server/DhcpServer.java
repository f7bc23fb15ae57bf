package io.leasehold.dhcp.server;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.alloc.AllocatorFactory;
import io.leasehold.dhcp.config.ConfigException;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.control.CommandRegistry;
import io.leasehold.dhcp.control.LeaseCommands;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.server.internal.CoreCommands;
import io.leasehold.dhcp.server.internal.ServerOptions;
import io.leasehold.dhcp.server.internal.ServerRuntime;
import io.leasehold.dhcp.stats.MetricsContributor;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.time.Scheduler;
import io.leasehold.dhcp.transport.DhcpTransport;
import io.leasehold.dhcp.transport.ListenerInfo;
import io.leasehold.dhcp.transport.PacketDispatcher;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A DHCPv4 server from a Kea configuration: sockets, workers, engine, lease store, control channels and extensions
 * (such as HA) started together and released together.
 *
 * <pre>{@code
 * try (DhcpServer server = DhcpServer.builder()
 *         .config(KeaConfigLoader.load(Path.of("/etc/kea/kea-dhcp4.conf")))
 *         .build()
 *         .start()) {
 *     server.awaitShutdown();
 * }
 * }</pre>
 *
 * <p>Besides the lifecycle, a server offers a typed equivalent of every control command (see the README's "Typed
 * Java methods"): the parts it returns ({@link #leases()}, {@link #statistics()}, {@link #service()},
 * {@link #leaseStore()}, ...) and the methods below that stand for a command ({@link #status()},
 * {@link #reloadConfig()}, {@link #disableService}, ...). The assembly behind them lives in an internal runtime this
 * class delegates to.
 */
public final class DhcpServer implements AutoCloseable {
    private final ServerRuntime runtime;

    private DhcpServer(ServerOptions options) {
        this.runtime = new ServerRuntime(options);
    }

    public static Builder builder() {
        return new Builder();
    }

    // ---- lifecycle ----

    /** Opens the store, starts extensions, control channels and sockets. On failure releases what it opened. */
    public DhcpServer start() throws IOException {
        runtime.start();
        return this;
    }

    /**
     * A training run of the JVM (e.g. one writing an AOT cache with JDK 25's {@code -XX:AOTCacheOutput}, as the
     * standalone launcher does): the warm-up, each applicable extension's {@link ServerExtension.Factory#train
     * training}, then DHCP through a private server on a free loopback port, each within the {@link Builder#warmUp
     * warm-up budget}. Opens none of the configured sockets, stores, control channels or peer connections, so it
     * can run beside a running server or on a build machine. This server cannot be started afterwards.
     */
    public void train() {
        runtime.train();
    }

    /**
     * Validates and applies a new configuration without losing a lease: the engine is recompiled, sockets are
     * reopened only if the interfaces or ports changed, extensions reconfigure themselves. A refused configuration
     * leaves the running one untouched.
     */
    public void reconfigure(KeaConfig next) throws ConfigException {
        runtime.reconfigure(next, null);
    }

    /** As {@link #reconfigure(KeaConfig)}, remembering the JSON text it came from (for config-get). */
    public void reconfigure(KeaConfig next, String jsonText) throws ConfigException {
        runtime.reconfigure(next, jsonText);
    }

    /** Asks the server to stop ({@code shutdown} command); {@link #awaitShutdown()} returns. */
    public void requestShutdown(int exitValue) {
        runtime.requestShutdown(exitValue);
    }

    /** Blocks until {@link #requestShutdown} is called; returns the requested exit value. */
    public int awaitShutdown() throws InterruptedException {
        return runtime.awaitShutdown();
    }

    /** Stops everything and releases every socket, thread and file. Idempotent. */
    @Override
    public void close() {
        runtime.close();
    }

    public KeaConfig config() {
        return runtime.config();
    }

    // ---- typed equivalents of the core commands, for embedders ----

    /** Leasehold's version ({@code version-get}). */
    public static String version() {
        return CoreCommands.VERSION;
    }

    /** What {@code status-get} answers, as a JSON-like map. */
    public Map<String, Object> status() {
        return CoreCommands.status(runtime);
    }

    /**
     * Re-reads the file given to {@link Builder#configFile} and applies it ({@code config-reload}); a refused file
     * leaves the running configuration untouched.
     *
     * @throws IllegalStateException when the server was not started from a file
     */
    public KeaConfig reloadConfig() throws IOException, ConfigException {
        return runtime.reloadConfig();
    }

    /**
     * Writes the configuration in force to {@code file} ({@code config-write}): {@link #runningConfig}, pretty-printed;
     * returns the bytes written.
     */
    public long writeConfig(Path file) throws IOException {
        return CoreCommands.writeConfig(runtime, file);
    }

    /**
     * Reclaims every expired lease now ({@code leases-reclaim}); with {@code remove} they are deleted instead of
     * being kept as expired-reclaimed. Returns how many were reclaimed.
     */
    public int reclaimExpiredLeases(boolean remove) {
        return runtime.reclaimExpiredLeases(remove);
    }

    /** Stops answering clients ({@code dhcp-disable}); with {@code maxPeriodSeconds > 0} only for that long. */
    public void disableService(long maxPeriodSeconds) {
        runtime.service().disable(ServiceState.USER, maxPeriodSeconds);
    }

    /** Lifts {@link #disableService} ({@code dhcp-enable}). */
    public void enableService() {
        runtime.service().enable(ServiceState.USER);
    }

    /**
     * The configuration in force as {@code config-get} answers it: {@code {"Dhcp4": {...}}} rendered from the model,
     * with Kea's defaults filled in (a fresh mutable map; {@link #writeConfig} writes the same).
     */
    public Map<String, Object> runningConfig() {
        return CoreCommands.currentConfig(runtime);
    }

    /**
     * The JSON text of the configuration in force as it was given ({@code config-get} with
     * {@code {"original": true}}), or null when it was given as objects.
     */
    public String configText() {
        return runtime.configText();
    }

    /**
     * The Prometheus text served at {@code GET /metrics} on the HTTP control listeners (exposition format 0.0.4):
     * every statistic, pool utilisation per subnet, the service state, and what extensions and
     * {@link Builder#metricsContributor contributors} add.
     */
    public String metricsText() {
        return runtime.metricsText();
    }

    // ---- the running parts ----

    public DhcpEngine engine() {
        return runtime.engine();
    }

    public LeaseStore leaseStore() {
        return runtime.leaseStore();
    }

    /** Typed lease commands ({@code lease4-add}, {@code lease4-update}, {@code lease4-del}, {@code lease4-wipe}). */
    public LeaseCommands leases() {
        return runtime.leases();
    }

    /** Every control command, as the control channels run them. */
    public CommandRegistry commands() {
        return runtime.commands();
    }

    /** The statistics ({@code statistic-*} commands). */
    public StatisticsRegistry statistics() {
        return runtime.statistics();
    }

    /** The DHCP service state ({@code dhcp-enable}/{@code dhcp-disable} by origin). */
    public ServiceState service() {
        return runtime.service();
    }

    public List<ServerExtension> extensions() {
        return runtime.extensions();
    }

    /** Local address of the DHCP socket (useful with port 0). */
    public InetSocketAddress localAddress() {
        return runtime.localAddress();
    }

    public List<ListenerInfo> listeners() {
        return runtime.listeners();
    }

    public PacketDispatcher dispatcher() {
        return runtime.dispatcher();
    }

    /** Replies the sockets could not send (no route, buffer errors) since start; 0 before start. */
    public long sendFailures() {
        return runtime.sendFailures();
    }

    /** The first HTTP control listener's address, or null when there is none. */
    public InetSocketAddress httpControlAddress() {
        return runtime.httpControlAddress();
    }

    /** Addresses of every HTTP control listener (configured ones first, then {@link Builder#httpControl}). */
    public List<InetSocketAddress> httpControlAddresses() {
        return runtime.httpControlAddresses();
    }

    /** Paths of the open unix control sockets. */
    public List<Path> unixControlSockets() {
        return runtime.unixControlSockets();
    }

    /** Configuration path given to the builder (for config-reload and config-write), or null. */
    public Path configFile() {
        return runtime.configFile();
    }

    public long uptimeSeconds() {
        return runtime.uptimeSeconds();
    }

    public long secondsSinceReload() {
        return runtime.secondsSinceReload();
    }

    /** Settings of a {@link DhcpServer}. */
    public static final class Builder {
        private KeaConfig config;
        private Path configFile;
        private String configText;
        private LeaseStore store;
        private AllocatorFactory allocators = AllocatorFactory.SHIPPED;
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
        private Map<String, String> httpCredentials;
        private long controlTimeoutMillis = 10_000;
        private final List<MetricsContributor> metricsContributors = new ArrayList<>();
        private long warmUpMillis;

        private Builder() {
        }

        public Builder config(KeaConfig v) {
            this.config = Objects.requireNonNull(v);
            return this;
        }

        /** Loads the configuration from a file (also used by config-reload and config-write). */
        public Builder configFile(Path v) throws ConfigException {
            this.configFile = v;
            this.config = KeaConfigLoader.load(v);
            try {
                this.configText = java.nio.file.Files.readString(v);
            } catch (IOException e) {
                this.configText = null;
            }
            return this;
        }

        /** Parses a configuration from text. */
        public Builder configText(String v) throws ConfigException {
            this.config = KeaConfigLoader.parse(v, "<string>");
            this.configText = v;
            return this;
        }

        /** Uses this lease store instead of the one {@code lease-database} names (not closed by the server). */
        public Builder leaseStore(LeaseStore v) {
            this.store = v;
            return this;
        }

        /** Creates each subnet's address allocator (the allocator SPI); default: Kea's {@code allocator} key. */
        public Builder allocatorFactory(AllocatorFactory v) {
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
        public Builder controlTimeout(Duration v) {
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
        public Builder httpControl(InetSocketAddress v, Map<String, String> credentials) {
            this.httpControl = v;
            this.httpCredentials = credentials;
            return this;
        }

        /**
         * Warms the packet path up before the DHCP sockets open, for at most {@code budget} (zero, the default, for
         * no warm-up): synthetic clients run through a private engine and a scratch lease store of the configured
         * kind until the JIT has compiled the hot paths (the queries stop getting cheaper) or the budget is spent, so
         * the first real queries are not answered by a cold JVM. It leaves no lease, statistic, listener call, hook
         * call or HA update behind and logs one line, {@code LH_WARMUP_DONE}. The standalone server uses 5 s.
         */
        public Builder warmUp(Duration budget) {
            if (budget.isNegative()) {
                throw new IllegalArgumentException("warmUp must not be negative, got " + budget);
            }
            this.warmUpMillis = budget.toMillis();
            return this;
        }

        public DhcpServer build() {
            if (config == null) {
                throw new IllegalStateException("a configuration is required");
            }
            return new DhcpServer(new ServerOptions(config, configFile, configText, store, allocators, scheduler,
                    hook, listener, Collections.unmodifiableList(extensions), serverPort, clientPort, transportMode,
                    bindAddress, Collections.unmodifiableSet(localAddresses), controlSockets, httpControl,
                    httpCredentials, controlTimeoutMillis, Collections.unmodifiableList(metricsContributors),
                    warmUpMillis, false));
        }
    }
}
