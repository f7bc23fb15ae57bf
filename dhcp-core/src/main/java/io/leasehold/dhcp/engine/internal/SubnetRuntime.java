package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.config.Pool4;
import io.leasehold.dhcp.config.Reservation;
import io.leasehold.dhcp.config.SharedNetwork;
import io.leasehold.dhcp.config.Subnet4;

import java.util.List;
import java.util.function.Predicate;

/** A subnet as the engine uses it: configuration plus its allocator, reservations and shared-network siblings. */
public final class SubnetRuntime {
    final Subnet4 subnet;
    final SharedNetwork network;
    final AddressAllocator allocator;
    final Reservations reservations;
    /** The subnet's host-name clean-up, compiled once (its pattern is not rebuilt per packet). */
    final HostnameSanitizer hostnames;
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
        for (Pool4 p : subnet.pools()) {
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
