package io.leasehold.dhcp.ha;

/** HA peer roles with Kea's names. */
public enum HaRole {
    PRIMARY("primary"),
    SECONDARY("secondary"),
    STANDBY("standby"),
    BACKUP("backup");

    private final String wireName;

    HaRole(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static HaRole fromWireName(String s) {
        for (HaRole r : values()) {
            if (r.wireName.equals(s)) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown HA role '" + s + "'");
    }

    @Override
    public String toString() {
        return wireName;
    }
}
