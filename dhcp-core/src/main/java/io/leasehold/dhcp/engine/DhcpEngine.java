package io.leasehold.dhcp.engine;

import io.leasehold.dhcp.config.Subnet4;
import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.MessageSlot;
import io.leasehold.dhcp.ddns.NameChangeSink;
import io.leasehold.dhcp.engine.internal.EngineCore;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.stats.StatisticsRegistry;
import io.leasehold.dhcp.time.Clock;

import java.util.Optional;
import java.util.Collection;
import java.util.Set;

/**
 * The DHCPv4 engine: transport-free. {@link #process} takes a decoded query and its arrival context and returns
 * the reply and its destination, or a drop with its reason, following Kea's rules. Safe for any number of worker
 * threads; a reconfiguration swaps the compiled configuration atomically.
 */
public final class DhcpEngine {
    private final EngineCore core;

    private DhcpEngine(Builder b) {
        this.core = new EngineCore(b.config, b.store, b.clock, b.stats, b.hook, b.serverPort, b.clientPort,
                b.offerHoldMillis, b.localAddresses, b.allocators, b.nameChanges);
    }

    public static Builder builder(EngineConfig config, LeaseStore store) {
        return new Builder(config, store);
    }

    /** Processes one query. Never throws for any input; a failure is a drop with {@link DropReason#PROCESSING_FAILED}. */
    public Outcome process(DhcpMessage query, QueryContext ctx) {
        return core.process(query, ctx, null);
    }

    /**
     * Processes one query as {@link #process(DhcpMessage, QueryContext)} does, building the reply in {@code replies}
     * instead of a new message: the outcome's reply is then that slot's message, valid until the slot's next use (see
     * {@link MessageSlot}). For a thread that encodes each reply before it processes the next query and wants no
     * reply storage allocated per query; a reply to keep longer is {@link DhcpMessage#owned() copied out}.
     */
    public Outcome process(DhcpMessage query, QueryContext ctx, MessageSlot replies) {
        return core.process(query, ctx, java.util.Objects.requireNonNull(replies, "replies"));
    }

    /** Counts a packet that could not be decoded ({@code pkt4-parse-failed}, {@code pkt4-receive-drop}). */
    public void countParseFailure() {
        core.statistics().countParseFailure();
    }

    /** Counts a reply as sent ({@code pkt4-sent} and its type). */
    public void countSent(DhcpMessage reply) {
        core.statistics().countSent(reply);
    }

    /** Counts a drop decided outside the engine (queue full, HA update failure). */
    public void countDrop(DropReason reason) {
        core.statistics().countDrop(reason);
    }

    /** Applies a new configuration without losing leases; allocators are rebuilt from the store. */
    public void reconfigure(EngineConfig config) {
        core.reconfigure(config);
    }

    /** Reclaims expired leases now ({@code leases-reclaim}); with {@code remove} they are deleted. */
    public int reclaimExpired(boolean remove, int max) {
        return core.upkeep().reclaimExpired(remove, max);
    }

    /** Called with every lease that expiry reclamation reclaims. */
    public void onReclaimed(java.util.function.Consumer<Lease4> listener) {
        core.upkeep().reclaimListener(listener);
    }

    /**
     * Called with the id of each subnet whose allocator found no free address for a client, on the packet thread:
     * the listener must be quick and must not block or throw. A lease store shared with other servers uses it to
     * re-read which addresses those servers freed (they stay used in this server's allocator until then).
     */
    public void onPoolsExhausted(java.util.function.LongConsumer listener) {
        core.exhaustedListener(java.util.Objects.requireNonNull(listener));
    }

    /**
     * The allocator of a configured subnet, as compiled from the configuration in force (a reconfiguration
     * replaces it): for keeping its view in step with a lease store that other servers change too.
     */
    public Optional<io.leasehold.dhcp.alloc.AddressAllocator> allocator(long subnetId) {
        var compiled = core.runtime().subnet(subnetId);
        return compiled == null ? Optional.empty() : Optional.of(compiled.allocator());
    }

    /** Deletes expired-reclaimed leases older than {@code holdSeconds}; returns how many. */
    public int flushReclaimed(long holdSeconds) {
        return core.upkeep().flushReclaimed(holdSeconds);
    }

