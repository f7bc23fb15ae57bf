package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.config.HaStatePause;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.server.ServerListener;
import io.leasehold.dhcp.server.ServiceState;
import io.leasehold.dhcp.time.Clock;
import io.leasehold.dhcp.time.Scheduler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;

/**
 * The HA state machine of one relationship (the state-handling part of Kea's HA service): runs of the machine that
 * ask {@link Transitions} for the next state, transitions with Kea's on-exit and on-entry actions, the served scopes
 * and the local DHCP service (origin {@code 1000 + i}, or only this relationship's subnets with several
 * relationships) of each state, the heartbeat timer, pausing ({@code state-machine}) and {@code ha-continue},
 * {@code ha-reset}, {@code ha-scopes} and maintenance. What the heartbeats say and the failure detection are
 * {@link CommunicationState}'s; lease synchronisation and the recovery backlog are {@link LeaseSyncDriver}'s.
 *
 * <p>Threading: shares the coordinator's monitor ({@code monitor}, the {@link HaCoordinator}): it guards the
 * state here and in the communication state and the sync driver; nothing is sent to a peer while holding it. The
 * machine runs on the scheduler thread (or the thread that processed a heartbeat, sync or replay answer), one run
 * at a time ({@link SerialRunner}); effects of a transition (listener calls, starting a synchronisation) are
 * collected under the monitor and run after releasing it. Heartbeat answers are processed on the scheduler
 * ({@code hop}), never on the peer client's I/O thread. {@link #state()} and the scope filter's reads are volatile
 * and need no lock.
 *
 * <p>Length: over 500 lines because the transitions, the commands that drive them (reset, scopes, continue,
 * maintenance), the heartbeat timer and the hold for the DHCP sockets ({@link #heldForSockets}) share one monitor
 * and one set of fields; the maintenance commands are the next to move out.
 */
final class HaStateMachine implements LeaseSyncDriver.Machine {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");
    private static final Set<HaState> SERVICE_OFF = EnumSet.of(HaState.WAITING, HaState.SYNCING, HaState.READY,
            HaState.IN_MAINTENANCE, HaState.BACKUP);
    private static final Set<HaState> DIVERGENCE_CHECKED = EnumSet.of(HaState.HOT_STANDBY, HaState.LOAD_BALANCING,
            HaState.COMMUNICATION_RECOVERY, HaState.PARTNER_DOWN, HaState.PARTNER_IN_MAINTENANCE);

    private final Relationship rel;
    private final ServiceState service;
    private final ServerListener listener;
    private final Clock clock;
    private final Scheduler scheduler;
    private final Executor hop;
    private final Object monitor;
    private final boolean gateLocally;
    private final PeerClient partnerClient;
    private final CommunicationState comm;
    private final LeaseSyncDriver sync;
    private final ScopeFilter scopes;
    private final HeartbeatLoop heartbeats;
    private final FreezeGuard freeze;
    private final SerialRunner runner = new SerialRunner(this::runOnce);
    private final StateSignal signal = new StateSignal();
    private final AtomicBoolean runScheduled = new AtomicBoolean();

    private volatile HaState state = HaState.WAITING;
    private volatile boolean serviceOff = true;
    private HaState previousState = HaState.WAITING;
    private volatile boolean paused;
    private final Set<HaState> pausedOnce = EnumSet.noneOf(HaState.class);
    private boolean started;
    /**
     * Whether the server's DHCP sockets are open. Until they are, the machine makes no transition into a state in
     * which this server answers clients, and a server that answers clients in the mode's normal state (a
     * hot-standby primary, a load-balancing server) does not leave {@code waiting}: see {@link #heldForSockets}.
     */
    private volatile boolean socketsOpen = true;
    private boolean closed;
    private boolean partnerDownViaMaintenance;

