package io.leasehold.dhcp.config;

/** Kea's {@code allocator} parameter (Kea 2.4+; Kea 2.2 always allocates iteratively). */
public enum Allocator {
    /** Next address after the last one handed out, per pool (Kea's default). */
    ITERATIVE("iterative"),
    /** A random free address. */
    RANDOM("random"),
    /** Free lease queue: a list of free addresses per pool. */
    FLQ("flq");

    private final String keaName;

    Allocator(String keaName) {
        this.keaName = keaName;
    }

    /** The value as written in Kea's configuration. */
    public String keaName() {
        return keaName;
    }
}
