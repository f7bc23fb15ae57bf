package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.MessageSlot;
import io.leasehold.dhcp.config.ClientClass;
import io.leasehold.dhcp.config.Reservation;
import io.leasehold.dhcp.engine.Outcome;
import io.leasehold.dhcp.engine.QueryContext;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.transport.ReplyDestination;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything known about one query while it is processed. Each thread reuses one (see {@code EngineCore#process}):
 * {@link #start} fills it for a query and {@link #finish} lets go of what the query referred to, so nothing of an
 * exchange may be kept past its query.
 */
public final class Exchange {
    DhcpMessage query;
    QueryContext ctx;
    EngineRuntime rt;
    long now;
    HardwareAddress hw;
    ClientId cid;
    /** Where the reply is built, or null for a new message. */
    MessageSlot replies;
    /** The query's client classes: emptied by {@link #start}, filled by the classifier. */
    final ClassSet classes = new ClassSet();
    SubnetRuntime subnet;
    boolean matchClientId;
    ClientKey key;
    /** The client's reservation and the subnet it was found in (null for a global one). */
    Reservation reservation;
    SubnetRuntime reservationSubnet;
    /** The lease an ACK's commit replaced at its address (anyone's), or null. */
    Lease4 previous;
    /** Leases this query added or changed, and removed: at most one each but rarely, so no list until a second. */
    private Lease4 updated1;
    private List<Lease4> updatedMore;
    private Lease4 deleted1;
    private List<Lease4> deletedMore;
    /** The first lease lookup of this query (see {@link AddressAssignment#lookup}); valid when {@code looked}. */
    private boolean looked;
    private int lookedAddress;
    private Lease4 lookedLease;
    /**
     * The last lease-less reply outcome of this thread whose reply was in a slot: a thread's next OFFER or NAK to
     * the same destination is the same slot message and destination, so the outcome is too. Kept across queries
     * (it refers to the thread's own slot and a shared immutable destination, nothing of a query).
     */
    private Outcome lastSlotReply;
    /** What {@link AddressAssignment#chooseForOffer} chose. */
    SubnetRuntime chosenSubnet;
    int chosenAddress;
    /** The allocation filter, reused by each allocation of this exchange. */
    final AddressAssignment.SeenFilter seenFilter = new AddressAssignment.SeenFilter();
    /** Between {@link #start} and {@link #finish}: a nested use on the same thread must take a new exchange. */
    private boolean busy;

    /**
     * Each thread's exchange, reused query after query; a new one if the thread's is in use, which only a hook or
     * listener processing another query from inside this one would cause.
     */
    private static final ThreadLocal<Exchange> EXCHANGES = ThreadLocal.withInitial(Exchange::new);

    static Exchange forThisThread() {
        Exchange x = EXCHANGES.get();
        return x.busy ? new Exchange() : x;
    }

    /** Starts this exchange over for {@code query}. */
    Exchange start(DhcpMessage query, QueryContext ctx, EngineRuntime rt, long now, MessageSlot replies) {
        reset();
        busy = true;
        this.query = query;
        this.replies = replies;
        this.ctx = ctx;
        this.rt = rt;
        this.now = now;
        this.hw = IdentityCache.SHARED.hardwareAddress(query);
        this.cid = IdentityCache.SHARED.clientId(query);
        return this;
    }

    /** Ends the exchange: drops the references to the query's objects, so that an idle thread keeps none of them. */
    void finish() {
        reset();
        busy = false;
    }

    private void reset() {
        query = null;
        ctx = null;
        rt = null;
        now = 0;
        hw = null;
        cid = null;
        replies = null;
        classes.clear();
        subnet = null;
        matchClientId = true;
        key = null;
        reservation = null;
        reservationSubnet = null;
        previous = null;
        updated1 = null;
        updatedMore = null;
        deleted1 = null;
        deletedMore = null;
        looked = false;
        lookedAddress = 0;
        lookedLease = null;
        chosenSubnet = null;
        chosenAddress = 0;
        seenFilter.reset(null);
    }

    /** A reply that changed no lease: one outcome per reply in a slot and destination, not one per query. */
    Outcome replyOnly(DhcpMessage reply, ReplyDestination destination) {
        Outcome last = lastSlotReply;
        if (last != null && last.reply() == reply && last.destination() == destination) {
            return last;
        }
        Outcome o = Outcome.reply(reply, destination, List.of(), List.of());
        if (reply.isInSlot()) {
            lastSlotReply = o;
        }
        return o;
    }

    /** Records the chosen address; returns true. */
    boolean choose(SubnetRuntime s, int address) {
        chosenSubnet = s;
        chosenAddress = address;
        return true;
    }

    void addUpdated(Lease4 l) {
        if (updated1 == null) {
            updated1 = l;
        } else {
            updatedMore = more(updatedMore, l);
        }
    }

    void addDeleted(Lease4 l) {
        if (deleted1 == null) {
            deleted1 = l;
        } else {
            deletedMore = more(deletedMore, l);
        }
    }

    private static List<Lease4> more(List<Lease4> list, Lease4 l) {
        List<Lease4> out = list == null ? new ArrayList<>(2) : list;
        out.add(l);
        return out;
    }

    /** The leases added or changed, in order, as an unmodifiable list. */
    List<Lease4> updated() {
        return listOf(updated1, updatedMore);
    }

    /** The leases removed, in order, as an unmodifiable list. */
    List<Lease4> deleted() {
        return listOf(deleted1, deletedMore);
    }

    private static List<Lease4> listOf(Lease4 first, List<Lease4> more) {
        if (first == null) {
            return List.of();
        }
        if (more == null) {
            return List.of(first);
        }
        List<Lease4> all = new ArrayList<>(1 + more.size());
        all.add(first);
        all.addAll(more);
        return List.copyOf(all);
    }

    /** Sets the selected subnet and the identity rules that follow from it. */
    void subnet(SubnetRuntime s) {
        this.subnet = s;
        this.matchClientId = s == null || s.subnet().settings().matchClientId();
        this.key = IdentityCache.SHARED.key(query, hw, cid, matchClientId);
    }

    /** Whether {@link #remembered} holds the lookup of this address. */
    boolean remembers(int address) {
        return looked && lookedAddress == address;
    }

    Lease4 remembered() {
        return lookedLease;
    }

    void remember(int address, Lease4 lease) {
        looked = true;
        lookedAddress = address;
        lookedLease = lease;
    }

    void forgetLookup() {
        looked = false;
        lookedLease = null;
    }

    boolean owns(Lease4 l) {
        return l.belongsTo(hw, cid, matchClientId);
    }

    /** The client's reserved address, or 0. */
    int reservedAddress() {
        return reservation == null ? 0 : reservation.ipAddress().orElse(0);
    }

    /** Client classes as configured objects, in assignment order (for options, lifetimes, boot fields). */
    List<ClientClass> classObjects() {
        if (rt.classifier.noneConfigured()) {
            return List.of();
        }
        List<ClientClass> out = new ArrayList<>();
        for (int i = 0; i < classes.size(); i++) {
            ClientClass c = rt.classifier.find(classes.get(i));
            if (c != null) {
                out.add(c);
            }
        }
        return out;
    }

    /** Whether the family holds the subnet id. */
    SubnetRuntime familyMember(long subnetId) {
        if (subnet == null) {
            return null;
        }
        for (SubnetRuntime s : subnet.family) {
            if (s.id() == subnetId) {
                return s;
            }
        }
        return null;
    }

    /** The family subnet whose prefix holds the address. */
    SubnetRuntime familySubnetOf(int address) {
        if (subnet == null) {
            return null;
        }
        for (SubnetRuntime s : subnet.family) {
            if (s.subnet().contains(address)) {
                return s;
            }
        }
        return null;
    }
}