    /**
     * @param hop           runs answers on the scheduler
     * @param monitor       the coordinator's monitor
     * @param gateLocally   with several relationships: a state that turns the DHCP service off does so for this
     *                      relationship's subnets only (the scope filter drops their queries), instead of for the
     *                      whole server
     * @param partnerClient the failover partner's client, or null (backups, passive-backup)
     * @param syncDriver    creates the sync driver working for this machine
     */
    HaStateMachine(Relationship rel, ServiceState service, ServerListener listener, Scheduler scheduler, Executor hop,
                   Object monitor, boolean gateLocally, PeerClient partnerClient, CommunicationState comm,
                   Function<LeaseSyncDriver.Machine, LeaseSyncDriver> syncDriver) {
        this.rel = rel;
        this.service = service;
        this.listener = listener;
        this.scheduler = scheduler;
        this.clock = scheduler.clock();
        this.hop = hop;
        this.monitor = monitor;
        this.gateLocally = gateLocally;
        this.partnerClient = partnerClient;
        this.comm = comm;
        this.freeze = new FreezeGuard(rel.name(), scheduler, rel.config().heartbeatDelay(),
                rel.config().maxResponseDelay(), this::requestRun);
        this.scopes = new ScopeFilter(rel, () -> gateLocally && serviceOff, () -> state, comm::analyzeNotServed,
                freeze::suspect);
        this.heartbeats = new HeartbeatLoop(scheduler, rel.config().heartbeatDelay(), this::beat);
        this.sync = syncDriver.apply(this);
    }

    /** Whether this process may just have been frozen (then nothing may be answered from the state it had). */
    boolean frozenSuspect() {
        return freeze.suspect();
    }

    ScopeFilter scopes() {
        return scopes;
    }

    LeaseSyncDriver sync() {
        return sync;
    }

    /** Enters {@code waiting} (DHCP service off for this relationship's origin) and starts heartbeats. */
    void start() {
        start(true);
    }

    /**
     * As {@link #start()}; {@code socketsOpen} false when the server's DHCP sockets are still shut (its warm-up
     * runs): heartbeats, and a standby's synchronisation, go on meanwhile, but no transition is made into a state in
     * which this server would have to answer clients until {@link #socketsOpened} (see {@link #heldForSockets}).
     */
    void start(boolean socketsOpen) {
        synchronized (monitor) {
            this.socketsOpen = socketsOpen;
            started = true;
            comm.poke(clock.nanoTime());
            state = HaState.WAITING;
            applyState();
            LOG.info("LH_HA_SERVICE_STARTED {}: {} {} starts in state waiting, partner {}", rel.name(),
                    rel.mode().keaName(), rel.role().keaName(), rel.partnerName());
        }
        if (partnerClient != null) {
            freeze.start();
        }
        requestRun();
    }

    /** The server's DHCP sockets are open: transitions held for them ({@link #heldForSockets}) may run. */
    void socketsOpened() {
        synchronized (monitor) {
            if (socketsOpen) {
                return;
            }
            socketsOpen = true;
        }
        requestRun();
    }

    /**
     * Whether the transition to {@code next} waits for the DHCP sockets: it would make this server answer clients
     * (so the partner stops answering them, or never starts), or it leaves {@code waiting} towards a state in which
     * it would (a server that answers clients in the normal state must not synchronise and announce {@code ready}
     * before it can: its partner would then stop serving). A hot-standby standby is never held on its way to
     * {@code hot-standby} (it answers no client there), so a standby restarted into a running pair synchronises
     * while its warm-up runs. Caller holds the monitor.
     */
    private boolean heldForSockets(HaState next) {
        if (socketsOpen) {
            return false;
        }
        if (!servedIn(next).isEmpty()) {
            return true;
        }
        return state == HaState.WAITING && next != HaState.WAITING
                && !servedIn(Transitions.normalState(rel.mode())).isEmpty();
    }

    /**
     * Whether this server can leave {@code waiting}, and so synchronise, before its DHCP sockets open: it answers no
     * client in its mode's normal state (a hot-standby standby). See {@link #heldForSockets}.
     */
    boolean syncsBeforeSockets() {
        synchronized (monitor) {
            return servedIn(Transitions.normalState(rel.mode())).isEmpty();
        }
    }

    /** The scopes this server answers in {@code s}. Caller holds the monitor. */
    private Set<String> servedIn(HaState s) {
        return switch (s) {
            case WAITING, SYNCING, READY, IN_MAINTENANCE, BACKUP -> Set.of();
            case PARTNER_DOWN -> rel.self().autoFailover() || partnerDownViaMaintenance
                    ? rel.failoverScopes() : rel.defaultScopes();
            case PARTNER_IN_MAINTENANCE -> rel.failoverScopes();
            default -> rel.defaultScopes();
        };
    }

