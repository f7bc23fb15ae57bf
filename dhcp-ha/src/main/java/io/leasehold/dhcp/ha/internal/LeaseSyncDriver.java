package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.server.ServiceState;
import io.leasehold.dhcp.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

/**
 * Drives lease synchronisation for one relationship, around the paging {@link LeaseSynchronizer}: the automatic
 * synchronisation of {@code syncing} (Kea's blocking sync: the state machine makes no transition while it runs),
 * {@code ha-sync} from a named peer, the communication-recovery backlog (queued while in
 * {@code communication-recovery}, replayed when the partner is back, {@code ha-reset} to the partner when it
 * overflowed or a replay failed), and the receiving side of {@code ha-sync-complete-notify}.
 *
 * <p>Threading: shares the coordinator's monitor (it has no lock of its own); methods documented "caller holds the
 * monitor" are called with it held, the others take it themselves. Nothing is sent to a peer while holding it: the
 * synchronisation, the replay and {@code ha-reset} start as effects the state machine runs after releasing it.
 * Answers are processed on {@code hop} (the scheduler), never on the peer client's I/O thread; state changes they
 * cause are made under the monitor and their effects run after releasing it, followed by a state-machine run.
 */
final class LeaseSyncDriver {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");

    /** Pulls a peer's leases ({@link LeaseSynchronizer#sync}). */
    interface Puller {
        /** {@code live}: the source is not disabled ({@link LeaseSynchronizer}'s class comment). */
        CompletableFuture<LeaseSynchronizer.Result> sync(PeerClient source, String sourceName, long maxPeriodSeconds,
                                                         boolean live, java.util.function.BooleanSupplier wanted);
    }

    /** What the driver needs from the state machine ({@link HaStateMachine}). */
    interface Machine {
        /** The current state (a volatile read). */
        HaState state();

        /** Whether the coordinator is closed. Caller holds the monitor. */
        boolean closed();

        /** Changes state with Kea's on-exit and on-entry actions. Caller holds the monitor. */
        void transition(HaState next, List<Runnable> effects);

        /** Heartbeats on or off as the state (and a synchronisation in progress) say. Caller holds the monitor. */
        void heartbeatsFollowState();

        /** Runs the state machine now, on this thread (monitor not held). */
        void run();
    }

    private final Relationship rel;
    private final ServiceState service;
    private final Clock clock;
    private final Executor hop;
    private final Object monitor;
    private final PeerClient partnerClient;
    private final Map<String, PeerClient> clients;
    private final Puller puller;
    private final Function<UpdateBacklog.Entry, CompletableFuture<Boolean>> replayer;
    private final CommunicationState comm;
    private final Machine machine;
    private final UpdateBacklog backlog;
    private final Set<Integer> notifiedOrigins = new TreeSet<>();
    private boolean syncInProgress;
    private boolean recoveryInProgress;
    private boolean backlogOverflowLogged;
    /** Since when an overflowed backlog waits for the partner to reach us before ha-reset; -1: not waiting. */
    private long resetWaitSince = -1;
    private boolean resetWaitLogged;

    /**
     * @param monitor       the coordinator's monitor
     * @param partnerClient the failover partner's client, or null
     * @param clients       a client per other peer, by name ({@code ha-sync} may name any)
     * @param replayer      sends one backlog entry to the partner ({@link LeaseUpdater#replay})
     */
    LeaseSyncDriver(Relationship rel, ServiceState service, Clock clock, Executor hop, Object monitor,
                    PeerClient partnerClient, Map<String, PeerClient> clients, Puller puller,
                    Function<UpdateBacklog.Entry, CompletableFuture<Boolean>> replayer, CommunicationState comm,
                    Machine machine) {
        this.rel = rel;
        this.service = service;
        this.clock = clock;
        this.hop = hop;
        this.monitor = monitor;
        this.partnerClient = partnerClient;
        this.clients = clients;
        this.puller = puller;
        this.replayer = replayer;
        this.comm = comm;
        this.machine = machine;
        this.backlog = new UpdateBacklog(rel.config().delayedUpdatesLimit());
    }

    // ---- the automatic synchronisation (syncing) ----------------------------------------------------------------

    /** Whether the automatic synchronisation runs (it blocks transitions). Caller holds the monitor. */
    boolean syncInProgress() {
        return syncInProgress;
    }

    /**
     * In {@code syncing} with the partner reachable: starts the synchronisation (as an effect) unless it runs
     * already. Caller holds the monitor. Returns whether it was started.
     */
    boolean syncIfIdle(List<Runnable> effects) {
        if (syncInProgress) {
            return false;
        }
        syncInProgress = true;
        effects.add(this::startSync);
        return true;
    }

