package io.leasehold.dhcp.config;

/** The {@code mode} of a High Availability relationship. */
public enum HaMode {
    HOT_STANDBY("hot-standby"), LOAD_BALANCING("load-balancing"), PASSIVE_BACKUP("passive-backup");

    private final String keaName;

    HaMode(String keaName) {
        this.keaName = keaName;
    }

    public String keaName() {
        return keaName;
    }
}