    /** Stops the machine and the heartbeats and lifts this relationship's hold on the DHCP service; once. */
    boolean close() {
        synchronized (monitor) {
            if (closed) {
                return false;
            }
            closed = true;
            heartbeats.setRunning(false);
        }
        freeze.stop();
        service.enable(rel.localOrigin());
        return true;
    }

    @Override
    public HaState state() {
        return state;
    }

    /** Waits until the state is none of {@code states} or {@code deadlineNanos} passed; see {@link StateSignal}. */
    boolean awaitOutside(Set<HaState> states, long deadlineNanos) throws InterruptedException {
        return signal.awaitOutside(() -> state, states, deadlineNanos);
    }

    boolean paused() {
        return paused;
    }

    @Override
    public boolean closed() {
        return closed;
    }

    /** Runs the state machine soon, on the scheduler. */
    void requestRun() {
        if (runScheduled.compareAndSet(false, true)) {
            scheduler.schedule(() -> {
                runScheduled.set(false);
                runner.run();
            }, 0);
        }
    }

    @Override
    public void run() {
        runner.run();
    }

    // ---- runs ---------------------------------------------------------------------------------------------------

    private void runOnce() {
        List<Runnable> effects = new ArrayList<>();
        synchronized (monitor) {
            if (started && !closed) {
                step(effects);
            }
        }
        effects.forEach(Runnable::run);
    }

    private void step(List<Runnable> effects) {
        if (freeze.takeThaw()) {
            // What we know of the partner is as old as the freeze, and the silence was ours: a heartbeat that timed
            // out while we were stopped, the last answer long ago. Count max-response-delay afresh from the thaw (as
            // from a service start) so that only silence after it can make us declare the partner down; whether it
            // took over meanwhile the next heartbeat tells.
            comm.thawed(clock.nanoTime());
            // After a freeze the partner may have served our clients: stop serving and resynchronise first (Kea: a
            // thawed server goes to waiting once its first heartbeat is answered).
            if (!scopes.served().isEmpty()) {
                transition(HaState.WAITING, effects);
            }
        } else if (freeze.suspect()) {
            // Ticks are overdue: we were just stopped, and the tick that handles the thaw (and runs us again) has not
            // run yet. Decide nothing from the stale state until it has.
            return;
        }
        // A synchronisation in progress is Kea's blocking sync: no transitions until it ends (it runs us then).
        for (int i = 0; i < 8 && !paused && !sync.syncInProgress(); i++) {
            long now = clock.nanoTime();
            if (DIVERGENCE_CHECKED.contains(state) && comm.resyncOnDivergence(now)) {
                transition(HaState.WAITING, effects);
                continue;
            }
            HaState p = comm.partnerState();
            boolean skew = comm.clockSkewTerminates();
            boolean serviceOn = service.isEnabled() && !(gateLocally && serviceOff);
            HaState next = Transitions.next(new Transitions.Inputs(rel.mode(), rel.role(), state, p,
                    comm.shouldPartnerDown(now, serviceOn), skew || comm.rejectedTerminates(),
                    rel.config().syncLeases(), (int) Math.min(Integer.MAX_VALUE, rel.config().delayedUpdatesLimit()),
                    comm.partnerHasNewUnsentUpdates(), sync.backlogOverflowed(), p != HaState.UNAVAILABLE));
            if (state == HaState.SYNCING && next == HaState.SYNCING && p != HaState.UNAVAILABLE
                    && p != HaState.TERMINATED) {
                if (sync.syncIfIdle(effects)) {
                    heartbeats.setRunning(false);
                }
                return;
            }
            if (state == HaState.COMMUNICATION_RECOVERY && (p == HaState.LOAD_BALANCING
                    || p == HaState.COMMUNICATION_RECOVERY) && next != HaState.TERMINATED) {
                sync.recoverIfIdle(effects);
                return;
            }
            if (state == HaState.WAITING && p == HaState.TERMINATED && comm.giveUpOnTerminatedPartner(now)) {
                next = HaState.TERMINATED;
            }
            if (next == state || heldForSockets(next)) {
                return;
            }
            if (next == HaState.TERMINATED && skew) {
                comm.terminatingForClockSkew();
            }
            transition(next, effects);
        }
    }

