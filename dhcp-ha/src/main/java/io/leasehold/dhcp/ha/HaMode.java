package io.leasehold.dhcp.ha;

/** HA modes with Kea's names. */
public enum HaMode {
    HOT_STANDBY("hot-standby"),
    LOAD_BALANCING("load-balancing"),
    PASSIVE_BACKUP("passive-backup");

    private final String wireName;

    HaMode(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    /** The mode's normal operating state. */
    public HaState normalState() {
        return switch (this) {
            case HOT_STANDBY -> HaState.HOT_STANDBY;
            case LOAD_BALANCING -> HaState.LOAD_BALANCING;
            case PASSIVE_BACKUP -> HaState.PASSIVE_BACKUP;
        };
    }

    public static HaMode fromWireName(String s) {
        for (HaMode m : values()) {
            if (m.wireName.equals(s)) {
                return m;
            }
        }
        throw new IllegalArgumentException("unknown HA mode '" + s + "'");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
