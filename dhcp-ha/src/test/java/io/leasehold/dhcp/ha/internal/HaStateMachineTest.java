package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.server.ServerListener;
import io.leasehold.dhcp.server.ServiceState;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The state machine with its real communication state and sync driver, a scripted partner (heartbeat answers in a
 * state the test sets), a lease puller that succeeds at once, and the server's DHCP service state, on a virtual
 * clock (heartbeat-delay 1 s, max-response-delay 3 s). Transitions are seen through the server listener.
 */
class HaStateMachineTest {
    private final VirtualTime time = new VirtualTime();
    private final Object monitor = new Object();
    private final HaTestKit.FakePeer partner = new HaTestKit.FakePeer(monitor);
    private final AtomicReference<String> partnerState = new AtomicReference<>("waiting");
    private final AtomicLong skewMillis = new AtomicLong();
    private final ServiceState service = new ServiceState(time);
    private final List<String> transitions = Collections.synchronizedList(new ArrayList<>());
    private final AtomicBoolean listenerUnderMonitor = new AtomicBoolean();
    private final AtomicLong pulls = new AtomicLong();
    /** What the next pull returns; by default a sync that succeeds at once. */
    private volatile CompletableFuture<LeaseSynchronizer.Result> pullResult =
            CompletableFuture.completedFuture(new LeaseSynchronizer.Result(0, 0, 0));
    private final RejectedUpdates rejected = new RejectedUpdates();
    private HaStateMachine machine;

    private final ServerListener listener = new ServerListener() {
        @Override
        public void haStateChanged(String relationship, String from, String to) {
            if (Thread.holdsLock(monitor)) {
                listenerUnderMonitor.set(true);
            }
            transitions.add(relationship + ":" + from + "->" + to);
        }
    };

    private HaStateMachine build(String self, String mode, String extra, boolean gateLocally) {
        partner.on(PeerCommands.HEARTBEAT, a -> CompletableFuture.completedFuture(HaTestKit.heartbeat(
                partnerState.get(), time.currentTimeMillis() + skewMillis.get(), List.of(), 0)));
        Relationship rel = HaTestKit.relationship(self, mode, extra);
        CommunicationState comm = new CommunicationState(rel, time, true, rejected);
        LeaseSyncDriver.Puller puller = (source, name, maxPeriod, live, wanted) -> {
            pulls.incrementAndGet();
            return pullResult;
        };
        machine = new HaStateMachine(rel, service, listener, time, HaTestKit.hop(time), monitor, gateLocally, partner,
                comm, m -> new LeaseSyncDriver(rel, service, time, HaTestKit.hop(time), monitor, partner,
                        Map.of(rel.partnerName(), partner), puller, e -> CompletableFuture.completedFuture(true),
                        comm, m));
        return machine;
    }

    private HaStateMachine primary(String extra) {
        return build("server1", "hot-standby", extra, false);
    }

    private void advanceUntil(BooleanSupplier c, long maxMillis, String what) {
        for (long t = 0; !c.getAsBoolean(); t += 100) {
            if (t > maxMillis) {
                throw new AssertionError(what + " not reached; transitions " + transitions);
            }
            time.advance(100);
        }
    }

    /** Start-up of the primary against a partner that waits, then reports hot-standby. */
    private void toHotStandby() {
        machine.start();
        advanceUntil(() -> machine.state() == HaState.READY, 5_000, "ready");
        partnerState.set("hot-standby");
        advanceUntil(() -> machine.state() == HaState.HOT_STANDBY, 5_000, "hot-standby");
    }

    private List<String> served() {
        return List.copyOf(machine.scopes().served());
    }

    @Test
    void startsWaitingWithItsOriginDisablingTheServiceAndSendsHeartbeats() {
        primary(null).start();
        assertEquals(HaState.WAITING, machine.state());
        assertEquals(Set.of(1000), service.disabledBy(), "origin 1000 + relationship index");
        assertEquals(List.of(), served());
        partnerState.set("syncing");
        time.advance(0);
        assertEquals(1, partner.count(PeerCommands.HEARTBEAT), "the first heartbeat goes at once (Kea: after one"
                + " heartbeat-delay)");
        assertEquals(HaState.WAITING, machine.state(), "a syncing partner is waited for");
        time.advance(999);
        assertEquals(1, partner.count(PeerCommands.HEARTBEAT));
        time.advance(1);
        assertEquals(2, partner.count(PeerCommands.HEARTBEAT), "then every heartbeat-delay");
        assertEquals(List.of(), transitions);
    }