    /** Changes state with Kea's on-exit and on-entry actions. Caller holds the monitor. */
    @Override
    public void transition(HaState next, List<Runnable> effects) {
        HaState from = state;
        if (from == HaState.COMMUNICATION_RECOVERY) {
            sync.recoveryLeft();
        }
        if (from == HaState.PARTNER_DOWN) {
            sync.releaseNotifiedOrigins();
            if (next != HaState.PARTNER_DOWN) {
                partnerDownViaMaintenance = false;
            }
        }
        previousState = from;
        state = next;
        if (next == HaState.WAITING) {
            comm.forgetRejectedUpdates();
        }
        applyState();
        HaStatePause.Pause pause = rel.pauseFor(next);
        if (pause == HaStatePause.Pause.ALWAYS || (pause == HaStatePause.Pause.ONCE && pausedOnce.add(next))) {
            paused = true;
            LOG.info("LH_HA_STATE_MACHINE_PAUSED {}: paused in state {}; send ha-continue to resume", rel.name(),
                    next);
        }
        LOG.info("LH_HA_STATE_CHANGE {}: {} -> {} (partner {} is {}, serving scopes {})", rel.name(), from, next,
                rel.partnerName(), comm.partnerState(), scopes.served());
        effects.add(() -> listener.haStateChanged(rel.name(), from.wireName(), next.wireName()));
        signal.changed();
    }

    /** Scopes, DHCP service and heartbeats for the current state. Caller holds the monitor. */
    private void applyState() {
        scopes.serve(servedIn(state));
        serviceOff = SERVICE_OFF.contains(state);
        if (gateLocally) {
            LOG.debug("LH_HA_LOCAL_SERVICE {}: DHCP service for this relationship's subnets {}", rel.name(),
                    serviceOff ? "off" : "on");
        } else if (serviceOff) {
            service.disable(rel.localOrigin(), 0);
        } else {
            service.enable(rel.localOrigin());
        }
        heartbeatsFollowState();
    }

    @Override
    public void heartbeatsFollowState() {
        heartbeats.setRunning(started && !closed && partnerClient != null && !sync.syncInProgress()
                && state != HaState.TERMINATED && state != HaState.BACKUP && state != HaState.PASSIVE_BACKUP);
    }

    // ---- heartbeats ---------------------------------------------------------------------------------------------

    private CompletableFuture<Void> beat() {
        return send(PeerCommands.HEARTBEAT, PeerCommands.serverName(rel.name())).handleAsync((r, e) -> {
            onHeartbeat(CommunicationState.Heartbeat.of(r, e));
            return null;
        }, hop);
    }

    private void onHeartbeat(CommunicationState.Heartbeat h) {
        synchronized (monitor) {
            if (closed) {
                return;
            }
            if (!comm.heartbeatDone(h, clock.nanoTime())) {
                sync.partnerUnreachable();
            }
        }
        runner.run();
    }

    // ---- commands received --------------------------------------------------------------------------------------

    /** {@code ha-reset}: back to waiting (and from there to a resynchronisation). */
    ControlResult reset() {
        List<Runnable> effects = new ArrayList<>();
        ControlResult r;
        synchronized (monitor) {
            if (state == HaState.WAITING) {
                r = ControlResult.success("HA state machine already in WAITING state.");
            } else {
                // The partner has just reached us: restart the max-response-delay count, so that waiting does not
                // declare it down on our own stale heartbeat failures (the peer link has just come back and the
                // partner saw it first). Kea 2.2 does not, and goes from waiting to partner-down here, then back to
                // its normal state without fetching the partner's leases; the next heartbeat decides instead.
                comm.poke(clock.nanoTime());
                transition(HaState.WAITING, effects);
                r = ControlResult.success("HA state machine reset.");
            }
        }
        effects.forEach(Runnable::run);
        requestRun();
        return r;
    }

