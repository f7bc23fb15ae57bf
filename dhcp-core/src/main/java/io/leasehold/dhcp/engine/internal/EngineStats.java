package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.codec.DhcpMessageType;
import io.leasehold.dhcp.engine.DropReason;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.stats.Statistic;
import io.leasehold.dhcp.stats.StatisticsRegistry;

import java.util.concurrent.ConcurrentHashMap;

/** The engine's statistics under Kea's names, resolved once, and which of them a packet counts in. */
public final class EngineStats {
    final StatisticsRegistry registry;
    final Statistic received;
    final Statistic discoverReceived;
    final Statistic requestReceived;
    final Statistic releaseReceived;
    final Statistic declineReceived;
    final Statistic informReceived;
    final Statistic unknownReceived;
    final Statistic offerReceived;
    final Statistic ackReceived;
    final Statistic nakReceived;
    final Statistic sent;
    final Statistic offerSent;
    final Statistic ackSent;
    final Statistic nakSent;
    final Statistic parseFailed;
    final Statistic receiveDrop;
    final Statistic cumulativeAssigned;
    final Statistic declined;
    final Statistic reclaimedDeclined;
    final Statistic reclaimed;
    final Statistic allocationFail;
    final Statistic allocationFailSubnet;
    final Statistic allocationFailSharedNetwork;
    final Statistic allocationFailNoPools;
    final Statistic allocationFailClasses;
    final Statistic reservationConflicts;
    final Statistic leaseReuses;

    public EngineStats(StatisticsRegistry r) {
        this.registry = r;
        received = r.statistic("pkt4-received");
        discoverReceived = r.statistic("pkt4-discover-received");
        requestReceived = r.statistic("pkt4-request-received");
        releaseReceived = r.statistic("pkt4-release-received");
        declineReceived = r.statistic("pkt4-decline-received");
        informReceived = r.statistic("pkt4-inform-received");
        unknownReceived = r.statistic("pkt4-unknown-received");
        offerReceived = r.statistic("pkt4-offer-received");
        ackReceived = r.statistic("pkt4-ack-received");
        nakReceived = r.statistic("pkt4-nak-received");
        sent = r.statistic("pkt4-sent");
        offerSent = r.statistic("pkt4-offer-sent");
        ackSent = r.statistic("pkt4-ack-sent");
        nakSent = r.statistic("pkt4-nak-sent");
        parseFailed = r.statistic("pkt4-parse-failed");
        receiveDrop = r.statistic("pkt4-receive-drop");
        cumulativeAssigned = r.statistic("cumulative-assigned-addresses");
        declined = r.statistic("declined-addresses");
        reclaimedDeclined = r.statistic("reclaimed-declined-addresses");
        reclaimed = r.statistic("reclaimed-leases");
        allocationFail = r.statistic("v4-allocation-fail");
        allocationFailSubnet = r.statistic("v4-allocation-fail-subnet");
        allocationFailSharedNetwork = r.statistic("v4-allocation-fail-shared-network");
        allocationFailNoPools = r.statistic("v4-allocation-fail-no-pools");
        allocationFailClasses = r.statistic("v4-allocation-fail-classes");
        reservationConflicts = r.statistic("v4-reservation-conflicts");
        leaseReuses = r.statistic("v4-lease-reuses");
    }

    // ---- packets ----

    /** A packet that could not be decoded. */
    public void countParseFailure() {
        received.increment();
        parseFailed.increment();
        receiveDrop.increment();
    }

    /** A query by its message type (a BOOTP query, without one, counts as unknown). */
    void countReceived(DhcpMessage q) {
        DhcpMessageType t = q.messageType();
        int v = t == null ? 0 : t.intValue();
        switch (v) {
            case 1 -> discoverReceived.increment();
            case 2 -> offerReceived.increment();
            case 3 -> requestReceived.increment();
            case 4 -> declineReceived.increment();
            case 5 -> ackReceived.increment();
            case 6 -> nakReceived.increment();
            case 7 -> releaseReceived.increment();
            case 8 -> informReceived.increment();
            default -> unknownReceived.increment();
        }
    }

    /** A reply sent, and its type when it is an OFFER, ACK or NAK. */
    public void countSent(DhcpMessage reply) {
        sent.increment();
        DhcpMessageType t = reply.messageType();
        if (t == null) {
            return;
        }
        switch (t.intValue()) {
            case 2 -> offerSent.increment();
            case 5 -> ackSent.increment();
            case 6 -> nakSent.increment();
            default -> {
            }
        }
    }

    /** A drop decided outside the engine. */
    public void countDrop(DropReason reason) {
        if (reason.countsAsReceiveDrop()) {
            receiveDrop.increment();
        }
    }

    // ---- subnets ----

    /**
     * Creates every subnet's statistics for a new configuration and sets the address counts from the store (the
     * caller has removed the previous configuration's).
     */
    void recount(EngineRuntime r, LeaseStore store) {
        long declinedTotal = 0;
        for (SubnetRuntime s : r.subnets) {
            for (String name : SUBNET_STATS) {
                subnet(s.id(), name);
            }
            subnet(s.id(), "total-addresses").set(s.subnet().poolCapacity());
            LeaseStore.SubnetLeaseCounts c = store.countBySubnet(s.id());
            subnet(s.id(), "assigned-addresses").set(c.assigned());
            subnet(s.id(), "declined-addresses").set(c.declined());
            declinedTotal += c.declined();
        }
        declined.set(declinedTotal);
    }

    /**
     * Per-subnet statistics resolved once per subnet and name, not per packet: the registry is keyed by Kea's full
     * name ({@code subnet[1].assigned-addresses}), which would mean building a string and hashing it on every
     * update. The cache holds one row per subnet id with a slot per {@link #SUBNET_STATS} name; a slot is looked
     * up again when its statistic was removed from the registry (statistic-remove, reconfiguration), so the next
     * update re-creates it there exactly as an uncached lookup would.
     */
    private final ConcurrentHashMap<Long, Statistic[]> subnetRows = new ConcurrentHashMap<>();

    Statistic subnet(long id, String name) {
        int slot = slot(name);
        if (slot < 0) {
            return registry.statistic(StatisticsRegistry.subnetStat(id, name));
        }
        Statistic[] row = subnetRows.computeIfAbsent(id, k -> new Statistic[SUBNET_STATS.length]);
        Statistic s = row[slot];
        if (s == null || s.isRemoved()) {
            s = registry.statistic(StatisticsRegistry.subnetStat(id, name));
            row[slot] = s; // a benign race: every writer stores the registry's current statistic
        }
        return s;
    }

    private static int slot(String name) {
        for (int i = 0; i < SUBNET_STATS.length; i++) {
            if (SUBNET_STATS[i] == name) { // callers pass the literals; equal literals are the same instance
                return i;
            }
        }
        for (int i = 0; i < SUBNET_STATS.length; i++) {
            if (SUBNET_STATS[i].equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Per-subnet statistics Kea creates for every subnet. */
    static final String[] SUBNET_STATS = {"total-addresses", "assigned-addresses", "cumulative-assigned-addresses",
        "declined-addresses", "reclaimed-declined-addresses", "reclaimed-leases", "v4-allocation-fail",
        "v4-allocation-fail-shared-network", "v4-allocation-fail-subnet", "v4-allocation-fail-no-pools",
        "v4-allocation-fail-classes", "v4-reservation-conflicts", "v4-lease-reuses"};
}
