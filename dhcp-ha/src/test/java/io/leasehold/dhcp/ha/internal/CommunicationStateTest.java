package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Failure detection on a virtual clock: heartbeat results, communication interrupted after max-response-delay
 * (3 s here), the unacked-clients analysis and the partner-down decision (max-ack-delay 2 s, max-unacked-clients 2),
 * clock skew, the terminated partner, and the resynchronisations on rejected lease updates.
 */
class CommunicationStateTest {
    private final VirtualTime time = new VirtualTime();
    private final RejectedUpdates rejected = new RejectedUpdates();

    private CommunicationState comm(String self, String mode, String extra) {
        return new CommunicationState(HaTestKit.relationship(self, mode, extra), time, true, rejected);
    }

    private boolean answer(CommunicationState c, String state, long skewMillis) {
        ControlResult r = HaTestKit.heartbeat(state, time.currentTimeMillis() + skewMillis, List.of("server1"), 0);
        return c.heartbeatDone(CommunicationState.Heartbeat.of(r, null), time.nanoTime());
    }

    private boolean fail(CommunicationState c) {
        return c.heartbeatDone(CommunicationState.Heartbeat.of(null, new RuntimeException("Connection refused")),
                time.nanoTime());
    }

    @Test
    void heartbeatAnswerRecordsThePartnerAndAFailureMakesItUnavailable() {
        CommunicationState c = comm("server1", "hot-standby", null);
        assertEquals(HaState.UNAVAILABLE, c.partnerState());
        assertTrue(answer(c, "hot-standby", 45_000));
        assertEquals(HaState.HOT_STANDBY, c.partnerState());
        assertEquals(List.of("server1"), c.partnerScopes());
        assertTrue(c.inTouch());
        assertEquals(45, c.clockSkewSeconds());
        assertFalse(c.clockSkewTerminates(), "45 s only warns");

        assertFalse(fail(c));
        assertEquals(HaState.UNAVAILABLE, c.partnerState());
        assertEquals(0, c.clockSkewSeconds(), "a stale skew is forgotten");
        assertTrue(c.inTouch(), "was in touch once");
    }

    @Test
    void malformedAnswerCountsAsAFailedHeartbeat() {
        CommunicationState c = comm("server1", "hot-standby", null);
        CommunicationState.Heartbeat h = CommunicationState.Heartbeat.of(ControlResult.error("busy"), null);
        assertEquals("result 1: busy", h.error());
        assertFalse(c.heartbeatDone(h, time.nanoTime()));
        assertEquals(HaState.UNAVAILABLE, c.partnerState());
    }

    @Test
    void clockSkewAboveSixtySecondsTerminatesEitherWay() {
        CommunicationState c = comm("server1", "hot-standby", null);
        answer(c, "hot-standby", 61_000);
        assertTrue(c.clockSkewTerminates());
        answer(c, "hot-standby", -61_000);
        assertTrue(c.clockSkewTerminates());
        answer(c, "hot-standby", 60_000);
        assertFalse(c.clockSkewTerminates(), "60 s is still allowed");
    }

    @Test
    void communicationIsInterruptedOnlyAfterMaxResponseDelayWithoutAnAnswer() {
        CommunicationState c = comm("server1", "hot-standby", null);
        answer(c, "hot-standby", 0);
        time.advance(2_000);
        fail(c);
        assertFalse(c.interrupted(time.nanoTime()), "2 s since the last answer");
        time.advance(1_001);
        assertTrue(c.interrupted(time.nanoTime()));
        assertEquals(3, c.ageSeconds(time.nanoTime()));
        answer(c, "hot-standby", 0);
        assertFalse(c.interrupted(time.nanoTime()), "an answer restores communication");
        time.advance(5_000);
        c.poke(time.nanoTime());
        assertFalse(c.interrupted(time.nanoTime()), "a poke (sync pages answered) restarts the count");
    }

    @Test
    void withoutAPartnerCommunicationIsNeverInterrupted() {
        CommunicationState c = new CommunicationState(HaTestKit.relationship("server1", "hot-standby", null), time,
                false, rejected);
        time.advance(60_000);
        assertFalse(c.interrupted(time.nanoTime()));
        c.analyzeNotServed(HaTestKit.discover(1, 10));
        assertEquals(0, c.analyzedPackets());
    }

