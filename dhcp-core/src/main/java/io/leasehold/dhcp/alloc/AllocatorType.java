package io.leasehold.dhcp.alloc;

import java.util.Locale;

/** The allocators Leasehold ships, named as Kea's {@code allocator} setting names them. */
public enum AllocatorType {
    /**
     * Kea's default: the next free address after the last one handed out, walking the pools in order and wrapping.
     */
    ITERATIVE("iterative"),
    /** A free address chosen uniformly at random among all free addresses of the allowed pools. */
    RANDOM("random"),
    /**
     * Free lease queue: each pool keeps its free addresses in a queue (initially in random order) and hands out the
     * one that has been free the longest; freed addresses join the back.
     */
    FLQ("flq");

    private final String keaName;

    AllocatorType(String keaName) {
        this.keaName = keaName;
    }

    /** The name in Kea's configuration. */
    public String keaName() {
        return keaName;
    }

    /**
     * The allocator for a Kea {@code allocator} value.
     *
     * @throws IllegalArgumentException naming the value when Kea does not know it
     */
    public static AllocatorType fromKeaName(String name) {
        for (AllocatorType t : values()) {
            if (t.keaName.equals(name)) {
                return t;
            }
        }
        throw new IllegalArgumentException("allocator '" + name + "' is not supported; use one of iterative, random, flq"
                + (name != null && !name.equals(name.toLowerCase(Locale.ROOT)) ? " (names are lower case)" : ""));
    }
}
