package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.control.Arguments;
import io.leasehold.dhcp.control.CommandException;
import io.leasehold.dhcp.control.LeaseCommands;
import io.leasehold.dhcp.control.LeaseJson;
import io.leasehold.dhcp.engine.DhcpEngine;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Collections;
import java.util.ConcurrentModificationException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Stores the pages of one lease synchronisation ({@link LeaseSynchronizer}): each fetched lease is checked and
 * parsed, the leases this server keeps ({@code owned}) are stored with one {@link LeaseCommands#updateLeasesIfNewer}
 * per page, and a page the store refuses as a batch is stored one lease at a time. Used on the synchronisation's
 * executor only.
 */
final class SyncPageStore {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");
    /** What a fetched lease must carry. */
    private static final List<String> REQUIRED = List.of("ip-address", "subnet-id", "hw-address", "cltt", "valid-lft");

    /** Leases of a page stored, and skipped (invalid, not ours, not newer, refused). */
    record Counts(long applied, long skipped) {
    }

    private final String relName;
    private final String sourceName;
    private final LeaseCommands leases;
    private final DhcpEngine engine;
    private final Clock clock;
    private final Predicate<Lease4> owned;
    /** The configured subnet ids, read once per page. */
    private Set<Long> subnetIds = Set.of();

    SyncPageStore(String relName, String sourceName, LeaseCommands leases, DhcpEngine engine, Clock clock,
                  Predicate<Lease4> owned) {
        this.relName = relName;
        this.sourceName = sourceName;
        this.leases = leases;
        this.engine = engine;
        this.clock = clock;
        this.owned = owned;
    }

    /**
     * Applies a page's leases, in order, on this thread: each is parsed and checked, then the valid ones are
     * stored with one {@link LeaseCommands#updateLeasesIfNewer} (the memfile store writes a run of them with one
     * write of its lease file). Should that refuse the batch (a lease the store cannot hold), the page's leases
     * are stored one by one, so only the bad one is skipped and logged.
     */
    Counts store(List<?> page) {
        long applied = 0;
        long skipped = 0;
        // once per page, not per lease (the engine lists its subnets afresh on each call)
        subnetIds = Set.copyOf(engine.subnetIds());
        List<Lease4> valid = new ArrayList<>(page.size());
        for (Object o : page) {
            Lease4 l = parse(o);
            if (l != null) {
                valid.add(l);
            }
        }
        skipped += page.size() - valid.size();
        // the leases the batch stored (by identity): after a failure part-way only the others are tried again
        Set<Lease4> storedLeases = Collections.newSetFromMap(new IdentityHashMap<>());
        try {
            leases.updateLeasesIfNewer(valid, storedLeases::add);
        } catch (IllegalArgumentException | ConcurrentModificationException | CommandException ex) {
            LOG.debug("LH_HA_SYNC_PAGE_ONE_BY_ONE {}: the page's leases are stored one at a time: {}", relName,
                    ex.toString());
            applied += storedLeases.size();
            for (Lease4 l : valid) {
                if (storedLeases.contains(l)) {
                    continue;
                }
                if (storeOne(l)) {
                    applied++;
                } else {
                    skipped++;
                }
            }
            return new Counts(applied, skipped);
        }
        applied += storedLeases.size();
        skipped += valid.size() - storedLeases.size();
        if (LOG.isDebugEnabled()) {
            for (Lease4 l : valid) {
                if (!storedLeases.contains(l)) {
                    LOG.debug("LH_HA_SYNC_STALE_LEASE_SKIP {}: local lease {} is not older than the fetched one",
                            relName, Ipv4.toString(l.address()));
                }
            }
        }
        return new Counts(applied, skipped);
    }

    /** The lease a page entry describes, or {@code null} (logged) when it is invalid or not ours to store. */
    @SuppressWarnings("unchecked")
    Lease4 parse(Object o) {
        if (!(o instanceof Map<?, ?> raw)) {
            return null;
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        for (String k : REQUIRED) {
            if (!m.containsKey(k)) {
                LOG.warn("LH_HA_SYNC_LEASE_INVALID {}: lease from {} lacks '{}', skipped: {}", relName,
                        sourceName, k, m);
                return null;
            }
        }
        Lease4 fetchedLease;
        try {
            fetchedLease = LeaseJson.fromArguments(new Arguments(PeerCommands.GET_PAGE, m), this::subnet,
                    engine::defaultValidLifetime, clock.currentTimeSeconds());
        } catch (CommandException | IllegalArgumentException ex) {
            LOG.warn("LH_HA_SYNC_LEASE_INVALID {}: lease {} from {} skipped: {}", relName, m.get("ip-address"),
                    sourceName, ex.getMessage());
            return null;
        }
        return owned.test(fetchedLease) ? fetchedLease : null;
    }

    /** Stores one lease unless the local one is not older; whether it was stored. */
    boolean storeOne(Lease4 fetchedLease) {
        try {
            // compare and write in one compare-and-set: a lease update from the peer that lands meanwhile (a
            // live synchronisation takes them while it pages) is never overwritten by the page's older copy
            if (leases.updateLeaseIfNewer(fetchedLease).isEmpty()) {
                LOG.debug("LH_HA_SYNC_STALE_LEASE_SKIP {}: local lease {} is not older than the fetched one",
                        relName, Ipv4.toString(fetchedLease.address()));
                return false;
            }
            return true;
        } catch (CommandException | IllegalArgumentException ex) {
            LOG.warn("LH_HA_SYNC_LEASE_FAILED {}: lease {} not applied: {}", relName,
                    Ipv4.toString(fetchedLease.address()), ex.getMessage());
            return false;
        }
    }

    long subnet(long requested, int address) {
        if (requested == 0) {
            long id = engine.subnetFor(address);
            if (id == 0) {
                throw new CommandException("no subnet for address " + Ipv4.toString(address));
            }
            return id;
        }
        if (!subnetIds.contains(requested)) {
            throw new CommandException("subnet-id " + requested + " is not configured here");
        }
        return requested;
    }
}
