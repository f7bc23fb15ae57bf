package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.ha.HaState;

import java.util.List;

/**
 * What this server knows about its failover partner, as Kea's communication state: the partner's last reported
 * state and scopes (or {@link HaState#UNAVAILABLE}), when a heartbeat last succeeded ("poke"), the clock skew seen
 * in its answer, and the partner's last two {@code unsent-update-count} values. Times are monotonic nanoseconds.
 * Written by the coordinator under its lock; fields read by packet workers are volatile.
 */
final class PartnerState {
    private volatile HaState state = HaState.UNAVAILABLE;
    private volatile List<String> scopes = List.of();
    private volatile long lastPokeNanos;
    private volatile boolean inTouch;
    private volatile long clockSkewSeconds;
    private long previousUnsent;
    private long currentUnsent;
    private long terminatedSinceNanos = -1;

    PartnerState(long nowNanos) {
        this.lastPokeNanos = nowNanos;
    }

    /** A heartbeat answer arrived. */
    void heartbeatSucceeded(HaState partnerState, List<String> partnerScopes, long skewSeconds, long unsent,
                            long nowNanos) {
        if (partnerState == HaState.TERMINATED) {
            if (terminatedSinceNanos < 0) {
                terminatedSinceNanos = nowNanos;
            }
        } else {
            terminatedSinceNanos = -1;
        }
        this.state = partnerState;
        this.scopes = List.copyOf(partnerScopes);
        this.clockSkewSeconds = skewSeconds;
        this.previousUnsent = currentUnsent;
        this.currentUnsent = unsent;
        this.lastPokeNanos = nowNanos;
        this.inTouch = true;
    }

    /** A heartbeat or another command failed: the partner is unavailable; a stale clock skew is forgotten. */
    void markUnavailable() {
        this.state = HaState.UNAVAILABLE;
        this.clockSkewSeconds = 0;
        this.terminatedSinceNanos = -1;
    }

    /** Restarts the max-response-delay count (service start, restart after reconfiguration). */
    void poke(long nowNanos) {
        this.lastPokeNanos = nowNanos;
    }

    HaState state() {
        return state;
    }

    List<String> scopes() {
        return scopes;
    }

    boolean inTouch() {
        return inTouch;
    }

    long clockSkewSeconds() {
        return clockSkewSeconds;
    }

    /** More than {@code maxResponseDelayMillis} since the last successful heartbeat (or since start). */
    boolean communicationInterrupted(long nowNanos, long maxResponseDelayMillis) {
        return nowNanos - lastPokeNanos > maxResponseDelayMillis * 1_000_000L;
    }

    long ageSeconds(long nowNanos) {
        return Math.max(0, (nowNanos - lastPokeNanos) / 1_000_000_000L);
    }

    /** Kea's {@code hasPartnerNewUnsentUpdates}: the count changed between the last two heartbeats and is not 0. */
    boolean hasNewUnsentUpdates() {
        return currentUnsent > 0 && currentUnsent != previousUnsent;
    }

    long unsentUpdateCount() {
        return currentUnsent;
    }

    /** How long the partner has reported {@code terminated}, in milliseconds (0 when it does not). */
    long terminatedForMillis(long nowNanos) {
        return terminatedSinceNanos < 0 ? 0 : (nowNanos - terminatedSinceNanos) / 1_000_000L;
    }
}
