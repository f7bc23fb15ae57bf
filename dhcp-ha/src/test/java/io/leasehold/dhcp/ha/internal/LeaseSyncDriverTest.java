package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.server.ServiceState;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The sync driver against a recording state machine, a scripted partner and a hand-completed lease puller, on a
 * virtual clock (answers run on the scheduler hop, i.e. when the test runs due tasks): the automatic
 * synchronisation, ha-sync, the communication-recovery backlog and ha-reset, ha-sync-complete-notify.
 */
class LeaseSyncDriverTest {
    private final VirtualTime time = new VirtualTime();
    private final Object monitor = new Object();
    private final HaTestKit.FakePeer partner = new HaTestKit.FakePeer(monitor);
    private final ServiceState service = new ServiceState(time);
    private final Machine machine = new Machine();
    private final List<Pull> pulls = Collections.synchronizedList(new ArrayList<>());
    private final List<UpdateBacklog.Entry> replayed = Collections.synchronizedList(new ArrayList<>());
    private Function<UpdateBacklog.Entry, CompletableFuture<Boolean>> replayAnswer =
            e -> CompletableFuture.completedFuture(true);
    private CommunicationState comm;
    private LeaseSyncDriver sync;

    /** One call of the puller, completed by the test. */
    private record Pull(PeerClient source, String name, long maxPeriod,
                        CompletableFuture<LeaseSynchronizer.Result> result) {
    }

    /**
     * Records what the driver asks of the state machine and checks the monitor is held (or not) as documented. The
     * check comes before the recording: a violation inside a future's callback (where the assertion error is
     * swallowed) still shows as a missing record.
     */
    private final class Machine implements LeaseSyncDriver.Machine {
        volatile HaState state = HaState.SYNCING;
        volatile boolean closed;
        final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
        int heartbeatUpdates;
        int runs;
        int effectsRun;

        @Override
        public HaState state() {
            return state;
        }

        @Override
        public boolean closed() {
            assertTrue(Thread.holdsLock(monitor));
            return closed;
        }

        @Override
        public void transition(HaState next, List<Runnable> effects) {
            assertTrue(Thread.holdsLock(monitor));
            transitions.add(state.wireName() + "->" + next.wireName());
            state = next;
            effects.add(() -> {
                assertFalse(Thread.holdsLock(monitor), "effects run after releasing the monitor");
                effectsRun++;
            });
        }

        @Override
        public void heartbeatsFollowState() {
            assertTrue(Thread.holdsLock(monitor));
            heartbeatUpdates++;
        }

        @Override
        public void run() {
            assertFalse(Thread.holdsLock(monitor));
            runs++;
        }
    }

    private void build(String mode, String extra) {
        Relationship rel = HaTestKit.relationship("server1", mode, extra);
        comm = new CommunicationState(rel, time, true, new RejectedUpdates());
        LeaseSyncDriver.Puller puller = (source, name, maxPeriod, live, wanted) -> {
            assertFalse(Thread.holdsLock(monitor), "nothing is sent while holding the monitor");
            Pull p = new Pull(source, name, maxPeriod, new CompletableFuture<>());
            pulls.add(p);
            return p.result();
        };
        Function<UpdateBacklog.Entry, CompletableFuture<Boolean>> replayer = e -> {
            assertFalse(Thread.holdsLock(monitor), "nothing is sent while holding the monitor");
            replayed.add(e);
            return replayAnswer.apply(e);
        };
        sync = new LeaseSyncDriver(rel, service, time, HaTestKit.hop(time), monitor, partner,
                Map.of("server2", partner), puller, replayer, comm, machine);
    }

    /** Starts the automatic synchronisation as the state machine does and runs its effect. */
    private void startSync() {
        List<Runnable> effects = new ArrayList<>();
        int before = pulls.size();
        synchronized (monitor) {
            assertTrue(sync.syncIfIdle(effects));
            assertTrue(sync.syncInProgress());
            assertFalse(sync.syncIfIdle(new ArrayList<>()), "one synchronisation at a time");
        }
        assertEquals(1, effects.size());
        assertEquals(before, pulls.size(), "started only when the effects run");
        effects.forEach(Runnable::run);
    }

    private boolean syncInProgress() {
        synchronized (monitor) {
            return sync.syncInProgress();
        }
    }

    private static Lease4 lease(int n) {
        return Lease4.builder(Ipv4.parse("192.0.2." + (100 + n))).subnetId(1).hardwareAddress(HaTestKit.mac(n))
                .build();
    }