    @Test
    void standbyWithServiceOnDeclaresPartnerDownOnlyAfterMoreThanMaxUnackedClients() {
        CommunicationState c = comm("server2", "hot-standby", null);
        c.analyzeNotServed(HaTestKit.discover(1, 10));
        assertEquals(0, c.analyzedPackets(), "no analysis while communication works");
        time.advance(3_001);
        long now = time.nanoTime();
        assertTrue(c.interrupted(now));
        assertFalse(c.shouldPartnerDown(now, true));
        assertTrue(c.shouldPartnerDown(now, false), "with the service off, interruption alone decides");

        c.analyzeNotServed(HaTestKit.discover(1, 1));
        assertEquals(1, c.connectingClients());
        assertEquals(0, c.unackedClients(), "1 s is within max-ack-delay");
        for (int n = 1; n <= 2; n++) {
            c.analyzeNotServed(HaTestKit.discover(n, 3));
        }
        assertEquals(2, c.unackedClients());
        assertEquals(1, c.unackedClientsLeft(true, c.unackedClients()));
        assertEquals(0, c.unackedClientsLeft(false, c.unackedClients()));
        assertFalse(c.shouldPartnerDown(now, true), "2 unacked clients are not more than 2");
        c.analyzeNotServed(HaTestKit.discover(3, 3));
        assertEquals(0, c.unackedClientsLeft(true, c.unackedClients()));
        assertTrue(c.shouldPartnerDown(now, true));
        assertEquals(4, c.analyzedPackets(), "queries looked at while interrupted");

        answer(c, "hot-standby", 0);
        assertEquals(0, c.unackedClients(), "the next answer clears the analysis");
        assertEquals(0, c.connectingClients());
        assertFalse(c.shouldPartnerDown(time.nanoTime(), false));
    }

    @Test
    void hotStandbyPrimaryDoesNotNeedTheAnalysis() {
        CommunicationState c = comm("server1", "hot-standby", null);
        time.advance(3_001);
        assertTrue(c.shouldPartnerDown(time.nanoTime(), true));
    }

    @Test
    void waitingServerGivesUpOnAPartnerTerminatedForTenMinutes() {
        CommunicationState c = comm("server1", "hot-standby", null);
        answer(c, "terminated", 0);
        time.advance(CommunicationState.TERMINATED_PARTNER_GIVE_UP_MILLIS - 1);
        answer(c, "terminated", 0);
        assertFalse(c.giveUpOnTerminatedPartner(time.nanoTime()));
        time.advance(1);
        assertTrue(c.giveUpOnTerminatedPartner(time.nanoTime()));
        fail(c);
        assertFalse(c.giveUpOnTerminatedPartner(time.nanoTime()), "an unreachable partner restarts the count");
    }

    @Test
    void rejectedUpdatesResynchroniseThreeTimesAnHourThenTerminate() {
        CommunicationState c = comm("server1", "hot-standby", "\"max-rejected-lease-updates\": 2");
        reject(1);
        assertFalse(c.resyncOnDivergence(time.nanoTime()), "1 client is below the limit");
        for (int i = 0; i < CommunicationState.AUTO_RESYNCS_PER_HOUR; i++) {
            reject(2);
            assertTrue(c.resyncOnDivergence(time.nanoTime()), "resync " + (i + 1));
            c.forgetRejectedUpdates();
            assertFalse(c.resyncOnDivergence(time.nanoTime()), "forgotten on entry to waiting");
            time.advance(60_000);
        }
        reject(2);
        assertFalse(c.resyncOnDivergence(time.nanoTime()));
        assertTrue(c.rejectedTerminates(), "the fourth time within an hour terminates");
        assertFalse(c.resyncOnDivergence(time.nanoTime()));
        c.forgetRejectedUpdates();
        assertFalse(c.rejectedTerminates(), "waiting forgets the termination too");

        time.advance(3_600_000);
        reject(2);
        assertTrue(c.resyncOnDivergence(time.nanoTime()), "an hour later resynchronising is allowed again");
    }

    @Test
    void rejectedUpdatesAreIgnoredWithoutALimit() {
        CommunicationState c = comm("server1", "hot-standby", "\"max-rejected-lease-updates\": 0");
        reject(100);
        assertFalse(c.resyncOnDivergence(time.nanoTime()));
        assertFalse(c.rejectedTerminates());
    }

    /** The partner rejected the updates of {@code clients} distinct clients. */
    private void reject(int clients) {
        for (int n = 1; n <= clients; n++) {
            HardwareAddress hw = HaTestKit.mac(n);
            rejected.record(Lease4.builder(Ipv4.parse("192.0.2." + (100 + n))).subnetId(1).hardwareAddress(hw).build(),
                    time.nanoTime());
        }
    }
}