    @Test
    void primaryGoesWaitingSyncingReadyHotStandby() {
        primary(null);
        toHotStandby();
        assertEquals(List.of("server1:waiting->syncing", "server1:syncing->ready", "server1:ready->hot-standby"),
                transitions);
        assertEquals(1, pulls.get());
        assertEquals(Set.of(), service.disabledBy(), "the service is on in hot-standby");
        assertEquals(List.of("server1"), served());
        assertFalse(partner.sentWhileHoldingMonitor, "nothing sent while holding the monitor");
        assertFalse(listenerUnderMonitor.get(), "listener effects run after releasing the monitor");
        long before = partner.count(PeerCommands.HEARTBEAT);
        time.advance(5_000);
        assertEquals(before + 5, partner.count(PeerCommands.HEARTBEAT));
    }

    @Test
    void theSyncBlocksTransitionsAndHeartbeatsUntilItEnds() {
        primary(null);
        pullResult = new CompletableFuture<>();
        machine.start();
        advanceUntil(() -> pulls.get() == 1, 2_000, "sync started");
        long sent = partner.count(PeerCommands.HEARTBEAT);
        partnerState.set("hot-standby");
        time.advance(10_000);
        assertEquals(sent, partner.count(PeerCommands.HEARTBEAT), "no heartbeats during the sync");
        assertEquals(HaState.SYNCING, machine.state());
        machine.requestRun();
        time.runDue();
        assertEquals(HaState.SYNCING, machine.state(), "no transition while the sync runs");
        pullResult.complete(new LeaseSynchronizer.Result(1, 1, 0));
        time.runDue();
        assertEquals(HaState.READY, machine.state());
        time.advance(1_000);
        assertEquals(sent + 1, partner.count(PeerCommands.HEARTBEAT), "heartbeats resume");
        assertEquals(HaState.HOT_STANDBY, machine.state());
    }

    @Test
    void inPartnerDownAFailedHeartbeatLiftsTheDisableOfAPartnerThatFinishedItsSync() {
        build("server1", "load-balancing", null, false).start();
        partner.refuse(PeerCommands.HEARTBEAT);
        machine.maintenanceStart().join();
        assertEquals(HaState.PARTNER_DOWN, machine.state());
        service.disable(2000, 0);
        machine.sync().syncCompleteNotified(Set.of(2000));
        assertFalse(service.isEnabled(), "kept while in partner-down");
        time.advance(1_000);
        assertTrue(service.isEnabled(), "the partner is unreachable now");
    }

    @Test
    void unreachablePartnerMeansPartnerDownAfterMaxResponseDelayAndItsReturnHotStandbyAgain() {
        primary(null);
        toHotStandby();
        partner.refuse(PeerCommands.HEARTBEAT);
        time.advance(3_000);
        assertEquals(HaState.HOT_STANDBY, machine.state(), "not before max-response-delay");
        advanceUntil(() -> machine.state() == HaState.PARTNER_DOWN, 2_000, "partner-down");
        assertEquals(List.of("server1"), served());
        assertTrue(service.isEnabled());
        partner.on(PeerCommands.HEARTBEAT, a -> CompletableFuture.completedFuture(HaTestKit.heartbeat("ready",
                time.currentTimeMillis(), List.of(), 0)));
        advanceUntil(() -> machine.state() == HaState.HOT_STANDBY, 2_000, "hot-standby again");
    }

    @Test
    void clockSkewAboveSixtySecondsTerminatesAndStopsHeartbeats() {
        primary(null);
        toHotStandby();
        skewMillis.set(61_000);
        advanceUntil(() -> machine.state() == HaState.TERMINATED, 2_000, "terminated");
        long sent = partner.count(PeerCommands.HEARTBEAT);
        time.advance(10_000);
        assertEquals(sent, partner.count(PeerCommands.HEARTBEAT), "no heartbeats in terminated");
        assertEquals(List.of("server1"), served(), "terminated serves as the normal state does");
    }

