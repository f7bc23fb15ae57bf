package io.leasehold.dhcp.store.memfile;

import java.util.Locale;

/**
 * When the memfile store forces lease rows to stable storage. Whatever the policy, a row is handed to the operating
 * system ({@code write(2)}) before the mutating method returns, so killing the process never loses an acknowledged
 * lease; the policy is about power loss and kernel crashes. Kea itself never fsyncs (equivalent to {@link #NONE}).
 */
public enum FsyncPolicy {
    /** Never fsync (Kea's behaviour). */
    NONE("none"),
    /**
     * Writers hand their row to the file and wait while one flusher thread fsyncs everything written so far; one
     * fsync completes every waiting caller, so throughput holds up with many threads.
     */
    GROUP_COMMIT("group-commit"),
    /** fsync after every row, before the next row is written. Slowest and simplest. */
    EVERY_WRITE("every-write");

    private final String keaName;

    FsyncPolicy(String keaName) {
        this.keaName = keaName;
    }

    /** The configuration spelling ({@code none}, {@code group-commit}, {@code every-write}). */
    public String configName() {
        return keaName;
    }

    /**
     * Parses the configuration spelling.
     *
     * @throws IllegalArgumentException naming the value and the accepted ones
     */
    public static FsyncPolicy of(String name) {
        for (FsyncPolicy p : values()) {
            if (p.keaName.equals(name.toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("fsync-policy '" + name + "' is not one of none, group-commit, every-write");
    }
}