    @Test
    void automaticSyncPullsFromThePartnerAndEndsInReady() {
        build("hot-standby", "\"sync-timeout\": 30000");
        startSync();
        assertEquals(1, pulls.size());
        Pull p = pulls.get(0);
        assertEquals(partner, p.source());
        assertEquals("server2", p.name());
        assertEquals(30, p.maxPeriod(), "dhcp-disable max-period = sync-timeout in seconds");

        time.advance(5_000);
        assertTrue(comm.interrupted(time.nanoTime()), "no heartbeats during the sync");
        p.result().complete(new LeaseSynchronizer.Result(5, 3, 2));
        assertEquals(List.of(), machine.transitions, "the answer is processed on the scheduler");
        time.runDue();
        assertEquals(List.of("syncing->ready"), machine.transitions);
        assertFalse(syncInProgress());
        assertFalse(comm.interrupted(time.nanoTime()), "the partner answered every page");
        assertEquals(1, machine.heartbeatUpdates, "heartbeats resume");
        assertEquals(1, machine.effectsRun);
        assertEquals(1, machine.runs);
    }

    @Test
    void failedSyncMarksThePartnerUnavailableAndMayBeRetried() {
        build("hot-standby", null);
        synchronized (monitor) {
            comm.heartbeatDone(CommunicationState.Heartbeat.of(
                    HaTestKit.heartbeat("hot-standby", time.currentTimeMillis(), List.of(), 0), null),
                    time.nanoTime());
        }
        startSync();
        pulls.get(0).result().completeExceptionally(new LeaseSynchronizer.SyncException("dhcp-disable failed"));
        time.runDue();
        assertEquals(List.of(), machine.transitions);
        assertEquals(HaState.UNAVAILABLE, comm.partnerState());
        assertFalse(syncInProgress());
        assertEquals(1, machine.heartbeatUpdates);
        assertEquals(1, machine.runs);
        startSync();
        assertEquals(2, pulls.size());
    }

    @Test
    void syncIsNotStartedOnceTheStateMovedOn() {
        build("hot-standby", null);
        List<Runnable> effects = new ArrayList<>();
        synchronized (monitor) {
            sync.syncIfIdle(effects);
        }
        machine.state = HaState.PARTNER_DOWN;
        effects.forEach(Runnable::run);
        assertTrue(pulls.isEmpty());
        assertFalse(syncInProgress());
        assertEquals(1, machine.heartbeatUpdates);
        assertEquals(0, machine.runs);
    }

    @Test
    void syncEndingAfterCloseChangesNothing() {
        build("hot-standby", null);
        startSync();
        machine.closed = true;
        pulls.get(0).result().complete(new LeaseSynchronizer.Result(0, 0, 0));
        time.runDue();
        assertEquals(List.of(), machine.transitions);
        assertFalse(syncInProgress());
        assertEquals(0, machine.runs);
    }

    @Test
    void haSyncPullsFromTheNamedPeerWithoutChangingState() {
        build("hot-standby", null);
        machine.state = HaState.HOT_STANDBY;
        assertEquals("cannot synchronize with this server itself: 'server1'",
                sync.syncFrom("server1", 0).join().text());
        assertEquals("server name 'server3' is not a peer of server1", sync.syncFrom("server3", 0).join().text());
        assertTrue(pulls.isEmpty());

        CompletableFuture<ControlResult> ok = sync.syncFrom("server2", 7);
        assertEquals(7, pulls.get(0).maxPeriod());
        pulls.get(0).result().complete(new LeaseSynchronizer.Result(2, 2, 0));
        assertEquals("Lease database synchronization complete.", ok.join().text());

        CompletableFuture<ControlResult> failed = sync.syncFrom("server2", 0);
        pulls.get(1).result().completeExceptionally(new LeaseSynchronizer.SyncException("page failed"));
        assertEquals(ControlResult.ERROR, failed.join().result());
        assertEquals("page failed", failed.join().text());
        assertEquals(List.of(), machine.transitions);
        assertEquals(0, machine.runs);
    }

    @Test
    void updatesAreHeldOnlyInCommunicationRecoveryUpToTheLimit() {
        build("load-balancing", "\"delayed-updates-limit\": 2");
        machine.state = HaState.LOAD_BALANCING;
        assertFalse(sync.queueIfRecovering(List.of(lease(1)), List.of()));
        machine.state = HaState.COMMUNICATION_RECOVERY;
        assertTrue(sync.queueIfRecovering(List.of(lease(1)), List.of(lease(2))));
        assertEquals(2, sync.backlogSize());
        assertFalse(sync.backlogOverflowed());
        assertTrue(sync.queueIfRecovering(List.of(lease(3)), List.of()), "held (and lost) even when full");
        assertEquals(2, sync.backlogSize());
        assertTrue(sync.backlogOverflowed());
        synchronized (monitor) {
            sync.recoveryLeft();
        }
        assertEquals(0, sync.backlogSize());
        assertFalse(sync.backlogOverflowed());
    }

