package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.config.HaMode;
import io.leasehold.dhcp.config.HaRole;
import io.leasehold.dhcp.ha.HaState;

/**
 * Kea's HA state transitions for active servers (primary, secondary, standby), as a pure function of what the
 * server knows at one run of its state machine. Side effects (syncing, sending ha-reset, enabling service) belong
 * to the caller; this only answers "which state next". Backups and the passive-backup primary never transition
 * after leaving {@code waiting}.
 */
public final class Transitions {
    private Transitions() {
    }

    /** Everything a state-machine run looks at. */
    public record Inputs(
            HaMode mode,
            HaRole role,
            HaState current,
            /** The partner's last known state, or UNAVAILABLE. */
            HaState partner,
            /** shouldPartnerDown(): communication interrupted and (for LB / standby) failure detected. */
            boolean partnerDownCheck,
            /** |clock skew| above 60 s, or too many rejected lease updates. */
            boolean mustTerminate,
            boolean syncLeases,
            int delayedUpdatesLimit,
            /** In partner-down with the partner ready: it reported new unsent updates since the last heartbeat. */
            boolean partnerHasNewUnsentUpdates,
            /** communication-recovery: the backlog overflowed. */
            boolean backlogOverflowed,
            /** Communication with the partner currently works (last heartbeat succeeded). */
            boolean communicationOk) {
    }

    /** The next state (may equal the current one). */
    public static HaState next(Inputs in) {
        HaState normal = normalState(in.mode());
        HaState p = in.partner();
        if (in.role() == HaRole.BACKUP) {
            return in.current() == HaState.WAITING ? HaState.BACKUP : in.current();
        }
        if (in.mode() == HaMode.PASSIVE_BACKUP) {
            return in.current() == HaState.WAITING ? HaState.PASSIVE_BACKUP : in.current();
        }
        switch (in.current()) {
            case TERMINATED, IN_MAINTENANCE, BACKUP, PASSIVE_BACKUP:
                return in.current();
            case PARTNER_IN_MAINTENANCE:
                if (in.mustTerminate()) {
                    return HaState.TERMINATED;
                }
                return p == HaState.UNAVAILABLE ? HaState.PARTNER_DOWN : in.current();
            default:
                break;
        }
        if (in.mustTerminate()) {
            return HaState.TERMINATED;
        }
        if (incompatible(in.mode(), p)) {
            // The configurations disagree: wait (in waiting: stay) until the partner reports a compatible state.
            return HaState.WAITING;
        }
        return switch (in.current()) {
            case WAITING -> waiting(in);
            case SYNCING -> syncing(in);
            case READY -> ready(in, normal);
            case HOT_STANDBY, LOAD_BALANCING -> normal(in);
            case COMMUNICATION_RECOVERY -> communicationRecovery(in);
            case PARTNER_DOWN -> partnerDown(in, normal);
            default -> in.current();
        };
    }

    /** The mode's normal operating state. */
    public static HaState normalState(HaMode mode) {
        return switch (mode) {
            case HOT_STANDBY -> HaState.HOT_STANDBY;
            case LOAD_BALANCING -> HaState.LOAD_BALANCING;
            case PASSIVE_BACKUP -> HaState.PASSIVE_BACKUP;
        };
    }

    /** A partner in a state that belongs to the other mode means the configurations disagree. */
    static boolean incompatible(HaMode mode, HaState partner) {
        return switch (mode) {
            case HOT_STANDBY -> partner == HaState.LOAD_BALANCING || partner == HaState.COMMUNICATION_RECOVERY;
            case LOAD_BALANCING -> partner == HaState.HOT_STANDBY;
            case PASSIVE_BACKUP -> false;
        };
    }

    private static HaState afterWaiting(Inputs in) {
        return in.syncLeases() ? HaState.SYNCING : HaState.READY;
    }

