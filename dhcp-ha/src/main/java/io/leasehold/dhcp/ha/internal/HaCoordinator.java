package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaRelationship;
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
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.BiFunction;
import java.util.function.Predicate;

/**
 * One HA relationship (Kea's HA service) as the rest of Leasehold sees it: a façade that builds and wires the parts
 * and hands each call to the part it concerns.
 * <ul>
 * <li>{@link HaStateMachine}: transitions (decided by {@link Transitions}) with their on-exit and on-entry actions,
 * served scopes, the local DHCP service (origin {@code 1000 + i}), heartbeat timer, pause and continue,
 * {@code ha-reset}, {@code ha-scopes}, maintenance;</li>
 * <li>{@link CommunicationState}: what the heartbeats say and failure detection (communication interrupted,
 * unacked clients, partner-down, clock skew, rejected updates);</li>
 * <li>{@link LeaseSyncDriver}: automatic synchronisation, {@code ha-sync}, the communication-recovery backlog and
 * {@code ha-reset} to the partner, {@code ha-sync-complete-notify};</li>
 * <li>{@link ScopeFilter}: the scope of a query and whether this server answers it;</li>
 * <li>{@link LeaseUpdater}: lease updates to the partner and the backups.</li>
 * </ul>
 *
 * <p>Threading: state is guarded by this object's monitor, which the state machine, the communication state and
 * the sync driver share (they are given this object as {@code monitor}); nothing is sent to a peer while holding
 * it. The state machine runs on the scheduler thread (or the thread that processed a heartbeat answer), one run at
 * a time. Answers of heartbeats, sync pages and backlog replays are processed on the scheduler, never on the peer
 * client's I/O thread; lease-update answers complete the parked reply directly. State changes collect their effects
 * (listener calls, starting a synchronisation) under the monitor and run them after releasing it.
 */
public final class HaCoordinator implements LeaseUpdater.Owner {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");