    @Test
    void recoveryReplaysTheBacklogInOrderThenReturnsToLoadBalancing() {
        build("load-balancing", "\"delayed-updates-limit\": 10");
        machine.state = HaState.COMMUNICATION_RECOVERY;
        sync.queueIfRecovering(List.of(lease(1), lease(2)), List.of(lease(3)));
        recover();
        time.runDue();
        assertEquals(List.of("192.0.2.103 DELETE", "192.0.2.101 ADD", "192.0.2.102 ADD"), replayedOps());
        assertEquals(List.of("communication-recovery->load-balancing"), machine.transitions);
        assertEquals(0, sync.backlogSize());
        assertEquals(0, partner.count(PeerCommands.RESET));
        assertEquals(1, machine.runs);
    }

    @Test
    void failedReplaySendsHaResetAndResynchronises() {
        build("load-balancing", null);
        partner.answer(PeerCommands.RESET, ControlResult.success("HA state machine reset."));
        replayAnswer = e -> CompletableFuture.completedFuture(false);
        machine.state = HaState.COMMUNICATION_RECOVERY;
        sync.queueIfRecovering(List.of(lease(1), lease(2)), List.of());
        recover();
        time.runDue();
        assertEquals(1, replayed.size(), "the first failure stops the replay");
        assertEquals(List.of(PeerCommands.RESET), partner.commands);
        assertEquals(Map.of("server-name", "server1"), partner.arguments.get(0));
        assertEquals(List.of("communication-recovery->waiting"), machine.transitions);
        assertFalse(partner.sentWhileHoldingMonitor);
    }

    @Test
    void overflowedBacklogGoesStraightToHaResetAndAFailedResetMarksThePartnerUnavailable() {
        build("load-balancing", "\"delayed-updates-limit\": 1");
        machine.state = HaState.COMMUNICATION_RECOVERY;
        sync.queueIfRecovering(List.of(lease(1), lease(2)), List.of());
        synchronized (monitor) {
            comm.heartbeatDone(CommunicationState.Heartbeat.of(
                    HaTestKit.heartbeat("load-balancing", time.currentTimeMillis(), List.of(), 0), null),
                    time.nanoTime());
        }
        comm.partnerHeartbeatReceived(time.nanoTime());
        recover();
        time.runDue();
        assertEquals(List.of(), replayed);
        assertEquals(List.of(PeerCommands.RESET), partner.commands, "refused: not scripted");
        assertEquals(List.of(), machine.transitions);
        assertEquals(HaState.UNAVAILABLE, comm.partnerState());
        assertEquals(1, machine.runs);
        recover();
        time.runDue();
        assertEquals(2, partner.count(PeerCommands.RESET), "tried again on the next run");
    }

    @Test
    void syncCompleteNotifyLiftsThePartnersDisableAtOnceOutsidePartnerDown() {
        build("hot-standby", null);
        machine.state = HaState.HOT_STANDBY;
        service.disable(2000, 0);
        assertEquals("Server successfully notified about the synchronization completion.",
                sync.syncCompleteNotified(Set.of(2000)).text());
        assertTrue(service.isEnabled());
    }

    @Test
    void inPartnerDownTheDisableStaysUntilThePartnerIsUnreachableOrTheStateChanges() {
        build("hot-standby", null);
        machine.state = HaState.PARTNER_DOWN;
        service.disable(2000, 0);
        sync.syncCompleteNotified(Set.of(2000));
        assertFalse(service.isEnabled());
        synchronized (monitor) {
            sync.partnerUnreachable();
        }
        assertTrue(service.isEnabled(), "the synced partner is gone: serve again");

        service.disable(2000, 0);
        sync.syncCompleteNotified(Set.of(2000));
        machine.state = HaState.HOT_STANDBY;
        synchronized (monitor) {
            sync.partnerUnreachable();
        }
        assertFalse(service.isEnabled(), "only in partner-down");
        synchronized (monitor) {
            sync.releaseNotifiedOrigins();
        }
        assertTrue(service.isEnabled(), "leaving partner-down lifts it");
        service.disable(2000, 0);
        synchronized (monitor) {
            sync.releaseNotifiedOrigins();
        }
        assertFalse(service.isEnabled(), "released once");
    }

    /** Starts the recovery as the state machine does (once) and runs its effect. */
    private void recover() {
        List<Runnable> effects = new ArrayList<>();
        synchronized (monitor) {
            sync.recoverIfIdle(effects);
            sync.recoverIfIdle(effects);
        }
        assertEquals(1, effects.size(), "one recovery at a time");
        effects.forEach(Runnable::run);
    }

