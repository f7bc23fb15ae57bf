package io.leasehold.dhcp.config;

/** The {@code role} of an HA peer. */
public enum HaRole {
    PRIMARY("primary"), SECONDARY("secondary"), STANDBY("standby"), BACKUP("backup");

    private final String keaName;

    HaRole(String keaName) {
        this.keaName = keaName;
    }

    public String keaName() {
        return keaName;
    }
}