    private static HaState waiting(Inputs in) {
        return switch (in.partner()) {
            case COMMUNICATION_RECOVERY, HOT_STANDBY, LOAD_BALANCING, IN_MAINTENANCE, PARTNER_DOWN,
                    PARTNER_IN_MAINTENANCE, READY -> afterWaiting(in);
            case SYNCING, TERMINATED -> HaState.WAITING;
            case WAITING -> in.role() == HaRole.PRIMARY ? afterWaiting(in) : HaState.WAITING;
            case UNAVAILABLE -> in.partnerDownCheck() ? HaState.PARTNER_DOWN : HaState.WAITING;
            default -> HaState.WAITING;
        };
    }

    private static HaState syncing(Inputs in) {
        return switch (in.partner()) {
            case TERMINATED -> HaState.TERMINATED;
            case UNAVAILABLE -> in.partnerDownCheck() ? HaState.PARTNER_DOWN : HaState.SYNCING;
            // Any other partner state: the caller runs the sync and moves to READY on success.
            default -> HaState.SYNCING;
        };
    }

    private static HaState ready(Inputs in, HaState normal) {
        return switch (in.partner()) {
            case HOT_STANDBY, LOAD_BALANCING, COMMUNICATION_RECOVERY -> normal;
            case IN_MAINTENANCE -> HaState.PARTNER_IN_MAINTENANCE;
            case PARTNER_IN_MAINTENANCE -> HaState.IN_MAINTENANCE;
            case READY -> in.role() == HaRole.PRIMARY ? normal : HaState.READY;
            case TERMINATED -> HaState.TERMINATED;
            case UNAVAILABLE -> in.partnerDownCheck() ? HaState.PARTNER_DOWN : HaState.READY;
            default -> HaState.READY;
        };
    }

    private static HaState normal(Inputs in) {
        return switch (in.partner()) {
            case IN_MAINTENANCE -> HaState.PARTNER_IN_MAINTENANCE;
            case PARTNER_DOWN -> HaState.WAITING;
            case PARTNER_IN_MAINTENANCE -> HaState.IN_MAINTENANCE;
            case TERMINATED -> HaState.TERMINATED;
            case UNAVAILABLE -> {
                if (in.partnerDownCheck()) {
                    yield HaState.PARTNER_DOWN;
                }
                yield in.mode() == HaMode.LOAD_BALANCING && in.delayedUpdatesLimit() > 0
                        ? HaState.COMMUNICATION_RECOVERY : in.current();
            }
            default -> in.current();
        };
    }

    private static HaState communicationRecovery(Inputs in) {
        return switch (in.partner()) {
            case IN_MAINTENANCE -> HaState.PARTNER_IN_MAINTENANCE;
            case PARTNER_DOWN -> HaState.WAITING;
            case PARTNER_IN_MAINTENANCE -> HaState.IN_MAINTENANCE;
            case TERMINATED -> HaState.TERMINATED;
            case UNAVAILABLE -> in.partnerDownCheck() ? HaState.PARTNER_DOWN : HaState.COMMUNICATION_RECOVERY;
            case WAITING, SYNCING, READY -> in.communicationOk() && in.backlogOverflowed()
                    ? HaState.WAITING : HaState.COMMUNICATION_RECOVERY;
            // LOAD_BALANCING / COMMUNICATION_RECOVERY with communication OK: the caller replays the backlog; on
            // success it goes LOAD_BALANCING, on overflow/failure it sends ha-reset and goes WAITING.
            case LOAD_BALANCING, COMMUNICATION_RECOVERY -> in.communicationOk() && in.backlogOverflowed()
                    ? HaState.WAITING : in.communicationOk() ? HaState.LOAD_BALANCING : HaState.COMMUNICATION_RECOVERY;
            default -> in.communicationOk() ? HaState.WAITING : HaState.COMMUNICATION_RECOVERY;
        };
    }

    private static HaState partnerDown(Inputs in, HaState normal) {
        return switch (in.partner()) {
            case COMMUNICATION_RECOVERY, PARTNER_DOWN, PARTNER_IN_MAINTENANCE -> HaState.WAITING;
            case READY -> in.partnerHasNewUnsentUpdates() ? HaState.WAITING : normal;
            case TERMINATED -> HaState.TERMINATED;
            default -> HaState.PARTNER_DOWN;
        };
    }
}