    private final Relationship rel;
    private final Clock clock;
    private final Map<String, PeerClient> clients;
    private final CommunicationState comm;
    private final LeaseUpdater updater;
    private final HaStateMachine machine;
    private final LeaseSyncDriver sync;
    private final ScopeFilter scopes;

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
        Scheduler scheduler = ctx.scheduler();
        this.clock = scheduler.clock();
        Executor hop = r -> scheduler.schedule(r, 0);
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
        PeerClient partnerClient = rel.partner().map(p -> cs.get(p.name())).orElse(null);
        List<Map.Entry<HaPeer, PeerClient>> backupClients = new ArrayList<>();
        for (HaPeer b : rel.backups()) {
            if (!b.name().equals(rel.name())) {
                backupClients.add(new AbstractMap.SimpleImmutableEntry<>(b, cs.get(b.name())));
            }
        }
        RejectedUpdates rejected = new RejectedUpdates();
        this.comm = new CommunicationState(rel, clock, partnerClient != null, rejected);
        this.updater = new LeaseUpdater(rel, this, partnerClient, backupClients, rejected);
        LeaseSynchronizer synchronizer = new LeaseSynchronizer(rel, ctx.leaseCommands(), ctx.store(), ctx.engine(),
                clock, hop, owned);
        this.machine = new HaStateMachine(rel, ctx.service(), ctx.listener(), scheduler, hop, this, gateLocally,
                partnerClient, comm, m -> new LeaseSyncDriver(rel, ctx.service(), clock, hop, this, partnerClient,
                        cs, synchronizer::sync, updater::replay, comm, m));
        this.sync = machine.sync();
        this.scopes = machine.scopes();
    }

    public Relationship relationship() {
        return rel;
    }

    /**
     * Whether the partner answers a heartbeat within {@code timeoutMillis} in a state that serves clients (this
     * server is then the one (re)starting into a running relationship). Blocks the caller; for before serving only.
     */
    public boolean partnerServing(long timeoutMillis) {
        PeerClient partner = rel.partner().map(p -> clients.get(p.name())).orElse(null);
        if (partner == null) {
            return false;
        }
        try {
            ControlResult answer = partner.send(PeerCommands.HEARTBEAT, null, timeoutMillis)
                    .get(timeoutMillis + 100, java.util.concurrent.TimeUnit.MILLISECONDS);
            if (answer.result() != 0 || !(answer.arguments() instanceof Map<?, ?> args)) {
                return false;
            }
            HaState s = HaState.fromWireName(String.valueOf(args.get("state")));
            return s == HaState.HOT_STANDBY || s == HaState.LOAD_BALANCING || s == HaState.PARTNER_DOWN
                    || s == HaState.PARTNER_IN_MAINTENANCE || s == HaState.COMMUNICATION_RECOVERY;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException
                 | RuntimeException e) {
            return false;
        }
    }

    /** Enters {@code waiting} (DHCP service off for this relationship's origin) and starts heartbeats. */
    public void start() {
        machine.start();
    }

    /**
     * As {@link #start()}, before the server's DHCP sockets are open when {@code socketsOpen} is false: heartbeats
     * and a standby's synchronisation run, transitions that would make this server answer clients wait for
     * {@link #socketsOpened}.
     */
    public void start(boolean socketsOpen) {
        machine.start(socketsOpen);
    }

    /** The server's DHCP sockets are open (see {@link #start(boolean)}). */
    public void socketsOpened() {
        machine.socketsOpened();
    }

    /** Stops timers, closes peer clients and lifts this relationship's hold on the DHCP service. */
    public void close() {
        if (!machine.close()) {
            return;
        }
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
        return scopes.accept(q, scope);
    }

    /**
     * Sends the lease updates a reply needs; completes with whether the reply may go. A reply is also held back when
     * the process may have been frozen since its query was accepted (the partner may have served the client).
     */
    public CompletableFuture<Boolean> leasesCommitted(List<Lease4> updated, List<Lease4> deleted) {
        if (machine.frozenSuspect()) {
            return CompletableFuture.completedFuture(false);
        }
        return updater.leasesCommitted(updated, deleted).thenApply(ok -> ok && !machine.frozenSuspect());
    }

    /**
     * Before the server's warm-up, in real deployments: when this server synchronises before its sockets open (a
     * hot-standby standby) and the partner serves (this server is (re)starting into a running relationship and is
     * about to pull the partner's leases), waits until this server's state machine is
     * past the synchronisation, or until {@code deadlineNanos}. The pull then has the CPU and the JIT to itself
     * instead of sharing them with the warm-up; the DHCP sockets open after the warm-up either way, and the
     * machine serves no client before they do. Returns at once when the partner does not serve, and when the
     * machine is still waiting {@link HaWarmUp#PROBE_MILLIS} after the partner answered (paused, or the partner
     * not answering its heartbeats).
     *
     * @return whether it waited for a synchronisation that ended (the state left {@code syncing})
     */
    public boolean awaitStartUpSync(long deadlineNanos) {
        // a server that answers clients in the normal state (hot-standby primary, load-balancing) stays in waiting
        // until its sockets open, and synchronises after them: nothing to wait for
        if (!machine.syncsBeforeSockets() || !partnerServing(HaWarmUp.PROBE_MILLIS)) {
            return false;
        }
        try {
            long firstBeat = Math.min(deadlineNanos, System.nanoTime() + HaWarmUp.PROBE_MILLIS * 1_000_000L);
            if (!machine.awaitOutside(java.util.EnumSet.of(HaState.WAITING), firstBeat)) {
                return false;
            }
            LOG.info("LH_HA_SYNC_BEFORE_WARMUP {}: the partner serves; the warm-up waits until this server has "
                    + "synchronised its leases (at most {} ms)", rel.name(),
                    Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000L));
            return machine.awaitOutside(java.util.EnumSet.of(HaState.SYNCING), deadlineNanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- LeaseUpdater.Owner -------------------------------------------------------------------------------------

    @Override
    public HaState state() {
        return machine.state();
    }

    @Override
    public boolean queueIfRecovering(List<Lease4> updated, List<Lease4> deleted) {
        return sync.queueIfRecovering(updated, deleted);
    }

    @Override
    public void partnerUpdateFailed() {
        synchronized (this) {
            comm.markUnavailable();
        }
        machine.requestRun();
    }

    @Override
    public void requestRun() {
        machine.requestRun();
    }

    @Override
    public long nowNanos() {
        return clock.nanoTime();
    }

    // ---- commands received --------------------------------------------------------------------------------------

    /** {@code ha-heartbeat}: state, RFC 1123 time, served scopes, unsent-update-count. */
    public ControlResult heartbeatAnswer() {
        comm.partnerHeartbeatReceived(clock.nanoTime());
        Map<String, Object> args = new LinkedHashMap<>();
        args.put("date-time", HttpDate.format(clock.currentTimeMillis()));
        args.put("scopes", new ArrayList<>(scopes.served()));
        args.put("state", machine.state().wireName());
        args.put("unsent-update-count", updater.unsentUpdateCount());
        return ControlResult.success("HA peer status returned.", args);
    }

    /** {@code ha-reset}: back to waiting (and from there to a resynchronisation). */
    public ControlResult reset() {
        return machine.reset();
    }

    /** {@code ha-maintenance-notify} from the partner. */
    public ControlResult maintenanceNotify(boolean cancel) {
        return machine.maintenanceNotify(cancel);
    }

    /** {@code ha-maintenance-start}: ask the partner to go in-maintenance and take over its scopes. */
    public CompletableFuture<ControlResult> maintenanceStart() {
        return machine.maintenanceStart();
    }

    /** {@code ha-maintenance-cancel}: bring the partner back from in-maintenance, then return ourselves. */
    public CompletableFuture<ControlResult> maintenanceCancel() {
        return machine.maintenanceCancel();
    }

    /**
     * {@code ha-sync-complete-notify}: the partner finished pulling our leases; lift its disable now, or in
     * partner-down only once we leave that state or the partner becomes unreachable (Kea's rule).
     */
    public ControlResult syncCompleteNotified(Set<Integer> origins) {
        return sync.syncCompleteNotified(origins);
    }

    /** {@code ha-scopes}. */
    public ControlResult setScopes(List<String> names) {
        return machine.setScopes(names);
    }

    /** {@code ha-continue}. */
    public ControlResult continueMachine() {
        return machine.continueMachine();
    }

    /** {@code ha-sync} from a named peer; does not change the HA state. */
    public CompletableFuture<ControlResult> syncFrom(String peerName, long maxPeriodSeconds) {
        return sync.syncFrom(peerName, maxPeriodSeconds);
    }

    // ---- status -------------------------------------------------------------------------------------------------

    /** A consistent snapshot for status-get and the Java API. */
    public synchronized Snapshot snapshot() {
        long now = clock.nanoTime();
        boolean interrupted = comm.interrupted(now);
        int un = comm.unackedClients();
        return new Snapshot(machine.state(), List.copyOf(scopes.served()), machine.paused(), comm.partnerState(),
                comm.partnerScopes(), comm.inTouch(), comm.ageSeconds(now), interrupted, comm.connectingClients(), un,
                comm.unackedClientsLeft(interrupted, un), comm.analyzedPackets(), updater.unsentUpdateCount(),
                comm.clockSkewSeconds(), sync.backlogSize());
    }

    /** What {@link #snapshot()} returns. */
    public record Snapshot(HaState state, List<String> scopes, boolean paused, HaState partnerState,
                           List<String> partnerScopes, boolean inTouch, long ageSeconds,
                           boolean communicationInterrupted, int connectingClients, int unackedClients,
                           long unackedClientsLeft, long analyzedPackets, long unsentUpdateCount,
                           long clockSkewSeconds, int backlogSize) {
    }
}