    /** {@code ha-scopes}: serve these scopes until the next state change. */
    ControlResult setScopes(List<String> names) {
        for (String n : names) {
            if (!rel.isScopeName(n)) {
                return ControlResult.error("invalid server name specified '" + n
                        + "' while enabling/disabling DHCP service");
            }
        }
        synchronized (monitor) {
            scopes.serve(Set.copyOf(names));
            LOG.info("LH_HA_SCOPES_SET {}: now serving scopes {} (until the next state change)", rel.name(),
                    scopes.served());
        }
        return ControlResult.success("New HA scopes configured.");
    }

    /** {@code ha-continue}. */
    ControlResult continueMachine() {
        synchronized (monitor) {
            if (!paused) {
                return ControlResult.success("HA state machine is not paused.");
            }
            paused = false;
            LOG.info("LH_HA_STATE_MACHINE_CONTINUED {}: resumed in state {}", rel.name(), state);
        }
        requestRun();
        return ControlResult.success("HA state machine continues.");
    }

    // ---- maintenance --------------------------------------------------------------------------------------------

    /** {@code ha-maintenance-notify} from the partner. */
    ControlResult maintenanceNotify(boolean cancel) {
        List<Runnable> effects = new ArrayList<>();
        ControlResult r;
        synchronized (monitor) {
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
    CompletableFuture<ControlResult> maintenanceStart() {
        synchronized (monitor) {
            if (state == HaState.BACKUP || state == HaState.IN_MAINTENANCE || state == HaState.PARTNER_IN_MAINTENANCE
                    || state == HaState.TERMINATED || partnerClient == null) {
                return CompletableFuture.completedFuture(ControlResult.error("Unable to transition the server from "
                        + "the " + state + " to partner-in-maintenance state."));
            }
        }
        return send(PeerCommands.MAINTENANCE_NOTIFY, PeerCommands.maintenanceNotify(false, rel.name()))
                .handle((r, e) -> {
                    List<Runnable> effects = new ArrayList<>();
                    ControlResult out;
                    synchronized (monitor) {
                        if (e == null && r.result() == 1001) {
                            out = ControlResult.error(r.text());
                        } else if (e == null && r.result() == ControlResult.SUCCESS) {
                            transition(HaState.PARTNER_IN_MAINTENANCE, effects);
                            out = ControlResult.success("Server is now in the partner-in-maintenance state and its "
                                    + "partner is in-maintenance state. The partner can be now safely shut down.");
                        } else {
                            LOG.warn("LH_HA_MAINTENANCE_PARTNER_OFFLINE {}: ha-maintenance-notify to {} failed: {}",
                                    rel.name(), rel.partnerName(), LeaseSynchronizer.describe(r, e));
                            comm.markUnavailable();
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
    CompletableFuture<ControlResult> maintenanceCancel() {
        synchronized (monitor) {
            if (state != HaState.PARTNER_IN_MAINTENANCE) {
                return CompletableFuture.completedFuture(ControlResult.error("Unable to cancel maintenance request "
                        + "because the server is not in the partner-in-maintenance state."));
            }
        }
        return send(PeerCommands.MAINTENANCE_NOTIFY, PeerCommands.maintenanceNotify(true, rel.name()))
                .handle((r, e) -> {
                    if (e != null || r.result() != ControlResult.SUCCESS) {
                        return ControlResult.error("Unable to cancel maintenance. The partner server responded with "
                                + "the following message to the ha-maintenance-notify command: "
                                + LeaseSynchronizer.describe(r, e) + ".");
                    }
                    List<Runnable> effects = new ArrayList<>();
                    synchronized (monitor) {
                        if (state == HaState.PARTNER_IN_MAINTENANCE) {
                            transition(stateBeforeMaintenance(), effects);
                        }
                    }
                    effects.forEach(Runnable::run);
                    requestRun();
                    return ControlResult.success("Server maintenance successfully canceled.");
                });
    }

    /** Sends to the partner; a client that throws yields a failed future. */
    private CompletableFuture<ControlResult> send(String command, Map<String, Object> args) {
        try {
            return partnerClient.send(command, args, PeerCommands.TIMEOUT_MILLIS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