    @Test
    void rejectedUpdatesOfTooManyClientsSendTheServerBackToWaiting() {
        primary("\"max-rejected-lease-updates\": 1");
        toHotStandby();
        rejected.record(Lease4.builder(Ipv4.parse("192.0.2.101")).subnetId(1).hardwareAddress(HaTestKit.mac(1))
                .build(), time.nanoTime());
        machine.requestRun();
        time.runDue();
        assertEquals("server1:hot-standby->waiting", transitions.get(3));
        assertEquals(0, rejected.count(time.nanoTime()), "forgotten on entry to waiting");
        advanceUntil(() -> machine.state() == HaState.HOT_STANDBY, 5_000, "resynchronised");
        assertEquals(2, pulls.get());
    }

    @Test
    void pausedMachineWaitsForHaContinue() {
        primary("\"state-machine\": { \"states\": [ { \"state\": \"syncing\", \"pause\": \"once\" } ] }");
        assertEquals("HA state machine is not paused.", machine.continueMachine().text());
        machine.start();
        advanceUntil(() -> machine.state() == HaState.SYNCING, 2_000, "syncing");
        time.advance(5_000);
        assertTrue(machine.paused());
        assertEquals(0, pulls.get(), "a paused machine does not start the sync");
        assertEquals("HA state machine continues.", machine.continueMachine().text());
        advanceUntil(() -> machine.state() == HaState.READY, 2_000, "ready");
        assertFalse(machine.paused());
        machine.reset();
        advanceUntil(() -> machine.state() == HaState.READY, 5_000, "ready again");
        assertFalse(machine.paused(), "pause once: not the second time");
    }

    @Test
    void haResetGoesBackToWaiting() {
        primary(null);
        assertEquals("HA state machine already in WAITING state.", machine.reset().text());
        toHotStandby();
        assertEquals("HA state machine reset.", machine.reset().text());
        assertEquals(HaState.WAITING, machine.state());
        assertEquals(Set.of(1000), service.disabledBy());
        assertEquals(List.of(), served());
    }

    @Test
    void haScopesServesGivenScopesUntilTheNextStateChange() {
        primary(null);
        toHotStandby();
        assertEquals("invalid server name specified 'server9' while enabling/disabling DHCP service",
                machine.setScopes(List.of("server9")).text());
        assertEquals("New HA scopes configured.", machine.setScopes(List.of("server2", "server1")).text());
        assertEquals(List.of("server1", "server2"), served());
        machine.reset();
        assertEquals(List.of(), served());
    }

    @Test
    void maintenanceNotifyFromThePartnerAndItsCancel() {
        primary(null);
        toHotStandby();
        assertEquals("Unable to cancel the maintenance for the server not in the in-maintenance state.",
                machine.maintenanceNotify(true).text());
        assertEquals("Server is in-maintenance state.", machine.maintenanceNotify(false).text());
        assertEquals(HaState.IN_MAINTENANCE, machine.state());
        assertEquals(Set.of(1000), service.disabledBy());
        assertEquals(List.of(), served());
        time.advance(5_000);
        assertEquals(HaState.IN_MAINTENANCE, machine.state(), "stays until cancelled");
        assertEquals("Server maintenance canceled.", machine.maintenanceNotify(true).text());
        assertEquals(HaState.HOT_STANDBY, machine.state(), "back to the state before");
        assertEquals(Set.of(), service.disabledBy());
    }

    @Test
    void maintenanceStartWithAnOfflinePartnerTakesOverAllScopes() {
        build("server1", "load-balancing", null, false).start();
        ControlResult r = machine.maintenanceStart().join();
        assertEquals("Server is now in the partner-down state as its partner appears to be offline for maintenance.",
                r.text());
        assertEquals(HaState.PARTNER_DOWN, machine.state());
        assertEquals(List.of("server1", "server2"), served());
        assertEquals(Set.of(), service.disabledBy());
        assertEquals(Map.of("cancel", false, "server-name", "server1"), partner.arguments.get(0));
    }

