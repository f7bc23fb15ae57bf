package io.leasehold.dhcp.lease;

import java.util.Objects;

/**
 * One DHCPv4 lease, with exactly the fields Kea's memfile lease file and lease commands carry. Immutable; use
 * {@link #toBuilder()} to derive a changed copy.
 *
 * <p>Times are Unix epoch seconds. {@code cltt} (client last transmission time) plus {@code validLifetime} is the
 * expiry; a valid lifetime of {@link #INFINITE_LIFETIME} never expires (BOOTP).
 */
public final class Lease4 {
    /** Kea's "infinite" valid lifetime (0xffffffff), used for BOOTP leases. */
    public static final long INFINITE_LIFETIME = 0xffffffffL;

    private final int address;
    private final HardwareAddress hardwareAddress;
    private final ClientId clientId;
    private final long validLifetime;
    private final long cltt;
    private final long subnetId;
    private final boolean fqdnForward;
    private final boolean fqdnReverse;
    private final String hostname;
    private final int state;
    private final String userContext;
    private final long poolId;

    private Lease4(Builder b) {
        this.address = b.address;
        this.hardwareAddress = b.hardwareAddress;
        this.clientId = b.clientId;
        this.validLifetime = b.validLifetime;
        this.cltt = b.cltt;
        this.subnetId = b.subnetId;
        this.fqdnForward = b.fqdnForward;
        this.fqdnReverse = b.fqdnReverse;
        this.hostname = b.hostname == null ? "" : b.hostname;
        this.state = b.state;
        this.userContext = b.userContext;
        this.poolId = b.poolId;
    }

    public static Builder builder(int address) {
        return new Builder(address);
    }

    public Builder toBuilder() {
        Builder b = new Builder(address);
        b.hardwareAddress = hardwareAddress;
        b.clientId = clientId;
        b.validLifetime = validLifetime;
        b.cltt = cltt;
        b.subnetId = subnetId;
        b.fqdnForward = fqdnForward;
        b.fqdnReverse = fqdnReverse;
        b.hostname = hostname;
        b.state = state;
        b.userContext = userContext;
        b.poolId = poolId;
        return b;
    }

    /** The leased address (see {@link Ipv4}). */
    public int address() {
        return address;
    }

    /** The client's hardware address, or {@code null} (declined leases have none). */
    public HardwareAddress hardwareAddress() {
        return hardwareAddress;
    }

    /** The client identifier (option 61), or {@code null} when the client sent none. */
    public ClientId clientId() {
        return clientId;
    }

    /** Seconds; {@code 0} in a lease file row means "deleted". */
    public long validLifetime() {
        return validLifetime;
    }

    /** Client last transmission time, epoch seconds. */
    public long cltt() {
        return cltt;
    }

    /** Expiry time, epoch seconds ({@code cltt + validLifetime}). */
    public long expire() {
        return cltt + validLifetime;
    }

    /** Whether the lease has expired at {@code nowSeconds}; infinite leases never do. */
    public boolean isExpired(long nowSeconds) {
        return validLifetime != INFINITE_LIFETIME && expire() <= nowSeconds;
    }

    public long subnetId() {
        return subnetId;
    }

    public boolean fqdnForward() {
        return fqdnForward;
    }

    public boolean fqdnReverse() {
        return fqdnReverse;
    }

    /** The host name, or the empty string. */
    public String hostname() {
        return hostname;
    }

    /** See {@link LeaseState}. */
    public int state() {
        return state;
    }

    /** The user context as JSON map text, or {@code null}. */
    public String userContext() {
        return userContext;
    }

    /** Index of the pool within its subnet (Kea 2.4+ {@code pool_id}); {@code 0} by default. */
    public long poolId() {
        return poolId;
    }

    /**
     * Whether this lease belongs to the client with the given identity, by Kea's rule: equal client
     * identifiers; or, when either side has no client identifier (or {@code matchClientId} is false), equal
     * hardware addresses.
     */
    public boolean belongsTo(HardwareAddress hw, ClientId cid, boolean matchClientId) {
        if (matchClientId && clientId != null && cid != null) {
            return clientId.equals(cid);
        }
        return hardwareAddress != null && hw != null && hardwareAddress.equals(hw);
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Lease4 l)) {
            return false;
        }
        return address == l.address && validLifetime == l.validLifetime && cltt == l.cltt && subnetId == l.subnetId
                && fqdnForward == l.fqdnForward && fqdnReverse == l.fqdnReverse && state == l.state
                && poolId == l.poolId && Objects.equals(hardwareAddress, l.hardwareAddress)
                && Objects.equals(clientId, l.clientId) && hostname.equals(l.hostname)
                && Objects.equals(userContext, l.userContext);
    }

    @Override
    public int hashCode() {
        return Objects.hash(address, hardwareAddress, clientId, validLifetime, cltt, subnetId, hostname, state);
    }

    @Override
    public String toString() {
        return "Lease4{" + Ipv4.toString(address) + ", hw=" + hardwareAddress + ", cid=" + clientId + ", valid="
                + validLifetime + ", cltt=" + cltt + ", subnet=" + subnetId + ", state=" + LeaseState.name(state)
                + (hostname.isEmpty() ? "" : ", host=" + hostname) + "}";
    }

    /** Builds a {@link Lease4}; everything but the address is optional. */
    public static final class Builder {
        private final int address;
        private HardwareAddress hardwareAddress;
        private ClientId clientId;
        private long validLifetime;
        private long cltt;
        private long subnetId;
        private boolean fqdnForward;
        private boolean fqdnReverse;
        private String hostname = "";
        private int state = LeaseState.DEFAULT;
        private String userContext;
        private long poolId;

        private Builder(int address) {
            this.address = address;
        }

        public Builder hardwareAddress(HardwareAddress v) {
            this.hardwareAddress = v;
            return this;
        }

        public Builder clientId(ClientId v) {
            this.clientId = v;
            return this;
        }

        /** Seconds, 0..0xffffffff. */
        public Builder validLifetime(long v) {
            if (v < 0 || v > INFINITE_LIFETIME) {
                throw new IllegalArgumentException("valid lifetime out of range: " + v);
            }
            this.validLifetime = v;
            return this;
        }

        public Builder cltt(long v) {
            this.cltt = v;
            return this;
        }

        /** Subnet id, 0..0xffffffff. */
        public Builder subnetId(long v) {
            if (v < 0 || v > 0xffffffffL) {
                throw new IllegalArgumentException("subnet id out of range: " + v);
            }
            this.subnetId = v;
            return this;
        }

        public Builder fqdnForward(boolean v) {
            this.fqdnForward = v;
            return this;
        }

        public Builder fqdnReverse(boolean v) {
            this.fqdnReverse = v;
            return this;
        }

        public Builder hostname(String v) {
            this.hostname = v == null ? "" : v;
            return this;
        }

        public Builder state(int v) {
            this.state = v;
            return this;
        }

        /** JSON map text, or {@code null}. */
        public Builder userContext(String v) {
            this.userContext = v;
            return this;
        }

        public Builder poolId(long v) {
            this.poolId = v;
            return this;
        }

        public Lease4 build() {
            return new Lease4(this);
        }
    }
}
