package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.ClientClass;
import io.leasehold.dhcp.config.Reservation;
import io.leasehold.dhcp.engine.QueryContext;
import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;

import java.util.ArrayList;
import java.util.List;

/** Everything known about one query while it is processed. */
public final class Exchange {
    final DhcpMessage query;
    final QueryContext ctx;
    final EngineRuntime rt;
    final long now;
    final HardwareAddress hw;
    final ClientId cid;
    ClassSet classes;
    SubnetRuntime subnet;
    boolean matchClientId = true;
    ClientKey key;
    /** The client's reservation and the subnet it was found in (null for a global one). */
    Reservation reservation;
    SubnetRuntime reservationSubnet;
    /** The lease an ACK's commit replaced at its address (anyone's), or null. */
    Lease4 previous;
    // Without a capacity an ArrayList gets its array on the first add: a DISCOVER adds to neither.
    final List<Lease4> updated = new ArrayList<>();
    final List<Lease4> deleted = new ArrayList<>();
    /** The first lease lookup of this query (see {@link AddressAssignment#lookup}); valid when {@code looked}. */
    private boolean looked;
    private int lookedAddress;
    private Lease4 lookedLease;

    Exchange(DhcpMessage query, QueryContext ctx, EngineRuntime rt, long now) {
        this.query = query;
        this.ctx = ctx;
        this.rt = rt;
        this.now = now;
        this.hw = query.hlen() == 0 ? null : query.hardwareAddress();
        this.cid = query.clientId();
    }

    /** Sets the selected subnet and the identity rules that follow from it. */
    void subnet(SubnetRuntime s) {
        this.subnet = s;
        this.matchClientId = s == null || s.subnet().settings().matchClientId();
        this.key = ClientKey.of(hw, cid, matchClientId);
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