    @Test
    void maintenanceStartAndCancelWithAnAnsweringPartner() {
        build("server1", "load-balancing", null, false).start();
        partner.answer(PeerCommands.MAINTENANCE_NOTIFY, ControlResult.success("Server is in-maintenance state."));
        assertEquals("Unable to cancel maintenance request because the server is not in the partner-in-maintenance "
                + "state.", machine.maintenanceCancel().join().text());
        assertEquals(ControlResult.SUCCESS, machine.maintenanceStart().join().result());
        assertEquals(HaState.PARTNER_IN_MAINTENANCE, machine.state());
        assertEquals(List.of("server1", "server2"), served());
        assertEquals(ControlResult.ERROR, machine.maintenanceStart().join().result(), "already");
        assertEquals("Server maintenance successfully canceled.", machine.maintenanceCancel().join().text());
        assertEquals(HaState.WAITING, machine.state(), "back to the state before");
        assertFalse(partner.sentWhileHoldingMonitor);
    }

    @Test
    void withSeveralRelationshipsTheStateGatesOnlyThisRelationshipsQueries() {
        build("server1", "hot-standby", null, true).start();
        assertTrue(service.isEnabled(), "the server's service is left alone");
        assertFalse(machine.scopes().accept(HaTestKit.discover(1, 0), "server1"), "dropped while waiting");
        advanceUntil(() -> machine.state() == HaState.READY, 5_000, "ready");
        partnerState.set("hot-standby");
        advanceUntil(() -> machine.state() == HaState.HOT_STANDBY, 5_000, "hot-standby");
        assertTrue(machine.scopes().accept(HaTestKit.discover(1, 0), "server1"));
        assertEquals(Set.of(), service.disabledBy());
    }

    @Test
    void closeStopsHeartbeatsAndLiftsTheOriginOnce() {
        primary(null).start();
        assertFalse(service.isEnabled());
        assertTrue(machine.close());
        assertTrue(service.isEnabled());
        assertFalse(machine.close());
        time.advance(10_000);
        assertEquals(0, partner.count(PeerCommands.HEARTBEAT));
        assertEquals(List.of(), transitions);
    }

    @Test
    void aThawedPrimaryAnswersNothingFromStaleStateAndResynchronisesFirst() {
        primary(null);
        toHotStandby();
        long pullsBefore = pulls.get();
        assertTrue(machine.scopes().accept(HaTestKit.discover(1, 0), "server1"), "serving in hot-standby");
        // SIGSTOP for 5 s (max-response-delay 3 s, heartbeat-delay 1 s): the standby may have taken over meanwhile
        partnerState.set("partner-down");
        time.freeze(5_000);
        // a packet worker runs before any timer after SIGCONT: it must not answer
        assertFalse(machine.scopes().accept(HaTestKit.discover(2, 0), "server1"), "a query answered after a thaw");
        assertTrue(machine.frozenSuspect(), "a reply parked before the freeze must be held back");
        time.runDue();
        assertTrue(transitions.contains("server1:hot-standby->waiting"), transitions.toString());
        // waiting, then syncing the partner's leases (at once here), then ready: not serving in any of them
        assertTrue(Set.of(HaState.WAITING, HaState.SYNCING, HaState.READY).contains(machine.state()),
                transitions.toString());
        assertEquals(Set.of(1000), service.disabledBy(), "the service is off until resynchronised");
        assertFalse(machine.frozenSuspect(), "the thaw is handled");
        assertTrue(pulls.get() > pullsBefore, "the leases the partner gave meanwhile are pulled");
        partnerState.set("hot-standby");
        advanceUntil(() -> machine.state() == HaState.HOT_STANDBY, 10_000, "hot-standby again");
        assertTrue(machine.scopes().accept(HaTestKit.discover(3, 0), "server1"));
    }

