package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.HaMode;
import io.leasehold.dhcp.config.HaRole;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;

/**
 * Kea's communication state of one relationship and the failure detection built on it: what the heartbeat answers
 * said ({@link PartnerState}: the partner's state and scopes, the clock skew, its unsent updates), communication
 * interrupted after {@code max-response-delay}, the unacked-clients analysis ({@link UnackedClients}), the
 * partner-down decision, the clock-skew warning and termination, the give-up on a terminated partner, and what to do
 * when the partner rejects too many lease updates ({@link RejectedUpdates}). It decides and logs; the state machine
 * ({@link HaStateMachine}) sends the heartbeats and changes state.
 *
 * <p>Threading: shares the coordinator's monitor (it has no lock of its own). Every method is called with that
 * monitor held, except {@link #analyzeNotServed}, which packet workers call without it (it reads only final and
 * volatile fields and the self-locking {@link UnackedClients}). Nothing here sends anything; heartbeats are sent by
 * the state machine without holding the monitor, and their answers recorded here under it.
 */
final class CommunicationState {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");
    static final long CLOCK_SKEW_WARN_SECONDS = 30;
    static final long CLOCK_SKEW_TERMINATE_SECONDS = 60;
    private static final long SKEW_WARN_GAG_NANOS = 60_000_000_000L;
    /** Kea 2.5.8: a server waiting for a terminated partner gives up after 10 minutes. */
    static final long TERMINATED_PARTNER_GIVE_UP_MILLIS = 600_000;
    /** Leasehold: automatic resynchronisations (instead of Kea's terminated) allowed per hour. */
    static final int AUTO_RESYNCS_PER_HOUR = 3;
    private static final long HOUR_NANOS = 3600_000_000_000L;

    private final Relationship rel;
    private final Clock clock;
    private final boolean hasPartner;
    private final PartnerState partner;
    private final UnackedClients unacked;
    private final RejectedUpdates rejected;
    private final ArrayDeque<Long> autoResyncs = new ArrayDeque<>();
    private boolean interruptionLogged;
    private boolean rejectedTerminate;
    private long lastSkewWarnNanos;
    private boolean skewWarned;
    /** When our last heartbeat to the partner failed ({@link #heartbeatDone}); guarded by the monitor. */
    private long lastFailedHeartbeatNanos;
    private boolean heartbeatFailedOnce;
    /** When the partner's last {@code ha-heartbeat} reached us (written by the command thread). */
    private volatile long partnerHeartbeatNanos;
    private volatile boolean partnerHeartbeatSeen;

    /** The outcome of one heartbeat: the partner's answer, or why there is none. */
    record Heartbeat(PeerCommands.HeartbeatAnswer answer, String error) {
        /** Reads what the peer client returned (no lock needed). */
        static Heartbeat of(ControlResult r, Throwable e) {
            if (e != null) {
                return new Heartbeat(null, LeaseSynchronizer.describe(null, e));
            }
            try {
                return new Heartbeat(PeerCommands.HeartbeatAnswer.parse(r), null);
            } catch (IllegalArgumentException ex) {
                return new Heartbeat(null, ex.getMessage());
            }
        }
    }

    /**
     * @param hasPartner whether the relationship has a failover partner (backups and the passive-backup primary
     *                   do not: their communication is never "interrupted")
     * @param rejected   the partner's rejected lease updates, recorded by the {@link LeaseUpdater}
     */
    CommunicationState(Relationship rel, Clock clock, boolean hasPartner, RejectedUpdates rejected) {
        this.rel = rel;
        this.clock = clock;
        this.hasPartner = hasPartner;
        this.partner = new PartnerState(clock.nanoTime());
        this.unacked = new UnackedClients(rel.name());
        this.rejected = rejected;
    }

    // ---- heartbeats ---------------------------------------------------------------------------------------------