    private void startSync() {
        synchronized (monitor) {
            if (machine.closed() || machine.state() != HaState.SYNCING) {
                syncInProgress = false;
                machine.heartbeatsFollowState();
                return;
            }
        }
        String source = rel.partnerName();
        long maxPeriod = Math.max(1, rel.config().syncTimeout() / 1000);
        long t0 = clock.nanoTime();
        // The partner keeps serving its clients when it sends us each lease it hands out meanwhile (see
        // LeaseSynchronizer): clients are not left unanswered for the whole synchronisation, as with Kea.
        HaState partnerState = comm.partnerState();
        // (and only when lease updates are on: with send-lease-updates false the partner sends none)
        boolean live = rel.config().sendLeaseUpdates() && LeaseSynchronizer.sendsUpdates(partnerState);
        if (live) {
            LOG.info("LH_HA_SYNC_LIVE_START {}: synchronizing leases from {}, which stays in service ({}: it sends"
                    + " its lease updates here meanwhile)", rel.name(), source, partnerState.wireName());
        } else {
            LOG.info("LH_HA_SYNC_START {}: synchronizing leases from {}", rel.name(), source);
        }
        puller.sync(partnerClient, source, maxPeriod, live, () -> machine.state() == HaState.SYNCING)
                .whenCompleteAsync((res, err) -> {
            List<Runnable> effects = new ArrayList<>();
            synchronized (monitor) {
                syncInProgress = false;
                if (machine.closed()) {
                    return;
                }
                if (err == null) {
                    LOG.info("LH_HA_SYNC_COMPLETE {}: {} lease(s) fetched from {}, {} applied, in {} ms", rel.name(),
                            res.fetched(), source, res.applied(), (clock.nanoTime() - t0) / 1_000_000);
                    // The partner answered every page: it is alive even though heartbeats were paused.
                    comm.poke(clock.nanoTime());
                    if (machine.state() == HaState.SYNCING) {
                        machine.transition(HaState.READY, effects);
                    }
                } else {
                    LOG.warn("LH_HA_SYNC_FAILED {}: synchronization from {} failed: {}; retrying", rel.name(), source,
                            LeaseSynchronizer.describe(null, err));
                    comm.markUnavailable();
                }
                machine.heartbeatsFollowState();
            }
            effects.forEach(Runnable::run);
            machine.run();
        }, hop);
    }