    /**
     * Seen in the failover soak (lh-lh hot-standby, SIGSTOP of the primary for 12 s): after SIGCONT the primary went
     * hot-standby -> waiting -> partner-down within a millisecond and served every scope for 20 ms, until the next
     * heartbeat answer (partner-down) sent it back to waiting, while its partner, which had taken over, was in
     * partner-down too. The heartbeat in flight at the SIGSTOP had timed out meanwhile, so the partner was
     * "unavailable", and the last successful heartbeat was 12 s old, so communication looked interrupted: the
     * thawed server took the silence of its own freeze for the failure of its partner, and decided from it.
     */
    @Test
    void aThawedPrimaryDoesNotTakeTheSilenceOfItsOwnFreezeForAFailedPartner() {
        primary(null);
        toHotStandby();
        // the heartbeat in flight when the process stops: its answer is processed only after SIGCONT, when the
        // client's request timeout has long passed
        CompletableFuture<ControlResult> inFlight = new CompletableFuture<>();
        partner.on(PeerCommands.HEARTBEAT, a -> inFlight);
        long sent = partner.count(PeerCommands.HEARTBEAT);
        advanceUntil(() -> partner.count(PeerCommands.HEARTBEAT) > sent, 2_000, "a heartbeat in flight");
        // SIGSTOP for 12 s: the standby declares us down at its 10 s request timeout and serves our clients
        partnerState.set("partner-down");
        time.freeze(12_000);
        // after SIGCONT the partner answers heartbeats again, 20 ms later each; the timed-out one fails first
        partner.on(PeerCommands.HEARTBEAT, a -> {
            CompletableFuture<ControlResult> f = new CompletableFuture<>();
            time.schedule(() -> f.complete(HaTestKit.heartbeat(partnerState.get(), time.currentTimeMillis(),
                    List.of("server1", "server2"), 0)), 20);
            return f;
        });
        inFlight.completeExceptionally(new io.leasehold.dhcp.ha.PeerClient.PeerException(
                "timeout after 10000 ms waiting for the answer"));
        time.runDue();
        for (int i = 0; i < 50 && machine.state() != HaState.READY; i++) {
            assertTrue(machine.scopes().served().isEmpty() || machine.state() == HaState.HOT_STANDBY,
                    "serving in " + machine.state() + " before resynchronising: " + transitions);
            time.advance(100);
        }
        assertFalse(transitions.stream().anyMatch(t -> t.endsWith("->partner-down")),
                "the thawed primary declared its partner down: " + transitions);
        assertTrue(transitions.contains("server1:hot-standby->waiting"), transitions.toString());
        assertTrue(pulls.get() > 0 && Set.of(HaState.SYNCING, HaState.READY).contains(machine.state()),
                "resynchronised from the partner: " + transitions);
    }

    @Test
    void aPauseShorterThanTheTakeoverWindowChangesNothing() {
        primary(null);
        toHotStandby();
        int before = transitions.size();
        time.freeze(1_500); // under max-response-delay - heartbeat-delay = 2 s: the partner cannot have taken over
        assertTrue(machine.scopes().accept(HaTestKit.discover(4, 0), "server1"));
        time.advance(3_000);
        assertEquals(before, transitions.size(), transitions.toString());
        assertEquals(HaState.HOT_STANDBY, machine.state());
    }
    @Test
    void beforeTheSocketsOpenAPrimaryWaitsAndAStandbySynchronisesIntoHotStandby() {
        // the primary answers clients in hot-standby: it does not leave waiting (no sync, no ready) while its
        // sockets are shut, however long its warm-up takes
        primary(null).start(false);
        partnerState.set("partner-down");
        time.advance(10_000);
        assertEquals(HaState.WAITING, machine.state(), transitions.toString());
        assertEquals(0, pulls.get(), "no synchronisation before the sockets open");
        assertTrue(partner.count(PeerCommands.HEARTBEAT) >= 10, "heartbeats go on meanwhile");
        machine.socketsOpened();
        advanceUntil(() -> machine.state() == HaState.READY, 2_000, "ready once the sockets are open");
        assertEquals(1, pulls.get());
    }

    @Test
    void aStandbyWithItsSocketsShutSynchronisesIntoHotStandby() {
        build("server2", "hot-standby", null, false).start(false);
        partnerState.set("hot-standby");
        advanceUntil(() -> machine.state() == HaState.HOT_STANDBY, 3_000, "hot-standby with the sockets shut");
        assertEquals(List.of("server2:waiting->syncing", "server2:syncing->ready", "server2:ready->hot-standby"),
                transitions);
        assertEquals(1, pulls.get());
        assertEquals(List.of(), served(), "a standby answers no client in hot-standby");
    }

    @Test
    void aStandbyWithItsSocketsShutDoesNotTakeOverFromAnUnreachablePartnerUntilTheyOpen() {
        build("server2", "hot-standby", null, false).start(false);
        partner.refuse(PeerCommands.HEARTBEAT);
        time.advance(20_000);
        assertEquals(HaState.WAITING, machine.state(), "partner-down would answer every client: " + transitions);
        machine.socketsOpened();
        time.runDue();
        assertEquals(HaState.PARTNER_DOWN, machine.state(), transitions.toString());
        assertEquals(List.of("server1"), served(), "the primary's clients");
    }
}