    /** Records a heartbeat's outcome (caller holds the monitor); returns whether the partner answered. */
    boolean heartbeatDone(Heartbeat h, long now) {
        PeerCommands.HeartbeatAnswer a = h.answer();
        if (a != null) {
            long skew = a.dateTimeSeconds() - clock.currentTimeSeconds();
            partner.heartbeatSucceeded(a.state(), a.scopes(), skew, a.unsentUpdateCount(), now);
            unacked.clear();
            if (interruptionLogged) {
                interruptionLogged = false;
                LOG.info("LH_HA_COMMUNICATION_RESTORED {}: partner {} answers again, in state {}", rel.name(),
                        rel.partnerName(), a.state());
            }
            if (Math.abs(skew) > CLOCK_SKEW_WARN_SECONDS
                    && (!skewWarned || now - lastSkewWarnNanos >= SKEW_WARN_GAG_NANOS)) {
                skewWarned = true;
                lastSkewWarnNanos = now;
                LOG.warn("LH_HA_CLOCK_SKEW {}: partner {}'s clock differs by {} s; HA terminates above {} s",
                        rel.name(), rel.partnerName(), skew, CLOCK_SKEW_TERMINATE_SECONDS);
            }
            return true;
        }
        partner.markUnavailable();
        lastFailedHeartbeatNanos = now;
        heartbeatFailedOnce = true;
        LOG.warn("LH_HA_HEARTBEAT_FAILED {}: heartbeat to {} failed: {}", rel.name(), rel.partnerName(), h.error());
        if (!interruptionLogged && partner.communicationInterrupted(now, rel.config().maxResponseDelay())) {
            interruptionLogged = true;
            LOG.warn("LH_HA_COMMUNICATION_INTERRUPTED {}: no answer from {} for more than {} ms", rel.name(),
                    rel.partnerName(), rel.config().maxResponseDelay());
        }
        return false;
    }

    /** The partner's {@code ha-heartbeat} reached us (any thread, no monitor needed). */
    void partnerHeartbeatReceived(long now) {
        partnerHeartbeatNanos = now;
        partnerHeartbeatSeen = true;
    }

    /**
     * Whether the partner has reached us with a heartbeat since our own last failed heartbeat to it, i.e. the link
     * works from its side too: a Kea 2.2 partner counts its communication as interrupted until one of <em>its</em>
     * heartbeats succeeds, and an {@code ha-reset} it receives before that sends it from waiting to partner-down
     * (its waiting handler: partner unavailable and service disabled). Caller holds the monitor.
     */
    boolean partnerReachedUsSinceLastFailure() {
        return partnerHeartbeatSeen && (!heartbeatFailedOnce || partnerHeartbeatNanos - lastFailedHeartbeatNanos > 0);
    }

    /** The partner answered something else (all sync pages): restart the max-response-delay count. */
    void poke(long now) {
        partner.poke(now);
    }

    /**
     * This process was just frozen (SIGSTOP) for longer than the partner's takeover window: the silence since the
     * last answer was ours, so the max-response-delay count starts again from now, and the unacked-clients analysis
     * (queries read after the thaw, with the 'secs' they gathered while we were stopped) starts from nothing.
     */
    void thawed(long now) {
        partner.poke(now);
        unacked.clear();
    }

    /** A command to the partner failed: it is unavailable. */
    void markUnavailable() {
        partner.markUnavailable();
    }

    // ---- failure detection --------------------------------------------------------------------------------------

    /** No heartbeat answer for more than {@code max-response-delay} (never without a partner). */
    boolean interrupted(long now) {
        return hasPartner && partner.communicationInterrupted(now, rel.config().maxResponseDelay());
    }

    /**
     * A query for a scope this server does not serve: while communication is interrupted it feeds the
     * unacked-clients analysis. Called by packet workers without the monitor.
     */
    void analyzeNotServed(DhcpMessage q) {
        if (interrupted(clock.nanoTime())) {
            unacked.analyze(q, rel.config().maxAckDelay(), rel.config().maxUnackedClients());
        }
    }

    /**
     * Kea's {@code shouldPartnerDown}: only while communication is interrupted; with the service on, a standby or a
     * load-balancing server also needs the traffic analysis to declare the partner failed.
     *
     * @param serviceOn whether this relationship's DHCP service is currently on
     */
    boolean shouldPartnerDown(long now, boolean serviceOn) {
        if (!partner.communicationInterrupted(now, rel.config().maxResponseDelay())) {
            return false;
        }
        if (serviceOn && (rel.mode() == HaMode.LOAD_BALANCING || rel.role() == HaRole.STANDBY)) {
            return unacked.failureDetected(rel.config().maxUnackedClients());
        }
        return true;
    }