    /** {@code ha-sync} from a named peer; does not change the HA state. */
    CompletableFuture<ControlResult> syncFrom(String peerName, long maxPeriodSeconds) {
        PeerClient c = clients.get(peerName);
        if (c == null) {
            return CompletableFuture.completedFuture(ControlResult.error(peerName.equals(rel.name())
                    ? "cannot synchronize with this server itself: '" + peerName + "'"
                    : "server name '" + peerName + "' is not a peer of " + rel.name()));
        }
        LOG.info("LH_HA_SYNC_START {}: synchronizing leases from {} (ha-sync)", rel.name(), peerName);
        return puller.sync(c, peerName, maxPeriodSeconds, false, () -> true).handle((res, e) -> {
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

    // ---- communication-recovery ---------------------------------------------------------------------------------

    /** Queues a transaction's updates if still in {@code communication-recovery}; takes the monitor. */
    boolean queueIfRecovering(List<Lease4> updated, List<Lease4> deleted) {
        synchronized (monitor) {
            if (machine.state() != HaState.COMMUNICATION_RECOVERY) {
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
                LOG.warn("LH_HA_BACKLOG_OVERFLOW {}: more than {} lease updates held for {}; the partner will need a "
                        + "full resynchronisation", rel.name(), rel.config().delayedUpdatesLimit(), rel.partnerName());
            }
            return true;
        }
    }

    boolean backlogOverflowed() {
        return backlog.overflowed();
    }

    int backlogSize() {
        return backlog.size();
    }

    /** On exit from {@code communication-recovery}: what was held is dropped. Caller holds the monitor. */
    void recoveryLeft() {
        backlog.clear();
        backlogOverflowLogged = false;
        resetWaitSince = -1;
        resetWaitLogged = false;
    }

    /**
     * In {@code communication-recovery} with the partner back in load-balancing (or recovering): replays the
     * backlog, or sends {@code ha-reset} when it overflowed (as an effect), unless that runs already. Caller holds
     * the monitor.
     */
    void recoverIfIdle(List<Runnable> effects) {
        if (!recoveryInProgress && backlog.overflowed() && !partnerReadyForReset()) {
            return;
        }
        if (!recoveryInProgress) {
            recoveryInProgress = true;
            effects.add(this::recover);
        }
    }

    /**
     * An overflowed backlog means {@code ha-reset}; it is sent only once the partner has reached us with a heartbeat
     * since our last failed one ({@link CommunicationState#partnerReachedUsSinceLastFailure}), or after
     * {@link #resetWaitLimitNanos} without one. When the peer link comes back, whichever server sees it first would
     * otherwise reset a Kea 2.2 partner whose own heartbeats have not succeeded yet: it goes from waiting to
     * partner-down, and from there back to load-balancing when we are ready, without ever fetching the leases we
     * served during the interruption. Caller holds the monitor.
     */
    private boolean partnerReadyForReset() {
        long now = clock.nanoTime();
        if (resetWaitSince < 0) {
            resetWaitSince = now;
        }
        if (comm.partnerReachedUsSinceLastFailure() || now - resetWaitSince >= resetWaitLimitNanos()) {
            return true;
        }
        if (!resetWaitLogged) {
            resetWaitLogged = true;
            LOG.info("LH_HA_RESET_DEFERRED {}: {} answers again; ha-reset waits until its own heartbeat reaches us",
                    rel.name(), rel.partnerName());
        }
        return false;
    }

    /** How long an ha-reset waits for the partner's heartbeat: its longest heartbeat (Kea's 10 s HTTP timeout). */
    private long resetWaitLimitNanos() {
        long ms = Math.max(rel.config().maxResponseDelay(), 10_000) + rel.config().heartbeatDelay();
        return ms * 1_000_000L;
    }

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
            synchronized (monitor) {
                recoveryInProgress = false;
                if (machine.state() == HaState.COMMUNICATION_RECOVERY && backlog.isEmpty()
                        && !backlog.overflowed()) {
                    LOG.info("LH_HA_BACKLOG_REPLAYED {}: held lease updates delivered to {}", rel.name(),
                            rel.partnerName());
                    machine.transition(HaState.LOAD_BALANCING, effects);
                }
            }
            effects.forEach(Runnable::run);
            machine.run();
            return;
        }
        replayer.apply(e).whenCompleteAsync((ok, err) -> {
            if (err == null && Boolean.TRUE.equals(ok)) {
                backlog.remove(e);
                replayNext();
            } else {
                sendReset();
            }
        }, hop);
    }

    private void sendReset() {
        send(partnerClient, PeerCommands.RESET, PeerCommands.serverName(rel.name()))
                .whenCompleteAsync((r, e) -> {
                    List<Runnable> effects = new ArrayList<>();
                    synchronized (monitor) {
                        recoveryInProgress = false;
                        if (e == null && PeerCommands.isSuccess(r)) {
                            LOG.warn("LH_HA_RESET_SENT {}: held lease updates could not be delivered; {} told to "
                                    + "resynchronise, resynchronising ourselves", rel.name(), rel.partnerName());
                            if (machine.state() == HaState.COMMUNICATION_RECOVERY) {
                                machine.transition(HaState.WAITING, effects);
                            }
                        } else {
                            LOG.warn("LH_HA_RESET_FAILED {}: ha-reset sent to {} failed: {}", rel.name(),
                                    rel.partnerName(), LeaseSynchronizer.describe(r, e));
                            comm.markUnavailable();
                        }
                    }
                    effects.forEach(Runnable::run);
                    machine.run();
                }, hop);
    }

    // ---- ha-sync-complete-notify received -----------------------------------------------------------------------

    /**
     * {@code ha-sync-complete-notify}: the partner finished pulling our leases; lift its disable now, or in
     * partner-down only once we leave that state or the partner becomes unreachable (Kea's rule).
     */
    ControlResult syncCompleteNotified(Set<Integer> origins) {
        synchronized (monitor) {
            if (machine.state() == HaState.PARTNER_DOWN) {
                notifiedOrigins.addAll(origins);
            } else {
                origins.forEach(service::enable);
            }
        }
        return ControlResult.success("Server successfully notified about the synchronization completion.");
    }

    /**
     * On exit from {@code partner-down}: lifts the disables kept since the partner's sync. Caller holds the monitor.
     */
    void releaseNotifiedOrigins() {
        notifiedOrigins.forEach(service::enable);
        notifiedOrigins.clear();
    }

    /**
     * A heartbeat failed: in partner-down, a partner that finished its sync and is gone no longer holds us off.
     * Caller holds the monitor.
     */
    void partnerUnreachable() {
        if (machine.state() == HaState.PARTNER_DOWN && !notifiedOrigins.isEmpty()) {
            LOG.info("LH_HA_SYNCED_PARTNER_UNAVAILABLE {}: {} finished its sync and is unreachable now; "
                    + "serving again", rel.name(), rel.partnerName());
            releaseNotifiedOrigins();
        }
    }

    private static CompletableFuture<ControlResult> send(PeerClient c, String command, Map<String, Object> args) {
        try {
            return c.send(command, args, PeerCommands.TIMEOUT_MILLIS);
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }
}