    /**
     * Whether Dynamic DNS is on: {@code dhcp-ddns.enable-updates} is true and the engine was given a
     * {@link Builder#nameChangeSink}.
     */
    public boolean ddnsEnabled() {
        return core.nameChanges().enabled();
    }

    /**
     * Sends an add request for the lease as it is ({@code lease4-resend-ddns}); nothing when DDNS is off or the lease
     * has no host name or no DNS flag.
     */
    public void resendDdns(Lease4 lease) {
        if (ddnsEnabled()) {
            core.nameChanges().resend(lease);
        }
    }

    /**
     * Runs a lease change made outside packet processing (its store step and {@link #leaseChanged}) with no
     * reconfiguration in between: a reconfiguration recounts the statistics from the store, and a recount between
     * the two steps would count the change twice or not at all. Keep {@code change} short; a reconfiguration waits
     * for it.
     */
    public <T> T changingLeases(java.util.function.Supplier<T> change) {
        return core.changingLeases(change);
    }

    /** Keeps allocators and statistics in step with a lease change made outside packet processing. */
    public void leaseChanged(Lease4 before, Lease4 after) {
        core.upkeep().leaseChanged(before, after);
    }

    /** The subnet id a lease for {@code address} belongs in (0 when none), for lease commands. */
    public long subnetFor(int address) {
        return core.runtime().subnetFor(address);
    }

    /** The configured subnet ids. */
    public Collection<Long> subnetIds() {
        return core.runtime().subnetIds();
    }

    /** Default valid lifetime of a subnet. */
    public long defaultValidLifetime(long subnetId) {
        return core.runtime().defaultValidLifetime(subnetId);
    }

    /** The configured subnet with this id, if any. */
    public Optional<Subnet4> subnet(long subnetId) {
        var compiled = core.runtime().subnet(subnetId);
        return compiled == null ? Optional.empty() : Optional.of(compiled.subnet());
    }

    /** Settings of a {@link DhcpEngine}. */
    public static final class Builder {
        private final EngineConfig config;
        private final LeaseStore store;
        private Clock clock = Clock.SYSTEM;
        private StatisticsRegistry stats;
        private QueryHook hook = QueryHook.NONE;
        private int serverPort = 67;
        private int clientPort = 68;
        private long offerHoldMillis = 10_000;
        private Set<Integer> localAddresses = Set.of();
        private io.leasehold.dhcp.alloc.AllocatorFactory allocators = io.leasehold.dhcp.alloc.AllocatorFactory.SHIPPED;
        private NameChangeSink nameChanges = NameChangeSink.NONE;

        private Builder(EngineConfig config, LeaseStore store) {
            this.config = config;
            this.store = store;
        }

        public Builder clock(Clock v) {
            this.clock = v;
            return this;
        }

        public Builder statistics(StatisticsRegistry v) {
            this.stats = v;
            return this;
        }

        public Builder hook(QueryHook v) {
            this.hook = v;
            return this;
        }

        /** Port replies to relays go to (Kea's {@code -p}). */
        public Builder serverPort(int v) {
            this.serverPort = v;
            return this;
        }

        /** Port replies to clients go to (Kea's {@code -P}). */
        public Builder clientPort(int v) {
            this.clientPort = v;
            return this;
        }

        /** How long an offered address stays held for its client (default 10 s). */
        public Builder offerHoldMillis(long v) {
            this.offerHoldMillis = v;
            return this;
        }

        /** Addresses of this server's sockets: a client's option 54 must name one of them (or a configured one). */
        public Builder localAddresses(Set<Integer> v) {
            this.localAddresses = Set.copyOf(v);
            return this;
        }

        /** Creates each subnet's allocator (default: the one Kea's {@code allocator} key names). */
        public Builder allocatorFactory(io.leasehold.dhcp.alloc.AllocatorFactory v) {
            this.allocators = java.util.Objects.requireNonNull(v);
            return this;
        }

        /**
         * Where name change requests go when {@code dhcp-ddns.enable-updates} is true (default: nowhere). The
         * standalone server passes its UDP sender to kea-dhcp-ddns; called on processing threads, must not block.
         */
        public Builder nameChangeSink(NameChangeSink v) {
            this.nameChanges = java.util.Objects.requireNonNull(v);
            return this;
        }

        public DhcpEngine build() {
            if (stats == null) {
                stats = new StatisticsRegistry(clock);
            }
            return new DhcpEngine(this);
        }
    }
}
