package io.leasehold.dhcp.store.memfile;

import java.nio.file.Path;

/**
 * Settings of a {@link MemfileLeaseStore}, named after Kea's {@code lease-database} parameters for
 * {@code "type": "memfile"}. Validated when built, immutable afterwards.
 *
 * <pre>{@code
 * MemfileConfig config = MemfileConfig.builder()
 *         .name(Path.of("/var/lib/kea/kea-leases4.csv"))
 *         .lfcIntervalSeconds(3600)
 *         .fsyncPolicy(FsyncPolicy.GROUP_COMMIT)
 *         .build();
 * }</pre>
 */
public final class MemfileConfig {
    /** Kea's built-in {@code lfc-interval} when the key is absent. */
    public static final long DEFAULT_LFC_INTERVAL_SECONDS = 3600;
    private static final long UINT32_MAX = 0xffffffffL;

    private final Path name;
    private final boolean persist;
    private final long lfcIntervalSeconds;
    private final long maxRowErrors;
    private final FsyncPolicy fsyncPolicy;
    private final boolean quiet;
    private final int expectedLeases;

    private MemfileConfig(Builder b) {
        this.name = b.name;
        this.persist = b.persist;
        this.lfcIntervalSeconds = b.lfcIntervalSeconds;
        this.maxRowErrors = b.maxRowErrors;
        this.fsyncPolicy = b.fsyncPolicy;
        this.quiet = b.quiet;
        this.expectedLeases = b.expectedLeases;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Leases in memory only ({@code "persist": false}); nothing is read or written. */
    public static MemfileConfig inMemory() {
        return builder().persist(false).build();
    }

    /** The lease file ({@code name}); {@code null} only when not persisting. */
    public Path name() {
        return name;
    }

    /** {@code persist}: whether leases are read from and written to the lease file. */
    public boolean persist() {
        return persist;
    }

    /** {@code lfc-interval}: seconds between lease file cleanups; 0 disables periodic cleanup. */
    public long lfcIntervalSeconds() {
        return lfcIntervalSeconds;
    }

    /** {@code max-row-errors}: bad rows tolerated per file when loading; 0 means unlimited. */
    public long maxRowErrors() {
        return maxRowErrors;
    }

    /** Leasehold's {@code fsync-policy} (not a Kea parameter). */
    public FsyncPolicy fsyncPolicy() {
        return fsyncPolicy;
    }

    /**
     * Whether opening logs nothing (not the lease count, not the {@code persist: false} warning): for throw-away
     * stores such as the server's warm-up store. Problems still fail the open.
     */
    public boolean quiet() {
        return quiet;
    }

    /**
     * How many leases the table is sized for when the store opens (the lease files' own size is used when they
     * suggest more). Growing past the size rebuilds the table's indexes, a pause proportional to the leases held
     * during which writes wait; sizing up front moves that work (and the first touch of the index memory) to the
     * start. About 20 bytes per lease of capacity. 0 (the default) sizes by the files alone.
     */
    public int expectedLeases() {
        return expectedLeases;
    }

    public Builder toBuilder() {
        return builder().name(name).persist(persist).lfcIntervalSeconds(lfcIntervalSeconds)
                .maxRowErrors(maxRowErrors).fsyncPolicy(fsyncPolicy).quiet(quiet).expectedLeases(expectedLeases);
    }

    @Override
    public String toString() {
        return "MemfileConfig{name=" + name + ", persist=" + persist + ", lfc-interval=" + lfcIntervalSeconds
                + ", max-row-errors=" + maxRowErrors + ", fsync-policy=" + fsyncPolicy.configName() + "}";
    }

    /** Builds a {@link MemfileConfig}; every setter checks its value and names the setting when it is wrong. */
    public static final class Builder {
        private Path name;
        private boolean persist = true;
        private long lfcIntervalSeconds = DEFAULT_LFC_INTERVAL_SECONDS;
        private long maxRowErrors;
        private FsyncPolicy fsyncPolicy = FsyncPolicy.NONE;
        private boolean quiet;
        private int expectedLeases;

        private Builder() {
        }

        /** The lease file path, e.g. {@code /var/lib/kea/kea-leases4.csv}; its directory must exist. */
        public Builder name(Path v) {
            this.name = v;
            return this;
        }

        public Builder persist(boolean v) {
            this.persist = v;
            return this;
        }

        /** 0..4294967295 seconds; 0 disables periodic cleanup. */
        public Builder lfcIntervalSeconds(long v) {
            this.lfcIntervalSeconds = uint32("lfc-interval", v);
            return this;
        }

        /** 0..4294967295; 0 means unlimited. */
        public Builder maxRowErrors(long v) {
            this.maxRowErrors = uint32("max-row-errors", v);
            return this;
        }

        public Builder fsyncPolicy(FsyncPolicy v) {
            if (v == null) {
                throw new IllegalArgumentException("fsync-policy must not be null");
            }
            this.fsyncPolicy = v;
            return this;
        }

        /** 0..2^26 leases to size the table for (see {@link MemfileConfig#expectedLeases()}); default 0. */
        public Builder expectedLeases(int v) {
            if (v < 0 || v > 1 << 26) {
                throw new IllegalArgumentException("expected leases must be 0.." + (1 << 26) + ", got " + v);
            }
            this.expectedLeases = v;
            return this;
        }

        /** Opens without logging (see {@link MemfileConfig#quiet()}); default false. */
        public Builder quiet(boolean v) {
            this.quiet = v;
            return this;
        }

        /**
         * Validates and seals the settings.
         *
         * @throws IllegalArgumentException when {@code persist} is true and no {@code name} is set
         */
        public MemfileConfig build() {
            if (persist && name == null) {
                throw new IllegalArgumentException("name (the lease file) must be set when persist is true");
            }
            if (name != null && name.getFileName() == null) {
                throw new IllegalArgumentException("name '" + name + "' is not a file path");
            }
            return new MemfileConfig(this);
        }

        private static long uint32(String setting, long v) {
            if (v < 0 || v > UINT32_MAX) {
                throw new IllegalArgumentException(setting + " must be 0.." + UINT32_MAX + ", got " + v);
            }
            return v;
        }
    }
}
