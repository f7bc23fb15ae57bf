package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.config.OptionData;
import io.leasehold.dhcp.config.Pool4;
import io.leasehold.dhcp.config.Reservation;
import io.leasehold.dhcp.config.SharedNetwork;
import io.leasehold.dhcp.config.Subnet4;

import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/** A subnet as the engine uses it: configuration plus its allocator, reservations and shared-network siblings. */
public final class SubnetRuntime {
    final Subnet4 subnet;
    final SharedNetwork network;
    final AddressAllocator allocator;
    final Reservations reservations;
    /** The subnet's host-name clean-up, compiled once (its pattern is not rebuilt per packet). */
    final HostnameSanitizer hostnames;
    /**
     * Options merged from pool, subnet, network and global scopes, per pool index (-1: no pool), for replies with
     * no reservation or class options. Built when the runtime is built ({@link OptionAssembler#prime}); a
     * reconfiguration builds new runtimes, so it never outlives the configuration it was merged from.
     */
    private final ConcurrentHashMap<Integer, OptionAssembler.Visible> plainOptions = new ConcurrentHashMap<>();
    /** This subnet and its shared-network siblings, in id order (just this one without a network). */
    List<SubnetRuntime> family;

    SubnetRuntime(Subnet4 subnet, SharedNetwork network, AddressAllocator allocator, Reservations reservations) {
        this.subnet = subnet;
        this.network = network;
        this.allocator = allocator;
        this.reservations = reservations;
        this.hostnames = new HostnameSanitizer(subnet.settings().hostnameCharSet(),
                subnet.settings().hostnameCharReplacement());
    }

    public Subnet4 subnet() {
        return subnet;
    }

    public long id() {
        return subnet.id();
    }

    public AddressAllocator allocator() {
        return allocator;
    }

    /** The merged plain options of a pool of this subnet (null: no pool), or null when not kept yet. */
    OptionAssembler.Visible plainOptions(Pool4 pool) {
        int key = plainKey(pool);
        return key == NOT_OURS ? null : plainOptions.get(key);
    }

    /** Keeps {@code merged} as the plain options of the pool unless another thread was first; answers the kept ones. */
    OptionAssembler.Visible keepPlainOptions(Pool4 pool, OptionAssembler.Visible merged) {
        int key = plainKey(pool);
        if (key == NOT_OURS) {
            return merged; // not one of this subnet's pools: not kept
        }
        OptionAssembler.Visible raced = plainOptions.putIfAbsent(key, merged);
        return raced != null ? raced : merged;
    }

    private static final int NOT_OURS = Integer.MIN_VALUE;

    /** -1 for no pool, the pool's index in the subnet, or {@link #NOT_OURS}. */
    private int plainKey(Pool4 pool) {
        if (pool == null) {
            return -1;
        }
        List<Pool4> pools = subnet.pools();
        for (int i = 0; i < pools.size(); i++) {
            if (pools.get(i) == pool) {
                return i;
            }
        }
        return NOT_OURS;
    }

    /** Whether a client of these classes may use the subnet. */
    boolean allows(Predicate<String> memberOf) {
        if (subnet.clientClasses().isEmpty()) {
            return true;
        }
        for (String c : subnet.clientClasses()) {
            if (memberOf.test(c)) {
                return true;
            }
        }
        return false;
    }

    /** The pool holding the address, or null. */
    Pool4 poolOf(int address) {
        List<Pool4> pools = subnet.pools();
        for (int i = 0; i < pools.size(); i++) { // indexed: no iterator per query
            Pool4 p = pools.get(i);
            if (p.contains(address)) {
                return p;
            }
        }
        return null;
    }

    /** 1-based index of the pool within the subnet, as Kea's pool_id (0 when outside every pool). */
    long poolId(int address) {
        List<Pool4> pools = subnet.pools();
        for (int i = 0; i < pools.size(); i++) {
            if (pools.get(i).contains(address)) {
                return i;
            }
        }
        return 0;
    }

    static boolean poolAllows(Pool4 p, Predicate<String> memberOf) {
        if (p.clientClasses().isEmpty()) {
            return true;
        }
        for (String c : p.clientClasses()) {
            if (memberOf.test(c)) {
                return true;
            }
        }
        return false;
    }

    Reservation reservationFor(int address) {
        return reservations.byAddress(address);
    }

    @Override
    public String toString() {
        return "subnet[" + subnet.id() + "] " + subnet.prefix();
    }
}