    private List<String> replayedOps() {
        List<String> out = new ArrayList<>();
        synchronized (replayed) {
            replayed.forEach(e -> out.add(Ipv4.toString(e.lease().address()) + " " + e.op()));
        }
        return out;
    }

    @Test
    void emptyBacklogReturnsToLoadBalancingAtOnce() {
        build("load-balancing", null);
        machine.state = HaState.COMMUNICATION_RECOVERY;
        recover();
        assertEquals(List.of("communication-recovery->load-balancing"), machine.transitions);
        assertEquals(List.of(), replayed);
        assertEquals(1, machine.effectsRun);
        assertEquals(1, machine.runs);
    }

    /** Our heartbeat's outcome, recorded as the state machine does. */
    private void ourHeartbeat(boolean answered) {
        synchronized (monitor) {
            comm.heartbeatDone(answered ? CommunicationState.Heartbeat.of(HaTestKit.heartbeat(
                    "communication-recovery", time.currentTimeMillis(), List.of("server2"), 0), null)
                    : new CommunicationState.Heartbeat(null, "cannot connect"), time.nanoTime());
        }
    }

    /** What the state machine's recoverIfIdle adds (0: deferred, 1: recovery started); runs it. */
    private int tryRecover() {
        List<Runnable> effects = new ArrayList<>();
        synchronized (monitor) {
            sync.recoverIfIdle(effects);
        }
        effects.forEach(Runnable::run);
        time.runDue();
        return effects.size();
    }

    /**
     * The peer link comes back; we see the partner first. A Kea 2.2 partner whose own heartbeats have not yet
     * succeeded would go from waiting to partner-down on ha-reset (and later back to load-balancing without fetching
     * our leases), so an overflowed backlog waits for the partner's heartbeat to reach us first.
     */
    @Test
    void haResetWaitsUntilThePartnersHeartbeatReachesUs() {
        build("load-balancing", "\"delayed-updates-limit\": 1");
        partner.answer(PeerCommands.RESET, ControlResult.success("HA state machine reset."));
        machine.state = HaState.COMMUNICATION_RECOVERY;
        comm.partnerHeartbeatReceived(time.nanoTime()); // before the cut
        time.advance(1000);
        ourHeartbeat(false); // link down
        sync.queueIfRecovering(List.of(lease(1), lease(2)), List.of());
        time.advance(1000);
        ourHeartbeat(true); // link back, our side first
        assertEquals(0, tryRecover(), "deferred");
        time.advance(1000);
        ourHeartbeat(true);
        assertEquals(0, tryRecover(), "still deferred");
        assertEquals(List.of(), partner.commands);
        assertEquals(List.of(), machine.transitions);
        comm.partnerHeartbeatReceived(time.nanoTime()); // the partner's heartbeat succeeds too
        time.advance(1000);
        assertEquals(1, tryRecover());
        assertEquals(List.of(PeerCommands.RESET), partner.commands);
        assertEquals(List.of("communication-recovery->waiting"), machine.transitions);
    }

    @Test
    void haResetGoesWithoutThePartnersHeartbeatAfterTheLongestHeartbeat() {
        build("load-balancing", "\"delayed-updates-limit\": 1");
        partner.answer(PeerCommands.RESET, ControlResult.success("HA state machine reset."));
        machine.state = HaState.COMMUNICATION_RECOVERY;
        ourHeartbeat(false);
        sync.queueIfRecovering(List.of(lease(1), lease(2)), List.of());
        time.advance(1000);
        ourHeartbeat(true);
        assertEquals(0, tryRecover());
        time.advance(10_000); // max(max-response-delay 3 s, 10 s) + heartbeat-delay 1 s since the first try
        assertEquals(0, tryRecover());
        time.advance(1000);
        assertEquals(1, tryRecover());
        assertEquals(List.of(PeerCommands.RESET), partner.commands);
        assertEquals(List.of("communication-recovery->waiting"), machine.transitions);
    }

    @Test
    void aBacklogWithinTheLimitIsReplayedWithoutWaitingForThePartnersHeartbeat() {
        build("load-balancing", "\"delayed-updates-limit\": 10");
        machine.state = HaState.COMMUNICATION_RECOVERY;
        ourHeartbeat(false);
        sync.queueIfRecovering(List.of(lease(1)), List.of());
        time.advance(1000);
        ourHeartbeat(true);
        assertEquals(1, tryRecover());
        assertEquals(List.of("192.0.2.101 ADD"), replayedOps());
        assertEquals(List.of("communication-recovery->load-balancing"), machine.transitions);
    }
}
