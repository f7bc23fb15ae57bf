package io.leasehold.dhcp.ha;

import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaRelationship;
import io.leasehold.dhcp.config.KeaConfig;
import io.leasehold.dhcp.control.CommandException;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.engine.QueryHook;
import io.leasehold.dhcp.ha.internal.HaCommands;
import io.leasehold.dhcp.ha.internal.HaCoordinator;
import io.leasehold.dhcp.ha.internal.HaListeners;
import io.leasehold.dhcp.ha.internal.HaWarmUp;
import io.leasehold.dhcp.ha.internal.HaStatusJson;
import io.leasehold.dhcp.ha.internal.QueryRouter;
import io.leasehold.dhcp.ha.internal.SplitPoolCheck;
import io.leasehold.dhcp.ha.internal.Relationship;
import io.leasehold.dhcp.server.ServerContext;
import io.leasehold.dhcp.server.ServerExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Kea's {@code libdhcp_ha.so} for a {@link io.leasehold.dhcp.server.DhcpServer}: one state machine per configured
 * relationship, the {@code ha-*} commands, the HA part of {@code status-get}, the dedicated HTTP listeners, and the
 * query hook that classifies ({@code HA_<scope>}), filters by served scope and holds replies until the partner has
 * the lease. Wire-compatible with Kea 2.2 … 3.x peers.
 *
 * <p>Found through {@link HaExtensionFactory} for configurations that load {@code libdhcp_ha.so}; embedders that
 * bring their own peer transport pass one to {@link Builder#peerClients} and add the extension to the server's
 * builder, which then replaces the discovered one.
 */
public final class HaExtension implements ServerExtension, HaService {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");

    private final BiFunction<HaRelationship, HaPeer, PeerClient> peerClients;
    private final List<AutoCloseable> resources;
    private final boolean dedicatedListeners;
    private final QueryRouter router = new QueryRouter();
    private final HaCommands commands;
    private volatile List<HaCoordinator> coordinators = List.of();
    /** Whether {@link #beforeServing} ran: relationships (re)started after it start their state machines at once. */
    private boolean serving;
    private KeaConfig config;
    private ServerContext ctx;
    private HaListeners listeners;

    private HaExtension(Builder b) {
        this.config = b.config;
        this.peerClients = b.peerClients;
        this.resources = List.copyOf(b.resources);
        this.dedicatedListeners = b.dedicatedListeners;
        this.commands = new HaCommands(() -> coordinators);
    }

    public static Builder builder(KeaConfig config) {
        return new Builder(config);
    }

    @Override
    public QueryHook hook() {
        return router;
    }

    @Override
    public synchronized void start(ServerContext context) throws Exception {
        this.ctx = context;
        this.config = context.config();
        commands.register(context.commands());
        try {
            startRelationships(config);
        } catch (Exception e) {
            commands.unregister(context.commands());
            throw e;
        }
    }

    @Override
    public synchronized void reconfigure(KeaConfig next) throws Exception {
        if (ctx == null) {
            this.config = next;
            return;
        }
        if (next.highAvailability().equals(config.highAvailability())) {
            router.update(routing(next, coordinators));
            this.config = next;
            return;
        }
        LOG.info("LH_HA_RECONFIGURED the high-availability configuration changed; restarting HA in waiting");
        stopRelationships();
        try {
            startRelationships(next);
            this.config = next;
        } catch (Exception e) {
            LOG.error("LH_HA_RECONFIGURE_FAILED {}; keeping the previous HA configuration", e.getMessage());
            startRelationships(config);
            throw e;
        }
    }

    private void startRelationships(KeaConfig cfg) throws IOException {
        List<Relationship> rels = new ArrayList<>();
        List<HaRelationship> hs = cfg.highAvailability();
        for (int i = 0; i < hs.size(); i++) {
            rels.add(new Relationship(i, hs.get(i)));
        }
        Map<Long, Integer> bySubnet = QueryRouter.relationshipsBySubnet(cfg, rels);
        if (rels.size() > 1) {
            cfg.subnets().stream().filter(s -> !bySubnet.containsKey(s.id())).forEach(s -> LOG.warn(
                    "LH_HA_SUBNET_UNROUTED subnet {} ({}) names no HA relationship in user-context ha-server-name; "
                            + "its queries are dropped", s.id(), s.prefix()));
        }
        for (Relationship r : rels) {
            SplitPoolCheck.sharedPools(cfg, r.config().mode(), subnet -> rels.size() == 1
                    || Objects.equals(bySubnet.get(subnet), r.index())).forEach(p -> LOG.warn(
                    "LH_HA_LB_SHARED_POOL subnet {} ({}) pool {} is not split by the HA_<server> classes; in "
                            + "load-balancing both servers allocate from it and may lease one address to two "
                            + "clients (give each server its own pool with client-class HA_<server>)",
                    p.subnetId(), p.subnet(), p.pool()));
        }
        ServerContext c = new ServerContext(cfg, ctx.store(), ctx.engine(), ctx.leaseCommands(), ctx.commands(),
                ctx.service(), ctx.statistics(), ctx.scheduler(), ctx.listener());
        List<HaCoordinator> cs = new ArrayList<>();
        try {
            for (Relationship r : rels) {
                Predicate<io.leasehold.dhcp.lease.Lease4> owned = rels.size() == 1 ? l -> true
                        : l -> Objects.equals(bySubnet.get(l.subnetId()), r.index());
                cs.add(new HaCoordinator(r, c, peerClients, owned, rels.size() > 1));
            }
            if (dedicatedListeners) {
                long pool = cfg.multiThreading().threadPoolSize();
                listeners = HaListeners.start(rels, ctx.commands(), cfg.multiThreading().enabled(),
                        (int) Math.max(2, Math.min(pool, 64)));
            }
        } catch (IOException | RuntimeException e) {
            cs.forEach(HaCoordinator::close);
            throw e;
        }
        coordinators = List.copyOf(cs);
        router.update(routing(cfg, cs));
        boolean open = serving;
        cs.forEach(h -> h.start(open));
    }

    /**
     * A standby restarted into a running relationship pulls its partner's leases before the server's warm-up
     * instead of beside it (see {@link HaCoordinator#awaitStartUpSync}); with peers wired another way (in memory,
     * in tests) it does not wait.
     */
    @Override
    public void beforeWarmUp(long maxMillis) {
        if (!dedicatedListeners) {
            return;
        }
        long deadline = System.nanoTime() + maxMillis * 1_000_000L;
        for (HaCoordinator c : coordinators) {
            c.awaitStartUpSync(deadline);
        }
    }

    /**
     * Sends synthetic lease updates through a scratch copy of each relationship's lease-update path (see
     * {@link HaWarmUp}); the real partner sees none of them.
     */
    @Override
    public void warmUp(long budgetMillis) {
        if (!dedicatedListeners) {
            return;            // peers wired another way (in memory, in tests): no HTTP path to warm
        }
        List<HaCoordinator> cs = coordinators;
        KeaConfig cfg = config;
        long deadline = System.nanoTime() + budgetMillis * 1_000_000L;
        for (HaCoordinator c : cs) {
            long left = (deadline - System.nanoTime()) / 1_000_000L;
            // a restart into a running relationship (the partner answers a heartbeat as serving) skips it: the
            // partner serves the clients, this server synchronises first, and its lease-update path warms on the
            // real updates
            HaWarmUp.run(cfg, c.relationship(), ctx.scheduler(), Math.min(left, HaWarmUp.MAX_MILLIS),
                    () -> c.partnerServing(HaWarmUp.PROBE_MILLIS));
        }
    }

    /**
     * The state machines run from {@link #start}, before the server's warm-up: heartbeats go at once, and a standby
     * restarted into a running pair synchronises its leases while the warm-up runs instead of after it. Until this
     * call (the DHCP sockets are about to open) no transition is made into a state in which this server answers
     * clients, and a server that answers clients in the normal state stays in {@code waiting} (see
     * {@code HaStateMachine#heldForSockets}), so none reports a serving state while its sockets are still shut.
     */
    @Override
    public synchronized void beforeServing() {
        if (!serving) {
            serving = true;
            coordinators.forEach(HaCoordinator::socketsOpened);
        }
    }

    private static QueryRouter.Routing routing(KeaConfig cfg, List<HaCoordinator> cs) {
        List<Relationship> rels = new ArrayList<>();
        cs.forEach(h -> rels.add(h.relationship()));
        Map<Long, HaCoordinator> bySubnet = new HashMap<>();
        QueryRouter.relationshipsBySubnet(cfg, rels).forEach((subnet, index) -> bySubnet.put(subnet, cs.get(index)));
        return new QueryRouter.Routing(cs, bySubnet);
    }

    private void stopRelationships() {
        router.update(new QueryRouter.Routing(List.of(), Map.of()));
        if (listeners != null) {
            listeners.close();
            listeners = null;
        }
        coordinators.forEach(HaCoordinator::close);
        coordinators = List.of();
    }

    @Override
    public void status(Map<String, Object> arguments) {
        List<Object> list = new ArrayList<>();
        coordinators.forEach(c -> list.add(HaStatusJson.of(c)));
        arguments.put("high-availability", list);
    }

    @Override
    public synchronized void close() {
        stopRelationships();
        if (ctx != null) {
            commands.unregister(ctx.commands());
        }
        for (AutoCloseable r : resources) {
            try {
                r.close();
            } catch (Exception e) {
                LOG.warn("LH_HA_CLOSE_FAILED {} failed to close", r, e);
            }
        }
    }

    /** The addresses the dedicated HA listeners are bound to. */
    public synchronized List<java.net.InetSocketAddress> listenerAddresses() {
        return listeners == null ? List.of() : listeners.addresses();
    }

    // ---- HaService ----------------------------------------------------------------------------------------------

    @Override
    public List<String> relationships() {
        List<String> out = new ArrayList<>();
        coordinators.forEach(c -> out.add(c.relationship().name()));
        return out;
    }

    private HaCoordinator coordinator(String name) {
        try {
            return HaCommands.byPeer(coordinators, name);
        } catch (CommandException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
    }

    @Override
    public HaStatus status(String relationship) {
        HaCoordinator c = coordinator(relationship);
        Relationship r = c.relationship();
        HaCoordinator.Snapshot s = c.snapshot();
        return new HaStatus(r.name(), r.mode(), r.role(), s.state(), s.scopes(), s.paused(),
                r.partner().map(HaPeer::name).orElse(null), s.partnerState(), s.partnerScopes(),
                s.communicationInterrupted(), s.unackedClients(), s.unsentUpdateCount(), s.clockSkewSeconds());
    }

    @Override
    public CompletionStage<ControlResult> sync(String peerName, long maxPeriodSeconds) {
        return coordinator(peerName).syncFrom(peerName, maxPeriodSeconds);
    }

    @Override
    public CompletionStage<ControlResult> maintenanceStart() {
        return commands.maintenance(true);
    }

    @Override
    public CompletionStage<ControlResult> maintenanceCancel() {
        return commands.maintenance(false);
    }

    @Override
    public ControlResult reset(String relationship) {
        return coordinator(relationship).reset();
    }

    @Override
    public ControlResult continueStateMachine(String relationship) {
        return coordinator(relationship).continueMachine();
    }

    @Override
    public ControlResult setScopes(String relationship, List<String> scopes) {
        return coordinator(relationship).setScopes(scopes);
    }

    /** Settings of an {@link HaExtension}. */
    public static final class Builder {
        private final KeaConfig config;
        private BiFunction<HaRelationship, HaPeer, PeerClient> peerClients = NO_TRANSPORT;
        private final List<AutoCloseable> resources = new ArrayList<>();
        private boolean dedicatedListeners = true;

        private Builder(KeaConfig config) {
            this.config = Objects.requireNonNull(config);
        }

        /**
         * Creates the client for each peer this server talks to, given the relationship whose TLS files and
         * credentials apply (the Netty HTTP client's {@code NettyPeerClients::client} fits).
         */
        public Builder peerClients(BiFunction<HaRelationship, HaPeer, PeerClient> v) {
            this.peerClients = Objects.requireNonNull(v);
            return this;
        }

        /** As {@link #peerClients(BiFunction)} for a factory that needs only the peer. */
        public Builder peerClients(Function<HaPeer, PeerClient> v) {
            Objects.requireNonNull(v);
            this.peerClients = (rel, peer) -> v.apply(peer);
            return this;
        }

        /** Something the peer clients share (an event loop group) that is closed with the extension. */
        public Builder closeWith(AutoCloseable v) {
            this.resources.add(Objects.requireNonNull(v));
            return this;
        }

        /**
         * Whether to open the dedicated HTTP listeners on this server's peer URLs (default true; tests that wire
         * peers in memory turn them off).
         */
        public Builder dedicatedListeners(boolean v) {
            this.dedicatedListeners = v;
            return this;
        }

        public HaExtension build() {
            return new HaExtension(this);
        }
    }

    /** The default until a peer transport is given: starting fails, naming the peer and the fix. */
    private static final BiFunction<HaRelationship, HaPeer, PeerClient> NO_TRANSPORT = (rel, peer) -> {
        throw new IllegalStateException("no HTTP client for HA peer " + peer.name() + " (" + peer.url()
                + "): add HaExtension.builder(config).peerClients(...) to the server builder");
    };
}
