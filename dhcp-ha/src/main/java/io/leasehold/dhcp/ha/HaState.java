package io.leasehold.dhcp.ha;

/**
 * HA states with Kea's wire names. {@link #UNAVAILABLE} is not a server state: it is what a server records for a
 * partner it cannot reach.
 */
public enum HaState {
    BACKUP("backup"),
    COMMUNICATION_RECOVERY("communication-recovery"),
    HOT_STANDBY("hot-standby"),
    LOAD_BALANCING("load-balancing"),
    IN_MAINTENANCE("in-maintenance"),
    PARTNER_DOWN("partner-down"),
    PARTNER_IN_MAINTENANCE("partner-in-maintenance"),
    PASSIVE_BACKUP("passive-backup"),
    READY("ready"),
    SYNCING("syncing"),
    TERMINATED("terminated"),
    WAITING("waiting"),
    UNAVAILABLE("unavailable");

    private final String wireName;

    HaState(String wireName) {
        this.wireName = wireName;
    }

    /** Kea's name, as in heartbeats and status-get. */
    public String wireName() {
        return wireName;
    }

    /** The state with this wire name, or null when the name is not one of Kea's 12 server states. */
    public static HaState fromWireName(String name) {
        for (HaState s : values()) {
            if (s != UNAVAILABLE && s.wireName.equals(name)) {
                return s;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        return wireName;
    }
}
