package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AddressState;
import io.leasehold.dhcp.alloc.CandidateFilter;
import io.leasehold.dhcp.config.Pool4;
import io.leasehold.dhcp.config.Reservation;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.lease.LeaseStore;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Chooses and commits addresses (Kea's allocation engine, §2.2-2.3 of the behaviour notes).
 *
 * <p>Uniqueness under any number of worker threads rests on two atomic steps: an offered address is held in the
 * subnet's allocator (or, for the few paths outside the allocator, in the {@link OfferTable}) so no other client is
 * offered it; a lease is committed by {@link LeaseStore#add} or a compare-and-set {@link LeaseStore#replace} of a
 * lease that is the client's own or holds nothing, so no address is ever ACKed while another client's valid lease
 * is on it.
 */
final class AddressAssignment {
    private final LeaseStore store;
    private final OfferTable offers;
    private final EngineStats stats;
    private volatile LongConsumer exhausted = id -> { };

    AddressAssignment(LeaseStore store, OfferTable offers, EngineStats stats) {
        this.store = store;
        this.offers = offers;
        this.stats = stats;
    }

    /**
     * Told the id of each subnet whose allocator had no free address for a client (on the packet thread, so it
     * must be quick): a store shared with other servers may know of addresses they freed.
     */
    void exhaustedListener(LongConsumer listener) {
        this.exhausted = listener;
    }

    /** Whether a lease keeps its address from others at {@code now}: default or declined, and not expired. */
    static boolean holds(Lease4 l, long now) {
        return EngineRuntime.holdsAddress(l) && !l.isExpired(now);
    }

    /** Whether someone other than the client holds the address. */
    boolean heldByOther(Exchange x, int address) {
        Lease4 l = lookup(x, address);
        return l != null && holds(l, x.now) && !x.owns(l);
    }

    /**
     * The lease of an address as this query last read it: a REQUEST checks the address, then commits it, and the
     * commit's compare-and-set starts from that read instead of reading again (if the lease changed meanwhile the
     * store refuses the write, and the commit reads afresh).
     */
    Lease4 lookup(Exchange x, int address) {
        if (x.remembers(address)) {
            return x.remembered();
        }
        Lease4 l = store.get(address).orElse(null);
        x.remember(address, l);
        return l;
    }

    /** Whether the address is reserved for a different client. */
    static boolean reservedForOther(Exchange x, SubnetRuntime s, int address) {
        Reservation r = s.reservationFor(address);
        return r != null && r != x.reservation;
    }

    /** The client's lease in its subnet's family (also expired ones; not declined ones), or null. */
    Lease4 clientLease(Exchange x) {
        List<Lease4> candidates = clientLeases(x);
        if (x.cid != null && x.matchClientId && candidates.size() > 1) {
            // on equal standing a lease found by client identifier wins, as Kea looks it up first
            candidates.sort(java.util.Comparator.comparing(l -> !x.cid.equals(l.clientId())));
        }
        Lease4 best = null;
        for (int i = 0; i < candidates.size(); i++) { // indexed: no iterator per query
            Lease4 l = candidates.get(i);
            if (x.familyMember(l.subnetId()) == null || !x.owns(l) || l.state() == LeaseState.DECLINED) {
                continue;
            }
            if (best == null || (!holds(best, x.now) && holds(l, x.now)) || l.cltt() > best.cltt()) {
                best = l;
            }
        }
        return best;
    }

    /** The leases found by the client's identifier (when it counts) or hardware address: one store lookup. */
    private List<Lease4> clientLeases(Exchange x) {
        List<Lease4> found = store.getByClient(x.hw, x.matchClientId ? x.cid : null);
        // A copy, since callers change the store while they walk it; none is needed for one lease or none.
        return found.size() <= 1 ? found : new ArrayList<>(found);
    }

    /**
     * DISCOVER: the address to offer, held for the client, left in {@link Exchange#chosenSubnet} and
     * {@link Exchange#chosenAddress}; false when none is available.
     */
    boolean chooseForOffer(Exchange x) {
        // 1. The client's reservation, unless someone else holds that address.
        int reserved = x.reservedAddress();
        if (reserved != 0 && x.reservationSubnet != null && !heldByOther(x, reserved)
                && offers.tryPut(x.key, reserved)) {
            return x.choose(x.reservationSubnet, reserved);
        }
        // 2. The client's existing lease, if it is still in a pool the client may use and not reserved for another.
        Lease4 own = clientLease(x);
        if (own != null) {
            SubnetRuntime s = x.familyMember(own.subnetId());
            if (s != null && usable(x, s, own.address()) && holdOwn(x, s, own.address())) {
                return x.choose(s, own.address());
            }
        }
        // 3. An outstanding offer to this client.
        int offered = offers.offeredTo(x.key);
        if (offered != 0) {
            SubnetRuntime s = x.familySubnetOf(offered);
            if (s != null && s.allocator.state(offered) == AddressState.OFFERED && usable(x, s, offered)) {
                offers.tryPut(x.key, offered);
                return x.choose(s, offered);
            }
        }
        // 4. The requested address.
        int requested = x.query.addressOption(50, 0);
        if (requested != 0) {
            SubnetRuntime s = x.familySubnetOf(requested);
            if (s != null && usable(x, s, requested) && !heldByOther(x, requested) && s.allocator.claim(requested)) {
                if (offers.tryPut(x.key, requested)) {
                    return x.choose(s, requested);
                }
                s.allocator.release(requested);
            }
        }
        // 5. A new address from the allocators of the family.
        return allocate(x);
    }

    /**
     * Accepts a candidate no lease holds, remembering the last lease it read. Each {@link Exchange} holds one, set
     * up by {@link #reset} for each allocation.
     */
    static final class SeenFilter implements CandidateFilter {
        private LeaseStore store;
        boolean read;
        int address;
        Lease4 lease;

        SeenFilter reset(LeaseStore store) {
            this.store = store;
            read = false;
            address = 0;
            lease = null;
            return this;
        }

        @Override
        public Verdict check(int a) {
            Lease4 l = store.get(a).orElse(null);
            read = true;
            lease = l;
            address = a;
            return l != null && EngineRuntime.holdsAddress(l) ? Verdict.IN_USE : Verdict.ACCEPT;
        }
    }

    private boolean allocate(Exchange x) {
        SeenFilter filter = x.seenFilter.reset(store);
        List<SubnetRuntime> family = x.subnet.family;
        for (int i = 0; i < family.size(); i++) {
            SubnetRuntime s = family.get(i);
            if (!s.allows(x.classes)) {
                continue;
            }
            long a = s.allocator.allocate(x.classes, filter);
            if (a == AddressAllocator.NONE) {
                if (anyPoolAllows(s, x)) {
                    exhausted.accept(s.id()); // a pool the client may use is full, not merely closed to it
                }
            } else {
                int address = (int) a;
                // The filter read the accepted candidate last: the offer remembers what it found.
                boolean read = filter.read && filter.address == address;
                if (read ? offers.tryPutSeen(x.key, address, filter.lease) : offers.tryPut(x.key, address)) {
                    return x.choose(s, address);
                }
                s.allocator.release(address);
            }
        }
        // Pools exhausted: take over the longest-expired lease of the family, as Kea reuses expired leases.
        for (Lease4 l : store.getExpired(x.now, 64)) {
            SubnetRuntime s = x.familyMember(l.subnetId());
            if (s != null && l.state() == LeaseState.DEFAULT && usable(x, s, l.address())
                    && offers.tryPut(x.key, l.address())) {
                return x.choose(s, l.address());
            }
        }
        countAllocationFailure(x);
        return false;
    }

    private static boolean anyPoolAllows(SubnetRuntime s, Exchange x) {
        for (Pool4 p : s.subnet().pools()) {
            if (SubnetRuntime.poolAllows(p, x.classes)) {
                return true;
            }
        }
        return false;
    }

    private void countAllocationFailure(Exchange x) {
        stats.allocationFail.increment();
        stats.subnet(x.subnet.id(), "v4-allocation-fail").increment();
        boolean anyPool = false;
        boolean classBlocked = false;
        for (SubnetRuntime s : x.subnet.family) {
            for (Pool4 p : s.subnet().pools()) {
                anyPool = true;
                if (!SubnetRuntime.poolAllows(p, x.classes)) {
                    classBlocked = true;
                }
            }
        }
        if (!anyPool) {
            stats.allocationFailNoPools.increment();
            stats.subnet(x.subnet.id(), "v4-allocation-fail-no-pools").increment();
        } else if (classBlocked) {
            stats.allocationFailClasses.increment();
            stats.subnet(x.subnet.id(), "v4-allocation-fail-classes").increment();
        } else if (x.subnet.family.size() > 1) {
            stats.allocationFailSharedNetwork.increment();
            stats.subnet(x.subnet.id(), "v4-allocation-fail-shared-network").increment();
        } else {
            stats.allocationFailSubnet.increment();
            stats.subnet(x.subnet.id(), "v4-allocation-fail-subnet").increment();
        }
    }

    /** In a pool the client may use (or reserved for it) and not reserved for someone else. */
    static boolean usable(Exchange x, SubnetRuntime s, int address) {
        if (!s.allows(x.classes)) {
            return false;
        }
        if (address == x.reservedAddress()) {
            return true;
        }
        if (reservedForOther(x, s, address)) {
            return false;
        }
        Pool4 p = s.poolOf(address);
        return p != null && SubnetRuntime.poolAllows(p, x.classes);
    }

    /** Holds the client's own (possibly reclaimed) lease address for the offer. */
    private boolean holdOwn(Exchange x, SubnetRuntime s, int address) {
        AddressState st = s.allocator.state(address);
        if (st == AddressState.FREE && !s.allocator.claim(address)) {
            return false;
        }
        return offers.tryPut(x.key, address);
    }

    /**
     * Verdict on a requested address (REQUEST with option 50 or ciaddr): null when it may be committed, or the
     * reason it may not ({@code "nak"} or {@code "drop"}).
     */
    String checkRequested(Exchange x, SubnetRuntime s, int address) {
        if (s == null) {
            return "nak"; // outside every subnet of the client's network
        }
        if (offers.hasSeen(x.key, address)) {
            // Our offer of this address read its lease moments ago: the commit starts from that read, and the
            // store's insert or compare-and-set refuses it if another server changed the address meanwhile.
            x.remember(address, offers.seenLease(x.key));
        }
        if (reservedForOther(x, s, address)) {
            stats.reservationConflicts.increment();
            return "nak";
        }
        int reserved = x.reservedAddress();
        if (reserved != 0 && reserved != address && !heldByOther(x, reserved)) {
            return "nak"; // the client should take its reserved address
        }
        if (address != reserved) {
            Pool4 p = s.poolOf(address);
            if (p == null) {
                return "drop"; // Kea: DHCP4_UNKNOWN_ADDRESS_REQUESTED, no NAK
            }
            if (!SubnetRuntime.poolAllows(p, x.classes) || !s.allows(x.classes)) {
                return "nak";
            }
        }
        if (heldByOther(x, address)) {
            // Another client's valid lease, perhaps written by another server on a shared database: the store is
            // the truth, so the allocator learns the address is used (no-op outside the pools).
            s.allocator.markUsed(address);
            return "nak";
        }
        if (offers.offeredToOther(address, x.key)) {
            return "nak";
        }
        if (address != reserved) {
            AddressState st = s.allocator.state(address);
            if (st == AddressState.FREE && !s.allocator.claim(address)) {
                return "nak";
            }
            if (st == AddressState.OFFERED && offers.offeredTo(x.key) != address) {
                // Held for someone else whose offer is not in our table (e.g. just expired and re-offered).
                Lease4 l = lookup(x, address);
                if (l == null || !x.owns(l)) {
                    return "nak";
                }
            }
        }
        return null;
    }

    /**
     * Writes the client's lease for the address. Returns the committed lease, or null when another client won the
     * address in the meantime (the caller NAKs).
     */
    Lease4 commit(Exchange x, SubnetRuntime s, int address, long valid, ClientName name) {
        Lease4 lease = Lease4.builder(address).hardwareAddress(x.hw).clientId(x.cid).validLifetime(valid)
                .cltt(x.now).subnetId(s.id()).hostname(name.hostname()).fqdnForward(name.forward())
                .fqdnReverse(name.reverse()).poolId(s.poolId(address)).build();
        // The client's leases as they stand before the write (one lookup, as Kea makes at the start of a REQUEST):
        // those at other addresses are released once this one is committed. Read before, not after, the write, so
        // that a new client's lookup finds nothing rather than the lease just written.
        List<Lease4> others = clientLeases(x);
        Lease4 before = null;
        boolean done = false;
        boolean takenByOther = false;
        for (int attempt = 0; attempt < 4 && !done; attempt++) {
            before = attempt == 0 ? lookup(x, address) : store.get(address).orElse(null);
            if (before == null) {
                done = store.add(lease);
            } else if (x.owns(before) || !holds(before, x.now)) {
                done = store.replace(before, lease);
            } else {
                takenByOther = true;
                break;
            }
        }
        x.forgetLookup(); // the store changed, or refused a change: what this query read is stale
        if (!done) {
            // The store is the truth: another client's valid lease (e.g. written by another server on a shared
            // database) keeps the address used here too, until that lease goes.
            if (takenByOther) {
                s.allocator.markUsed(address);
            } else {
                s.allocator.release(address);
            }
            offers.remove(x.key);
            return null;
        }
        s.allocator.markUsed(address);
        offers.remove(x.key);
        x.previous = before;
        x.addUpdated(lease);
        boolean newlyAssigned = before == null || !EngineRuntime.holdsAddress(before);
        if (newlyAssigned) {
            stats.subnet(s.id(), "assigned-addresses").increment();
        } else if (before.state() == LeaseState.DECLINED) {
            stats.declined.decrement();
            stats.subnet(before.subnetId(), "declined-addresses").decrement();
        }
        if (before == null || !x.owns(before) || before.address() != address || !holds(before, x.now)) {
            stats.cumulativeAssigned.increment();
            stats.subnet(s.id(), "cumulative-assigned-addresses").increment();
        }
        if (before != null && !newlyAssigned && before.subnetId() != s.id()) {
            stats.subnet(before.subnetId(), "assigned-addresses").decrement();
            stats.subnet(s.id(), "assigned-addresses").increment();
        }
        releaseOtherLeases(x, address, others);
        return lease;
    }

    /**
     * The client moved to a new address: its other leases in the family are deleted (Kea §2.3). Each delete is a
     * compare-and-set of the lease as read, so one changed meanwhile is left alone.
     */
    private void releaseOtherLeases(Exchange x, int keep, List<Lease4> others) {
        for (int i = 0; i < others.size(); i++) {
            Lease4 l = others.get(i);
            if (l.address() != keep && x.owns(l) && x.familyMember(l.subnetId()) != null
                    && l.state() == LeaseState.DEFAULT && store.delete(l)) {
                SubnetRuntime s = x.familyMember(l.subnetId());
                s.allocator.markFree(l.address());
                stats.subnet(l.subnetId(), "assigned-addresses").decrement();
                x.addDeleted(l);
            }
        }
    }

    /** Forgets the client's outstanding offer and gives its address back (a NAK or a drop). */
    void abandonOffer(Exchange x) {
        int a = offers.remove(x.key);
        if (a != 0) {
            SubnetRuntime s = x.familySubnetOf(a);
            if (s != null) {
                s.allocator.release(a);
            }
        }
    }
}
