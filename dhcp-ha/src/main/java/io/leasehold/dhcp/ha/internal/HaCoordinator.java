package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.HaMode;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaRelationship;
import io.leasehold.dhcp.config.HaRole;
import io.leasehold.dhcp.config.HaStatePause;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.server.ServerContext;
import io.leasehold.dhcp.time.Clock;
import io.leasehold.dhcp.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.AbstractMap;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * The HA state machine of one relationship (Kea's HA service): heartbeats, failure detection, state transitions
 * (decided by {@link Transitions}) and their effects on served scopes and on the local DHCP service (origin
 * {@code 1000 + i}), automatic lease synchronisation, the communication-recovery backlog, maintenance, and the
 * receiving side of the peer commands.
 *
 * <p>Threading: state is guarded by this object's monitor; nothing is sent to a peer while holding it. The state
 * machine runs on the scheduler thread (or the thread that processed a heartbeat answer), one run at a time. Answers
 * of heartbeats, sync pages and backlog replays are processed on the scheduler, never on the peer client's I/O
 * thread; lease-update answers complete the parked reply directly.
 */
public final class HaCoordinator implements LeaseUpdater.Owner {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");
    static final long CLOCK_SKEW_WARN_SECONDS = 30;
    static final long CLOCK_SKEW_TERMINATE_SECONDS = 60;
    private static final long SKEW_WARN_GAG_NANOS = 60_000_000_000L;
    /** Kea 2.5.8: a server waiting for a terminated partner gives up after 10 minutes. */
    static final long TERMINATED_PARTNER_GIVE_UP_MILLIS = 600_000;
    /** Leasehold: automatic resynchronisations (instead of Kea's terminated) allowed per hour. */
    static final int AUTO_RESYNCS_PER_HOUR = 3;
    private static final long HOUR_NANOS = 3600_000_000_000L;
    private static final Set<HaState> SERVICE_OFF = EnumSet.of(HaState.WAITING, HaState.SYNCING, HaState.READY,
            HaState.IN_MAINTENANCE, HaState.BACKUP);
    private static final Set<HaState> DIVERGENCE_CHECKED = EnumSet.of(HaState.HOT_STANDBY, HaState.LOAD_BALANCING,
            HaState.COMMUNICATION_RECOVERY, HaState.PARTNER_DOWN, HaState.PARTNER_IN_MAINTENANCE);

    private final Relationship rel;
    private final ServerContext ctx;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Executor hop;
    private final PeerClient partnerClient;
    private final Map<String, PeerClient> clients;
    private final ScopeFilter scopes;
    private final PartnerState partner;
    private final UnackedClients unacked;
    private final UpdateBacklog backlog;
    private final RejectedUpdates rejected = new RejectedUpdates();
    private final LeaseUpdater updater;
    private final LeaseSynchronizer synchronizer;
    private final HeartbeatLoop heartbeats;
    private final SerialRunner runner = new SerialRunner(this::runOnce);
    private final AtomicBoolean runScheduled = new AtomicBoolean();

    private final boolean gateLocally;
    private volatile HaState state = HaState.WAITING;
    private volatile boolean serviceOff = true;
    private HaState previousState = HaState.WAITING;
    private volatile boolean paused;
    private final Set<HaState> pausedOnce = EnumSet.noneOf(HaState.class);
    private boolean started;
    private boolean closed;
    private boolean syncInProgress;
    private boolean recoveryInProgress;
    private boolean partnerDownViaMaintenance;
    private boolean interruptionLogged;
    private boolean backlogOverflowLogged;
    private boolean rejectedTerminate;
    private final Set<Integer> notifiedOrigins = new TreeSet<>();
    private final ArrayDeque<Long> autoResyncs = new ArrayDeque<>();
    private long lastSkewWarnNanos;
    private boolean skewWarned;

    /**
     * @param rel     the relationship
     * @param ctx     the running server
     * @param factory creates a client per other peer (the relationship gives its TLS files and credentials)
     * @param owned   leases belonging to this relationship (sync filter with several relationships)
     * @param gateLocally with several relationships: a state that turns the DHCP service off does so for this
     *                relationship's subnets only, instead of for the whole server
     */
    public HaCoordinator(Relationship rel, ServerContext ctx, BiFunction<HaRelationship, HaPeer, PeerClient> factory,
                         Predicate<Lease4> owned, boolean gateLocally) {
        this.rel = rel;
        this.gateLocally = gateLocally;
        this.ctx = ctx;
        this.scheduler = ctx.scheduler();
        this.clock = scheduler.clock();
        this.hop = r -> scheduler.schedule(r, 0);
        Map<String, PeerClient> cs = new LinkedHashMap<>();
        try {
            for (HaPeer p : rel.config().peers()) {
                if (!p.name().equals(rel.name())) {
                    cs.put(p.name(), factory.apply(rel.config(), p));
                }
            }
        } catch (RuntimeException e) {
            cs.values().forEach(PeerClient::close);
            throw e;
        }
        this.clients = cs;
        this.partnerClient = rel.partner().map(p -> cs.get(p.name())).orElse(null);
        List<Map.Entry<HaPeer, PeerClient>> backupClients = new ArrayList<>();
        for (HaPeer b : rel.backups()) {
            if (!b.name().equals(rel.name())) {
                backupClients.add(new AbstractMap.SimpleImmutableEntry<>(b, cs.get(b.name())));
            }
        }
        this.scopes = new ScopeFilter(rel);
        this.partner = new PartnerState(clock.nanoTime());
        this.unacked = new UnackedClients(rel.name());
        this.backlog = new UpdateBacklog(rel.config().delayedUpdatesLimit());
        this.updater = new LeaseUpdater(rel, this, partnerClient, backupClients, rejected);
        this.synchronizer = new LeaseSynchronizer(rel, ctx.leaseCommands(), ctx.store(), ctx.engine(), clock, hop,
                owned);
        this.heartbeats = new HeartbeatLoop(scheduler, rel.config().heartbeatDelay(), this::beat);
    }

    public Relationship relationship() {
        return rel;
    }

    /** Enters {@code waiting} (DHCP service off for this relationship's origin) and starts heartbeats. */
    public void start() {
        synchronized (this) {
            started = true;
            partner.poke(clock.nanoTime());
            state = HaState.WAITING;
            applyState();
            LOG.info("LH_HA_SERVICE_STARTED {}: {} {} starts in state waiting, partner {}", rel.name(),
                    rel.mode().keaName(), rel.role().keaName(), rel.partner().map(HaPeer::name).orElse("none"));
        }
        requestRun();
    }

    /** Stops timers, closes peer clients and lifts this relationship's hold on the DHCP service. */
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            heartbeats.setRunning(false);
        }
        ctx.service().enable(rel.localOrigin());
        clients.values().forEach(c -> {
            try {
                c.close();
            } catch (RuntimeException e) {
                LOG.debug("peer client close failed", e);
            }
        });
    }

    // ---- queries ------------------------------------------------------------------------------------------------

    /** The scope of a query, or null when a load-balanced query has no key. */
    public String scopeOf(DhcpMessage q) {
        return scopes.scopeOf(q);
    }

    /**
     * Whether this server answers a query of {@code scope}; a query for a scope we do not serve feeds the
     * unacked-clients analysis while communication with the partner is interrupted.
     */
    public boolean accept(DhcpMessage q, String scope) {
        if (gateLocally && serviceOff) {
            LOG.debug("LH_HA_DROP_SERVICE_OFF {}: xid 0x{} dropped, the relationship is in state {}", rel.name(),
                    Integer.toHexString(q.xid()), state);
            return false;
        }
        if (scope == null) {
            LOG.debug("LH_HA_DROP_NO_LB_KEY {}: xid 0x{} has neither client identifier nor chaddr", rel.name(),
                    Integer.toHexString(q.xid()));
            return false;
        }
        if (scopes.serves(scope)) {
            return true;
        }
        if (partnerClient != null && partner.communicationInterrupted(clock.nanoTime(),
                rel.config().maxResponseDelay())) {
            unacked.analyze(q, rel.config().maxAckDelay(), rel.config().maxUnackedClients());
        }
        return false;
    }

    public CompletableFuture<Boolean> leasesCommitted(List<Lease4> updated, List<Lease4> deleted) {
        return updater.leasesCommitted(updated, deleted);
    }

    // ---- LeaseUpdater.Owner -------------------------------------------------------------------------------------

    @Override
    public HaState state() {
        return state;
    }

    @Override
    public synchronized boolean queueIfRecovering(List<Lease4> updated, List<Lease4> deleted) {
        if (state != HaState.COMMUNICATION_RECOVERY) {
            return false;
        }
        boolean ok = true;
        for (Lease4 l : deleted) {
            ok &= backlog.push(UpdateBacklog.Op.DELETE, l);
        }
        for (Lease4 l : updated) {
            ok &= backlog.push(UpdateBacklog.Op.ADD, l);
        }
        if (!ok && !backlogOverflowLogged) {
            backlogOverflowLogged = true;
            LOG.warn("LH_HA_BACKLOG_OVERFLOW {}: more than {} lease updates held for {}; the partner will need a full "
                    + "resynchronisation", rel.name(), rel.config().delayedUpdatesLimit(), partnerName());
        }
        return true;
    }

    @Override
    public void partnerUpdateFailed() {
        synchronized (this) {
            partner.markUnavailable();
        }
        requestRun();
    }

    @Override
    public void requestRun() {
        if (runScheduled.compareAndSet(false, true)) {
            scheduler.schedule(() -> {
                runScheduled.set(false);
                runner.run();
            }, 0);
        }
    }

    @Override
    public long nowNanos() {
        return clock.nanoTime();
    }

    // ---- the state machine --------------------------------------------------------------------------------------

    private void runOnce() {
        List<Runnable> effects = new ArrayList<>();
        synchronized (this) {
            if (started && !closed) {
                step(effects);
            }
        }
        effects.forEach(Runnable::run);
    }

    private void step(List<Runnable> effects) {
        // A synchronisation in progress is Kea's blocking sync: no transitions until it ends (it runs us then).
        for (int i = 0; i < 8 && !paused && !syncInProgress; i++) {
            long now = clock.nanoTime();
            if (resyncOnDivergence(now, effects)) {
                continue;
            }
            HaState p = partner.state();
            boolean skew = Math.abs(partner.clockSkewSeconds()) > CLOCK_SKEW_TERMINATE_SECONDS;
            HaState next = Transitions.next(new Transitions.Inputs(rel.mode(), rel.role(), state, p,
                    shouldPartnerDown(now), skew || rejectedTerminate, rel.config().syncLeases(),
                    (int) Math.min(Integer.MAX_VALUE, rel.config().delayedUpdatesLimit()),
                    partner.hasNewUnsentUpdates(), backlog.overflowed(), p != HaState.UNAVAILABLE));
            if (state == HaState.SYNCING && next == HaState.SYNCING && p != HaState.UNAVAILABLE
                    && p != HaState.TERMINATED) {
                if (!syncInProgress) {
                    syncInProgress = true;
                    heartbeats.setRunning(false);
                    effects.add(this::startSync);
                }
                return;
            }
            if (state == HaState.COMMUNICATION_RECOVERY && (p == HaState.LOAD_BALANCING
                    || p == HaState.COMMUNICATION_RECOVERY) && next != HaState.TERMINATED) {
                if (!recoveryInProgress) {
                    recoveryInProgress = true;
                    effects.add(this::recover);
                }
                return;
            }
            if (state == HaState.WAITING && p == HaState.TERMINATED
                    && partner.terminatedForMillis(now) >= TERMINATED_PARTNER_GIVE_UP_MILLIS) {
                LOG.error("LH_HA_TERMINATED_PARTNER {}: partner {} has been terminated for 10 minutes; terminating",
                        rel.name(), partnerName());
                next = HaState.TERMINATED;
            }
            if (next == state) {
                return;
            }
            if (next == HaState.TERMINATED && skew) {
                LOG.error("LH_HA_CLOCK_SKEW_TERMINATE {}: clock skew with {} is {} s (more than {} s); terminating "
                        + "HA, fix the clocks and restart", rel.name(), partnerName(), partner.clockSkewSeconds(),
                        CLOCK_SKEW_TERMINATE_SECONDS);
            }
            transition(next, effects);
        }
    }

    /**
     * Kea's {@code shouldPartnerDown}: only while communication is interrupted; with the service on, a standby or a
     * load-balancing server also needs the traffic analysis to declare the partner failed.
     */
    private boolean shouldPartnerDown(long now) {
        if (!partner.communicationInterrupted(now, rel.config().maxResponseDelay())) {
            return false;
        }
        boolean serviceOn = ctx.service().isEnabled() && !(gateLocally && serviceOff);
        if (serviceOn && (rel.mode() == HaMode.LOAD_BALANCING || rel.role() == HaRole.STANDBY)) {
            return unacked.failureDetected(rel.config().maxUnackedClients());
        }
        return true;
    }

    /**
     * Leasehold: too many clients whose updates the partner rejected means the two lease databases diverge. Kea
     * terminates; we resynchronise (waiting, then syncing), up to {@link #AUTO_RESYNCS_PER_HOUR} times an hour, and
     * only then terminate as Kea does.
     */
    private boolean resyncOnDivergence(long now, List<Runnable> effects) {
        long max = rel.config().maxRejectedLeaseUpdates();
        if (max == 0 || rejectedTerminate || !DIVERGENCE_CHECKED.contains(state)) {
            return false;
        }
        int n = rejected.count(now);
        if (n < max) {
            return false;
        }
        while (!autoResyncs.isEmpty() && now - autoResyncs.peekFirst() > HOUR_NANOS) {
            autoResyncs.pollFirst();
        }
        if (autoResyncs.size() >= AUTO_RESYNCS_PER_HOUR) {
            rejectedTerminate = true;
            LOG.error("LH_HA_RESYNC_LIMIT {}: partner {} rejected lease updates of {} clients again after {} "
                    + "resynchronisations within an hour; terminating as Kea does", rel.name(), partnerName(), n,
                    AUTO_RESYNCS_PER_HOUR);
            return false;
        }
        autoResyncs.addLast(now);
        LOG.warn("LH_HA_RESYNC {}: partner {} rejected lease updates of {} clients (max-rejected-lease-updates {}); "
                + "resynchronising instead of terminating", rel.name(), partnerName(), n, max);
        transition(HaState.WAITING, effects);
        return true;
    }

    /** Changes state with Kea's on-exit and on-entry actions. Caller holds the monitor. */
    private void transition(HaState next, List<Runnable> effects) {
        HaState from = state;
        if (from == HaState.COMMUNICATION_RECOVERY) {
            backlog.clear();
            backlogOverflowLogged = false;
        }
        if (from == HaState.PARTNER_DOWN) {
            releaseNotifiedOrigins();
            if (next != HaState.PARTNER_DOWN) {
                partnerDownViaMaintenance = false;
            }
        }
        previousState = from;
        state = next;
        if (next == HaState.WAITING) {
            rejected.clear();
            rejectedTerminate = false;
        }
        applyState();
        HaStatePause.Pause pause = rel.pauseFor(next);
        if (pause == HaStatePause.Pause.ALWAYS || (pause == HaStatePause.Pause.ONCE && pausedOnce.add(next))) {
            paused = true;
            LOG.info("LH_HA_STATE_MACHINE_PAUSED {}: paused in state {}; send ha-continue to resume", rel.name(),
                    next);
        }
        LOG.info("LH_HA_STATE_CHANGE {}: {} -> {} (partner {} is {}, serving scopes {})", rel.name(), from, next,
                partnerName(), partner.state(), scopes.served());
        effects.add(() -> ctx.listener().haStateChanged(rel.name(), from.wireName(), next.wireName()));
    }

    /** Scopes, DHCP service and heartbeats for the current state. Caller holds the monitor. */
    private void applyState() {
        Set<String> served = switch (state) {
            case WAITING, SYNCING, READY, IN_MAINTENANCE, BACKUP -> Set.of();
            case PARTNER_DOWN -> rel.self().autoFailover() || partnerDownViaMaintenance
                    ? rel.failoverScopes() : rel.defaultScopes();
            case PARTNER_IN_MAINTENANCE -> rel.failoverScopes();
            default -> rel.defaultScopes();
        };
        scopes.serve(served);
        serviceOff = SERVICE_OFF.contains(state);
        if (gateLocally) {
            LOG.debug("LH_HA_LOCAL_SERVICE {}: DHCP service for this relationship's subnets {}", rel.name(),
                    serviceOff ? "off" : "on");
        } else if (serviceOff) {
            ctx.service().disable(rel.localOrigin(), 0);
        } else {
            ctx.service().enable(rel.localOrigin());
        }
        heartbeats.setRunning(shouldHeartbeat());
    }

    private boolean shouldHeartbeat() {
        return started && !closed && partnerClient != null && !syncInProgress && state != HaState.TERMINATED
                && state != HaState.BACKUP && state != HaState.PASSIVE_BACKUP;
    }

    private void releaseNotifiedOrigins() {
        notifiedOrigins.forEach(ctx.service()::enable);
        notifiedOrigins.clear();
    }

    private String partnerName() {
        return rel.partner().map(HaPeer::name).orElse("none");
    }

    // ---- heartbeats ---------------------------------------------------------------------------------------------

    private CompletableFuture<Void> beat() {
        return send(partnerClient, PeerCommands.HEARTBEAT, PeerCommands.serverName(rel.name()),
                PeerCommands.TIMEOUT_MILLIS).handleAsync((r, e) -> {
                    onHeartbeat(r, e);
                    return null;
                }, hop);
    }

    private void onHeartbeat(ControlResult r, Throwable e) {
        PeerCommands.HeartbeatAnswer a = null;
        String error = null;
        if (e != null) {
            error = LeaseSynchronizer.describe(null, e);
        } else {
            try {
                a = PeerCommands.HeartbeatAnswer.parse(r);
            } catch (IllegalArgumentException ex) {
                error = ex.getMessage();
            }
        }
        synchronized (this) {
            if (closed) {
                return;
            }
            long now = clock.nanoTime();
            if (a != null) {
                long skew = a.dateTimeSeconds() - clock.currentTimeSeconds();
                partner.heartbeatSucceeded(a.state(), a.scopes(), skew, a.unsentUpdateCount(), now);
                unacked.clear();
                if (interruptionLogged) {
                    interruptionLogged = false;
                    LOG.info("LH_HA_COMMUNICATION_RESTORED {}: partner {} answers again, in state {}", rel.name(),
                            partnerName(), a.state());
                }
                if (Math.abs(skew) > CLOCK_SKEW_WARN_SECONDS
                        && (!skewWarned || now - lastSkewWarnNanos >= SKEW_WARN_GAG_NANOS)) {
                    skewWarned = true;
                    lastSkewWarnNanos = now;
                    LOG.warn("LH_HA_CLOCK_SKEW {}: partner {}'s clock differs by {} s; HA terminates above {} s",
                            rel.name(), partnerName(), skew, CLOCK_SKEW_TERMINATE_SECONDS);
                }
            } else {
                partner.markUnavailable();
                LOG.warn("LH_HA_HEARTBEAT_FAILED {}: heartbeat to {} failed: {}", rel.name(), partnerName(), error);
                if (!interruptionLogged && partner.communicationInterrupted(now, rel.config().maxResponseDelay())) {
                    interruptionLogged = true;
                    LOG.warn("LH_HA_COMMUNICATION_INTERRUPTED {}: no answer from {} for more than {} ms", rel.name(),
                            partnerName(), rel.config().maxResponseDelay());
                }
                if (state == HaState.PARTNER_DOWN && !notifiedOrigins.isEmpty()) {
                    LOG.info("LH_HA_SYNCED_PARTNER_UNAVAILABLE {}: {} finished its sync and is unreachable now; "
                            + "serving again", rel.name(), partnerName());
                    releaseNotifiedOrigins();
                }
            }
        }
        runner.run();
    }

    // ---- synchronisation ----------------------------------------------------------------------------------------

    private void startSync() {
        synchronized (this) {
            if (closed || state != HaState.SYNCING) {
                syncInProgress = false;
                heartbeats.setRunning(shouldHeartbeat());
                return;
            }
        }
        String source = partnerName();
        long maxPeriod = Math.max(1, rel.config().syncTimeout() / 1000);
        long t0 = clock.nanoTime();
        LOG.info("LH_HA_SYNC_START {}: synchronizing leases from {}", rel.name(), source);
        synchronizer.sync(partnerClient, source, maxPeriod).whenCompleteAsync((res, err) -> {
            List<Runnable> effects = new ArrayList<>();
            synchronized (this) {
                syncInProgress = false;
                if (closed) {
                    return;
                }
                if (err == null) {
                    LOG.info("LH_HA_SYNC_COMPLETE {}: {} lease(s) fetched from {}, {} applied, in {} ms", rel.name(),
                            res.fetched(), source, res.applied(), (clock.nanoTime() - t0) / 1_000_000);
                    // The partner answered every page: it is alive even though heartbeats were paused.
                    partner.poke(clock.nanoTime());
                    if (state == HaState.SYNCING) {
                        transition(HaState.READY, effects);
                    }
                } else {
                    LOG.warn("LH_HA_SYNC_FAILED {}: synchronization from {} failed: {}; retrying", rel.name(), source,
                            LeaseSynchronizer.describe(null, err));
                    partner.markUnavailable();
                }
                heartbeats.setRunning(shouldHeartbeat());
            }
            effects.forEach(Runnable::run);
            runner.run();
        }, hop);
    }

    // ---- communication-recovery ---------------------------------------------------------------------------------

    private void recover() {
        if (backlog.overflowed()) {
            sendReset();
        } else {
            replayNext();
        }
    }

    private void replayNext() {
        UpdateBacklog.Entry e = backlog.peek();
        if (e == null) {
            List<Runnable> effects = new ArrayList<>();
            synchronized (this) {
                recoveryInProgress = false;
                if (state == HaState.COMMUNICATION_RECOVERY && backlog.isEmpty() && !backlog.overflowed()) {
                    LOG.info("LH_HA_BACKLOG_REPLAYED {}: held lease updates delivered to {}", rel.name(),
                            partnerName());
                    transition(HaState.LOAD_BALANCING, effects);
                }
            }
            effects.forEach(Runnable::run);
            runner.run();
            return;
        }
        updater.replay(e).whenCompleteAsync((ok, err) -> {
            if (err == null && Boolean.TRUE.equals(ok)) {
                backlog.remove(e);
                replayNext();
            } else {
                sendReset();
            }
        }, hop);
    }

    private void sendReset() {
        send(partnerClient, PeerCommands.RESET, PeerCommands.serverName(rel.name()), PeerCommands.TIMEOUT_MILLIS)
                .whenCompleteAsync((r, e) -> {
                    List<Runnable> effects = new ArrayList<>();
                    synchronized (this) {
                        recoveryInProgress = false;
                        if (e == null && PeerCommands.isSuccess(r)) {
                            LOG.warn("LH_HA_RESET_SENT {}: held lease updates could not be delivered; {} told to "
                                    + "resynchronise, resynchronising ourselves", rel.name(), partnerName());
                            if (state == HaState.COMMUNICATION_RECOVERY) {
                                transition(HaState.WAITING, effects);
                            }
                        } else {
                            LOG.warn("LH_HA_RESET_FAILED {}: ha-reset sent to {} failed: {}", rel.name(),
                                    partnerName(), LeaseSynchronizer.describe(r, e));
                            partner.markUnavailable();
                        }
                    }
                    effects.forEach(Runnable::run);
                    runner.run();
                }, hop);
    }

    // ---- commands received --------------------------------------------------------------------------------------

    /** {@code ha-heartbeat}: state, RFC 1123 time, served scopes, unsent-update-count. */
    public ControlResult heartbeatAnswer() {
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("date-time", HttpDate.format(clock.currentTimeMillis()));
        args.put("scopes", new ArrayList<>(scopes.served()));
        args.put("state", state.wireName());
        args.put("unsent-update-count", updater.unsentUpdateCount());
        return ControlResult.success("HA peer status returned.", args);
    }

    /** {@code ha-reset}: back to waiting (and from there to a resynchronisation). */
    public ControlResult reset() {
        List<Runnable> effects = new ArrayList<>();
        ControlResult r;
        synchronized (this) {
            if (state == HaState.WAITING) {
                r = ControlResult.success("HA state machine already in WAITING state.");
            } else {
                transition(HaState.WAITING, effects);
                r = ControlResult.success("HA state machine reset.");
            }
        }
        effects.forEach(Runnable::run);
        requestRun();
        return r;
    }

    /** {@code ha-maintenance-notify} from the partner. */
    public ControlResult maintenanceNotify(boolean cancel) {
        List<Runnable> effects = new ArrayList<>();
        ControlResult r;
        synchronized (this) {
            if (!cancel) {
                if (state == HaState.BACKUP || state == HaState.PARTNER_IN_MAINTENANCE
                        || state == HaState.TERMINATED) {
                    return new ControlResult(1001, "Unable to transition the server from the " + state
                            + " to in-maintenance state.", null);
                }
                if (state != HaState.IN_MAINTENANCE) {
                    transition(HaState.IN_MAINTENANCE, effects);
                }
                r = ControlResult.success("Server is in-maintenance state.");
            } else {
                if (state != HaState.IN_MAINTENANCE) {
                    return ControlResult.error(
                            "Unable to cancel the maintenance for the server not in the in-maintenance state.");
                }
                transition(stateBeforeMaintenance(), effects);
                r = ControlResult.success("Server maintenance canceled.");
            }
        }
        effects.forEach(Runnable::run);
        requestRun();
        return r;
    }

    /** Kea 2.7.5: a cancelled maintenance never returns to a maintenance state. */
    private HaState stateBeforeMaintenance() {
        return previousState == HaState.IN_MAINTENANCE || previousState == HaState.PARTNER_IN_MAINTENANCE
                ? HaState.WAITING : previousState;
    }

    /** {@code ha-maintenance-start}: ask the partner to go in-maintenance and take over its scopes. */
    public CompletableFuture<ControlResult> maintenanceStart() {
        synchronized (this) {
            if (state == HaState.BACKUP || state == HaState.IN_MAINTENANCE || state == HaState.PARTNER_IN_MAINTENANCE
                    || state == HaState.TERMINATED || partnerClient == null) {
                return CompletableFuture.completedFuture(ControlResult.error("Unable to transition the server from "
                        + "the " + state + " to partner-in-maintenance state."));
            }
        }
        return send(partnerClient, PeerCommands.MAINTENANCE_NOTIFY, PeerCommands.maintenanceNotify(false, rel.name()),
                PeerCommands.TIMEOUT_MILLIS).handle((r, e) -> {
                    List<Runnable> effects = new ArrayList<>();
                    ControlResult out;
                    synchronized (this) {
                        if (e == null && r.result() == 1001) {
                            out = ControlResult.error(r.text());
                        } else if (e == null && r.result() == ControlResult.SUCCESS) {
                            transition(HaState.PARTNER_IN_MAINTENANCE, effects);
                            out = ControlResult.success("Server is now in the partner-in-maintenance state and its "
                                    + "partner is in-maintenance state. The partner can be now safely shut down.");
                        } else {
                            LOG.warn("LH_HA_MAINTENANCE_PARTNER_OFFLINE {}: ha-maintenance-notify to {} failed: {}",
                                    rel.name(), partnerName(), LeaseSynchronizer.describe(r, e));
                            partner.markUnavailable();
                            partnerDownViaMaintenance = true;
                            transition(HaState.PARTNER_DOWN, effects);
                            out = ControlResult.success("Server is now in the partner-down state as its partner "
                                    + "appears to be offline for maintenance.");
                        }
                    }
                    effects.forEach(Runnable::run);
                    requestRun();
                    return out;
                });
    }

    /** {@code ha-maintenance-cancel}: bring the partner back from in-maintenance, then return ourselves. */
    public CompletableFuture<ControlResult> maintenanceCancel() {
        synchronized (this) {
            if (state != HaState.PARTNER_IN_MAINTENANCE) {
                return CompletableFuture.completedFuture(ControlResult.error("Unable to cancel maintenance request "
                        + "because the server is not in the partner-in-maintenance state."));
            }
        }
        return send(partnerClient, PeerCommands.MAINTENANCE_NOTIFY, PeerCommands.maintenanceNotify(true, rel.name()),
                PeerCommands.TIMEOUT_MILLIS).handle((r, e) -> {
                    if (e != null || r.result() != ControlResult.SUCCESS) {
                        return ControlResult.error("Unable to cancel maintenance. The partner server responded with "
                                + "the following message to the ha-maintenance-notify command: "
                                + LeaseSynchronizer.describe(r, e) + ".");
                    }
                    List<Runnable> effects = new ArrayList<>();
                    synchronized (this) {
                        if (state == HaState.PARTNER_IN_MAINTENANCE) {
                            transition(stateBeforeMaintenance(), effects);
                        }
                    }
                    effects.forEach(Runnable::run);
                    requestRun();
                    return ControlResult.success("Server maintenance successfully canceled.");
                });
    }

    /**
     * {@code ha-sync-complete-notify}: the partner finished pulling our leases; lift its disable now, or in
     * partner-down only once we leave that state or the partner becomes unreachable (Kea's rule).
     */
    public ControlResult syncCompleteNotified(Set<Integer> origins) {
        synchronized (this) {
            if (state == HaState.PARTNER_DOWN) {
                notifiedOrigins.addAll(origins);
            } else {
                origins.forEach(ctx.service()::enable);
            }
        }
        return ControlResult.success("Server successfully notified about the synchronization completion.");
    }

    /** {@code ha-scopes}. */
    public ControlResult setScopes(List<String> names) {
        for (String n : names) {
            if (!rel.isScopeName(n)) {
                return ControlResult.error("invalid server name specified '" + n
                        + "' while enabling/disabling DHCP service");
            }
        }
        synchronized (this) {
            scopes.serve(Set.copyOf(names));
            LOG.info("LH_HA_SCOPES_SET {}: now serving scopes {} (until the next state change)", rel.name(),
                    scopes.served());
        }
        return ControlResult.success("New HA scopes configured.");
    }

    /** {@code ha-continue}. */
    public ControlResult continueMachine() {
        synchronized (this) {
            if (!paused) {
                return ControlResult.success("HA state machine is not paused.");
            }
            paused = false;
            LOG.info("LH_HA_STATE_MACHINE_CONTINUED {}: resumed in state {}", rel.name(), state);
        }
        requestRun();
        return ControlResult.success("HA state machine continues.");
    }

    /** {@code ha-sync} from a named peer; does not change the HA state. */
    public CompletableFuture<ControlResult> syncFrom(String peerName, long maxPeriodSeconds) {
        PeerClient c = clients.get(peerName);
        if (c == null) {
            return CompletableFuture.completedFuture(ControlResult.error(peerName.equals(rel.name())
                    ? "cannot synchronize with this server itself: '" + peerName + "'"
                    : "server name '" + peerName + "' is not a peer of " + rel.name()));
        }
        LOG.info("LH_HA_SYNC_START {}: synchronizing leases from {} (ha-sync)", rel.name(), peerName);
        return synchronizer.sync(c, peerName, maxPeriodSeconds).handle((res, e) -> {
            if (e != null) {
                String why = LeaseSynchronizer.describe(null, e);
                LOG.warn("LH_HA_SYNC_FAILED {}: ha-sync from {} failed: {}", rel.name(), peerName, why);
                return ControlResult.error(why);
            }
            LOG.info("LH_HA_SYNC_COMPLETE {}: {} lease(s) fetched from {}, {} applied (ha-sync)", rel.name(),
                    res.fetched(), peerName, res.applied());
            return ControlResult.success("Lease database synchronization complete.");
        });
    }

    // ---- status -------------------------------------------------------------------------------------------------

    /** A consistent snapshot for status-get and the Java API. */
    public synchronized Snapshot snapshot() {
        long now = clock.nanoTime();
        boolean interrupted = partnerClient != null
                && partner.communicationInterrupted(now, rel.config().maxResponseDelay());
        int un = unacked.unacked();
        long max = rel.config().maxUnackedClients();
        return new Snapshot(state, List.copyOf(scopes.served()), paused, partner.state(), partner.scopes(),
                partner.inTouch(), partner.ageSeconds(now), interrupted, unacked.connecting(), un,
                interrupted && max >= un ? max - un + 1 : 0, unacked.analyzed(), updater.unsentUpdateCount(),
                partner.clockSkewSeconds(), backlog.size());
    }

    /** What {@link #snapshot()} returns. */
    public record Snapshot(HaState state, List<String> scopes, boolean paused, HaState partnerState,
                           List<String> partnerScopes, boolean inTouch, long ageSeconds,
                           boolean communicationInterrupted, int connectingClients, int unackedClients,
                           long unackedClientsLeft, long analyzedPackets, long unsentUpdateCount,
                           long clockSkewSeconds, int backlogSize) {
    }

    private static CompletableFuture<ControlResult> send(PeerClient c, String command, Map<String, Object> args,
                                                         long timeout) {
        try {
            return c.send(command, args, timeout);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
