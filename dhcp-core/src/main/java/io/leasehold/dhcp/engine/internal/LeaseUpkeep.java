package io.leasehold.dhcp.engine.internal;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;
import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Lease changes outside packet processing, with the allocators and statistics kept in step: expiry reclamation
 * (Kea's {@code leases-reclaim} and the periodic run, which also removes the lease's DNS records), the flush of expired-reclaimed leases, and changes made by a
 * command or the HA partner. Each step reads the engine's compiled configuration in force at that moment.
 */
public final class LeaseUpkeep {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.engine");

    private final LeaseStore store;
    private final Clock clock;
    private final EngineStats stats;
    private final OfferTable offers;
    private final Supplier<EngineRuntime> runtime;
    private final NameChanges names;
    private final ChangeGate gate;
    private volatile Consumer<Lease4> reclaimListener = l -> { };

    LeaseUpkeep(LeaseStore store, Clock clock, EngineStats stats, OfferTable offers, Supplier<EngineRuntime> runtime,
            NameChanges names, ChangeGate gate) {
        this.gate = gate;
        this.names = names;
        this.store = store;
        this.clock = clock;
        this.stats = stats;
        this.offers = offers;
        this.runtime = runtime;
    }

    /** Receives every lease reclamation reclaims (before the change), e.g. for the embedder's listener. */
    public void reclaimListener(Consumer<Lease4> listener) {
        this.reclaimListener = listener;
    }

    /** Returns a lease's address to its subnet's allocator (found by id, else by address). */
    void freeAddress(Lease4 l) {
        EngineRuntime rt = runtime.get();
        SubnetRuntime s = rt.subnet(l.subnetId());
        if (s == null) {
            s = rt.subnetContaining(l.address());
        }
        if (s != null) {
            s.allocator.markFree(l.address());
        }
    }

    /** A lease changed through a command or the HA partner: keep allocators and statistics in step. */
    public void leaseChanged(Lease4 before, Lease4 after) {
        EngineRuntime r = runtime.get();
        if (before != null && EngineRuntime.holdsAddress(before)) {
            stats.subnet(before.subnetId(), "assigned-addresses").decrement();
            if (before.state() == LeaseState.DECLINED) {
                stats.declined.decrement();
                stats.subnet(before.subnetId(), "declined-addresses").decrement();
            }
            if (after == null || !EngineRuntime.holdsAddress(after)) {
                freeAddress(before);
            }
        }
        if (after != null && EngineRuntime.holdsAddress(after)) {
            stats.subnet(after.subnetId(), "assigned-addresses").increment();
            if (after.state() == LeaseState.DECLINED) {
                stats.declined.increment();
                stats.subnet(after.subnetId(), "declined-addresses").increment();
            }
            SubnetRuntime s = r.subnet(after.subnetId());
            if (s == null) {
                s = r.subnetContaining(after.address());
            }
            if (s != null) {
                s.allocator.markUsed(after.address());
            }
        }
    }

    /**
     * Reclaims up to {@code max} expired leases (0 = all): declined ones are deleted (their address returns), others
     * deleted when {@code remove}, else kept as expired-reclaimed with the host name cleared.
     */
    public int reclaimExpired(boolean remove, int max) {
        long now = clock.currentTimeSeconds();
        int limit = max <= 0 ? Integer.MAX_VALUE : max;
        int done = 0;
        while (done < limit) {
            List<Lease4> batch = store.getExpired(now, Math.min(1000, limit - done));
            if (batch.isEmpty()) {
                break;
            }
            int before = done;
            for (Lease4 l : batch) {
                if (!reclaim(l, remove)) {
                    continue;
                }
                done++;
                freeAddress(l);
                names.removed(l);
                try {
                    reclaimListener.accept(l);
                } catch (RuntimeException e) {
                    LOG.warn("LH_LISTENER_FAILED lease expiry listener failed", e);
                }
            }
            if (done == before) {
                break;
            }
        }
        offers.purgeExpired();
        return done;
    }

    /** One lease's reclamation in the store and in the statistics, with no recount between them (ChangeGate). */
    private boolean reclaim(Lease4 l, boolean remove) {
        long stamp = gate.enter();
        try {
            boolean ok;
            if (l.state() == LeaseState.DECLINED || remove) {
                ok = store.delete(l);
            } else {
                ok = store.replace(l, l.toBuilder().state(LeaseState.EXPIRED_RECLAIMED).hostname("")
                        .fqdnForward(false).fqdnReverse(false).build());
            }
            if (!ok) {
                return false;
            }
            stats.subnet(l.subnetId(), "assigned-addresses").decrement();
            if (l.state() == LeaseState.DECLINED) {
                stats.declined.decrement();
                stats.subnet(l.subnetId(), "declined-addresses").decrement();
                stats.reclaimedDeclined.increment();
                stats.subnet(l.subnetId(), "reclaimed-declined-addresses").increment();
            }
            stats.reclaimed.increment();
            stats.subnet(l.subnetId(), "reclaimed-leases").increment();
            return true;
        } finally {
            gate.leave(stamp);
        }
    }

    /** Deletes expired-reclaimed leases older than {@code holdSeconds} (Kea's flush of reclaimed leases). */
    public int flushReclaimed(long holdSeconds) {
        long now = clock.currentTimeSeconds();
        int n = 0;
        int after = 0;
        while (true) {
            List<Lease4> page = store.getPage(after, 10_000);
            for (Lease4 l : page) {
                if (l.state() == LeaseState.EXPIRED_RECLAIMED && l.expire() + holdSeconds <= now && store.delete(l)) {
                    n++;
                }
            }
            if (page.size() < 10_000) {
                return n;
            }
            after = page.get(page.size() - 1).address();
        }
    }
}
