package io.leasehold.dhcp.lease;

/**
 * Lease states as Kea numbers them in the memfile {@code state} column and the lease commands. Kea 2.2 does not
 * range-check the column, so this is an open set: {@link #of(int)} keeps unknown numbers.
 */
public final class LeaseState {
    /** Assigned to a client (Kea: {@code 0}, "default"). */
    public static final int DEFAULT = 0;
    /** Declined by a client and held in probation (Kea: {@code 1}). */
    public static final int DECLINED = 1;
    /** Expired and reclaimed, kept for address affinity (Kea: {@code 2}). */
    public static final int EXPIRED_RECLAIMED = 2;
    /** Released by the client, kept for affinity (Kea 2.7+: {@code 3}). */
    public static final int RELEASED = 3;
    /** Registered (Kea 2.7.8+: {@code 4}). */
    public static final int REGISTERED = 4;

    private LeaseState() {
    }

    /** Kea's name for a state number, or {@code "state-N"} for a number it does not define. */
    public static String name(int state) {
        return switch (state) {
            case DEFAULT -> "default";
            case DECLINED -> "declined";
            case EXPIRED_RECLAIMED -> "expired-reclaimed";
            case RELEASED -> "released";
            case REGISTERED -> "registered";
            default -> "state-" + state;
        };
    }
}