    /** Kea's {@code clockSkewShouldTerminate}: the partner's clock differs by more than 60 s. */
    boolean clockSkewTerminates() {
        return Math.abs(partner.clockSkewSeconds()) > CLOCK_SKEW_TERMINATE_SECONDS;
    }

    /** The state machine terminates because of the clock skew. */
    void terminatingForClockSkew() {
        LOG.error("LH_HA_CLOCK_SKEW_TERMINATE {}: clock skew with {} is {} s (more than {} s); terminating "
                + "HA, fix the clocks and restart", rel.name(), rel.partnerName(), partner.clockSkewSeconds(),
                CLOCK_SKEW_TERMINATE_SECONDS);
    }

    /** Too many rejected lease updates after {@link #AUTO_RESYNCS_PER_HOUR} resynchronisations: terminate. */
    boolean rejectedTerminates() {
        return rejectedTerminate;
    }

    /** Kea 2.5.8: the partner has reported {@code terminated} for 10 minutes; a waiting server gives up. */
    boolean giveUpOnTerminatedPartner(long now) {
        if (partner.terminatedForMillis(now) < TERMINATED_PARTNER_GIVE_UP_MILLIS) {
            return false;
        }
        LOG.error("LH_HA_TERMINATED_PARTNER {}: partner {} has been terminated for 10 minutes; terminating",
                rel.name(), rel.partnerName());
        return true;
    }

    /**
     * Leasehold: too many clients whose updates the partner rejected means the two lease databases diverge. Kea
     * terminates; we resynchronise (waiting, then syncing), up to {@link #AUTO_RESYNCS_PER_HOUR} times an hour, and
     * only then terminate as Kea does ({@link #rejectedTerminates()}). Asked only in the states where the partner
     * gets lease updates.
     *
     * @return whether the state machine should go back to waiting to resynchronise
     */
    boolean resyncOnDivergence(long now) {
        long max = rel.config().maxRejectedLeaseUpdates();
        if (max == 0 || rejectedTerminate) {
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
                    + "resynchronisations within an hour; terminating as Kea does", rel.name(), rel.partnerName(), n,
                    AUTO_RESYNCS_PER_HOUR);
            return false;
        }
        autoResyncs.addLast(now);
        LOG.warn("LH_HA_RESYNC {}: partner {} rejected lease updates of {} clients (max-rejected-lease-updates {}); "
                + "resynchronising instead of terminating", rel.name(), rel.partnerName(), n, max);
        return true;
    }

    /** On entry to {@code waiting}: the rejected updates are forgotten (a resynchronisation follows). */
    void forgetRejectedUpdates() {
        rejected.clear();
        rejectedTerminate = false;
    }

    // ---- what the partner said ----------------------------------------------------------------------------------

    HaState partnerState() {
        return partner.state();
    }

    List<String> partnerScopes() {
        return partner.scopes();
    }

    /** Kea's {@code hasPartnerNewUnsentUpdates}. */
    boolean partnerHasNewUnsentUpdates() {
        return partner.hasNewUnsentUpdates();
    }

    boolean inTouch() {
        return partner.inTouch();
    }

    long ageSeconds(long now) {
        return partner.ageSeconds(now);
    }

    long clockSkewSeconds() {
        return partner.clockSkewSeconds();
    }

    int connectingClients() {
        return unacked.connecting();
    }

    int unackedClients() {
        return unacked.unacked();
    }

    /** How many more unacked clients it takes to declare the partner failed (0 unless interrupted). */
    long unackedClientsLeft(boolean interrupted, int unackedClients) {
        long max = rel.config().maxUnackedClients();
        return interrupted && max >= unackedClients ? max - unackedClients + 1 : 0;
    }

    long analyzedPackets() {
        return unacked.analyzed();
    }
}
