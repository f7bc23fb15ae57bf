package io.leasehold.dhcp.ha.http;

import java.util.concurrent.Executor;

/**
 * Settings of the HA peer HTTP clients made by {@link NettyPeerClients}. Immutable; every setter of the
 * {@link Builder} checks its value and names the setting in the error. Kea has no equivalent for most of these
 * (its values are compiled in); the defaults keep Kea's behaviour where it has one.
 */
public final class PeerClientSettings {
    /** All defaults. */
    public static final PeerClientSettings DEFAULTS = builder().build();

    private final long connectTimeoutMillis;
    private final int maxConnections;
    private final int maxPendingRequests;
    private final int maxResponseBytes;
    private final long idleTimeoutMillis;
    private final boolean verifyPeerAddress;
    private final boolean nativeTransport;
    private final Executor callbackExecutor;
    private final String threadName;

    private PeerClientSettings(Builder b) {
        this.connectTimeoutMillis = b.connectTimeoutMillis;
        this.maxConnections = b.maxConnections;
        this.maxPendingRequests = b.maxPendingRequests;
        this.maxResponseBytes = b.maxResponseBytes;
        this.idleTimeoutMillis = b.idleTimeoutMillis;
        this.verifyPeerAddress = b.verifyPeerAddress;
        this.nativeTransport = b.nativeTransport;
        this.callbackExecutor = b.callbackExecutor;
        this.threadName = b.threadName;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** TCP connect and TLS handshake limit (default 5000 ms); a request's own timeout still applies. */
    public long connectTimeoutMillis() {
        return connectTimeoutMillis;
    }

    /**
     * Most connections kept to one peer; 0 (the default) derives it from the relationship like Kea: 1 without HA
     * multi-threading, else {@code http-client-threads} (0 there = number of processors).
     */
    public int maxConnections() {
        return maxConnections;
    }

    /** Most requests waiting for a free connection to one peer (default 4096); beyond it sends fail at once. */
    public int maxPendingRequests() {
        return maxPendingRequests;
    }

    /** Largest answer accepted (default 64 MiB, enough for a 10000-lease {@code lease4-get-page}). */
    public int maxResponseBytes() {
        return maxResponseBytes;
    }

    /**
     * An unused connection is closed after this long (default 25000 ms, below the 30 s after which Kea's
     * listener closes idle connections, so the client rarely writes into a connection the peer is closing);
     * 0 keeps idle connections until the peer closes them.
     */
    public long idleTimeoutMillis() {
        return idleTimeoutMillis;
    }

    /**
     * Whether a TLS peer's certificate must also name the IP address of its URL (an IP subjectAltName). Default
     * false, like Kea, which only checks that the chain leads to the {@code trust-anchor}.
     */
    public boolean verifyPeerAddress() {
        return verifyPeerAddress;
    }

    /** Use epoll when available (default true); otherwise, or when false, NIO. */
    public boolean nativeTransport() {
        return nativeTransport;
    }

    /**
     * Where answers are delivered; null (the default) completes the futures on the client's I/O thread, so
     * dependent stages must not block there (use the {@code *Async} variants to leave it).
     */
    public Executor callbackExecutor() {
        return callbackExecutor;
    }

    /** Name prefix of the I/O thread (default {@code leasehold-ha-client}). */
    public String threadName() {
        return threadName;
    }

    @Override
    public String toString() {
        return "PeerClientSettings{connectTimeoutMillis=" + connectTimeoutMillis + ", maxConnections=" + maxConnections
                + ", maxPendingRequests=" + maxPendingRequests + ", maxResponseBytes=" + maxResponseBytes
                + ", idleTimeoutMillis=" + idleTimeoutMillis + ", verifyPeerAddress=" + verifyPeerAddress
                + ", nativeTransport=" + nativeTransport + ", callbackExecutor=" + callbackExecutor
                + ", threadName=" + threadName + "}";
    }

    /** Collects and checks settings. */
    public static final class Builder {
        private long connectTimeoutMillis = 5000;
        private int maxConnections;
        private int maxPendingRequests = 4096;
        private int maxResponseBytes = 64 << 20;
        private long idleTimeoutMillis = 25_000;
        private boolean verifyPeerAddress;
        private boolean nativeTransport = true;
        private Executor callbackExecutor;
        private String threadName = "leasehold-ha-client";

        private Builder() {
        }

        public Builder connectTimeoutMillis(long v) {
            this.connectTimeoutMillis = check("connectTimeoutMillis", v, 1, 600_000);
            return this;
        }

        public Builder maxConnections(int v) {
            this.maxConnections = (int) check("maxConnections", v, 0, 256);
            return this;
        }

        public Builder maxPendingRequests(int v) {
            this.maxPendingRequests = (int) check("maxPendingRequests", v, 1, 1_000_000);
            return this;
        }

        public Builder maxResponseBytes(int v) {
            this.maxResponseBytes = (int) check("maxResponseBytes", v, 1024, Integer.MAX_VALUE);
            return this;
        }

        public Builder idleTimeoutMillis(long v) {
            this.idleTimeoutMillis = check("idleTimeoutMillis", v, 0, 86_400_000);
            return this;
        }

        public Builder verifyPeerAddress(boolean v) {
            this.verifyPeerAddress = v;
            return this;
        }

        public Builder nativeTransport(boolean v) {
            this.nativeTransport = v;
            return this;
        }

        public Builder callbackExecutor(Executor v) {
            this.callbackExecutor = v;
            return this;
        }

        public Builder threadName(String v) {
            if (v == null || v.isBlank()) {
                throw new IllegalArgumentException("threadName must not be empty, was '" + v + "'");
            }
            this.threadName = v;
            return this;
        }

        public PeerClientSettings build() {
            return new PeerClientSettings(this);
        }

        private static long check(String name, long v, long min, long max) {
            if (v < min || v > max) {
                throw new IllegalArgumentException(name + " must be between " + min + " and " + max + ", was " + v);
            }
            return v;
        }
    }
}
