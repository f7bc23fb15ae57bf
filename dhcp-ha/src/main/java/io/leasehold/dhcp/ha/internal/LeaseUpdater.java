package io.leasehold.dhcp.ha.internal;

import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaRole;
import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.HaState;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sends the lease changes of one DHCP transaction to the partner and the backups (Kea's {@code leases4_committed}
 * callout): {@code lease4-del} for deleted leases first, then {@code lease4-update} for the others, one request per
 * lease; to a peer that announced {@value LeaseBatchCommand#NAME} the same commands go in batches
 * ({@link UpdateBatcher}), with the same outcome per lease. Whether the partner gets them depends on the state
 * (Kea's rules: hot-standby, load-balancing and partner-in-maintenance send, communication-recovery queues, any
 * other state counts an unsent update); backups always get them. The returned future completes with false when a
 * counted update failed (the reply is dropped); it never blocks the caller.
 */
final class LeaseUpdater {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");
    private static final CompletableFuture<Boolean> DONE = CompletableFuture.completedFuture(Boolean.TRUE);
    /** System property that turns batched updates off when set to {@code false} (A/B measurements). */
    static final String BATCH_PROPERTY = "leasehold.ha.batchUpdates";

    /** What the updater needs from its coordinator. */
    interface Owner {
        HaState state();

        /** Queues the transaction under the coordinator's lock if still in communication-recovery. */
        boolean queueIfRecovering(List<Lease4> updated, List<Lease4> deleted);

        /** A counted update to the partner failed (not a conflict): mark it unavailable. */
        void partnerUpdateFailed();

        /** Runs the state machine soon. */
        void requestRun();

        long nowNanos();
    }

    private final Relationship rel;
    private final Owner owner;
    private final PeerClient partner;
    private final List<Map.Entry<HaPeer, PeerClient>> backups;
    private final RejectedUpdates rejected;
    private final AtomicLong unsent = new AtomicLong();
    private final Map<PeerClient, UpdateBatcher> batchers = new IdentityHashMap<>();

    LeaseUpdater(Relationship rel, Owner owner, PeerClient partner, List<Map.Entry<HaPeer, PeerClient>> backups,
                 RejectedUpdates rejected) {
        this.rel = rel;
        this.owner = owner;
        this.partner = partner;
        this.backups = List.copyOf(backups);
        this.rejected = rejected;
        boolean enabled = !"false".equals(System.getProperty(BATCH_PROPERTY));
        if (partner != null) {
            batchers.put(partner, new UpdateBatcher(partner, rel.name(), rel.partner().orElseThrow().name(),
                    owner::nowNanos, enabled));
        }
        for (Map.Entry<HaPeer, PeerClient> b : this.backups) {
            batchers.put(b.getValue(), new UpdateBatcher(b.getValue(), rel.name(), b.getKey().name(),
                    owner::nowNanos, enabled));
        }
    }

    /** Transactions whose updates were not sent to the active partner since start ({@code unsent-update-count}). */
    long unsentUpdateCount() {
        return unsent.get();
    }

    CompletableFuture<Boolean> leasesCommitted(List<Lease4> updated, List<Lease4> deleted) {
        if (!rel.config().sendLeaseUpdates() || rel.role() == HaRole.BACKUP
                || (updated.isEmpty() && deleted.isEmpty())) {
            return DONE;
        }
        List<CompletableFuture<Boolean>> counted = new ArrayList<>(2);
        if (partner != null) {
            HaState s = owner.state();
            boolean queued = s == HaState.COMMUNICATION_RECOVERY && owner.queueIfRecovering(updated, deleted);
            if (!queued) {
                s = owner.state();
                if (s == HaState.HOT_STANDBY || s == HaState.LOAD_BALANCING || s == HaState.PARTNER_IN_MAINTENANCE) {
                    counted.add(sendAll(partner, rel.partner().orElseThrow().name(), updated, deleted, true));
                } else {
                    // Kea: once per transaction, and the count never returns to 0 (it wraps to 1).
                    unsent.updateAndGet(v -> v == Long.MAX_VALUE ? 1 : v + 1);
                }
            }
        }
        for (Map.Entry<HaPeer, PeerClient> b : backups) {
            CompletableFuture<Boolean> f = sendAll(b.getValue(), b.getKey().name(), updated, deleted, false);
            if (rel.config().waitBackupAck()) {
                counted.add(f);
            }
        }
        if (counted.isEmpty()) {
            return DONE;
        }
        if (counted.size() == 1) {
            return counted.get(0);
        }
        return CompletableFuture.allOf(counted.toArray(new CompletableFuture[0]))
                .thenApply(v -> counted.stream().allMatch(CompletableFuture::join));
    }

    /** Sends one backlog entry (replay); true on success. */
    CompletableFuture<Boolean> replay(UpdateBacklog.Entry e) {
        boolean add = e.op() == UpdateBacklog.Op.ADD;
        return send(partner, rel.partner().orElseThrow().name(), e.lease(), add, true);
    }

    private CompletableFuture<Boolean> sendAll(PeerClient client, String peer, List<Lease4> updated,
                                               List<Lease4> deleted, boolean isPartner) {
        UpdateBatcher batcher = batchers.get(client);
        if (batcher == null || !batcher.usable()) {
            return sendSingly(client, peer, updated, deleted, isPartner);
        }
        List<UpdateBatcher.Op> ops = new ArrayList<>(deleted.size() + updated.size());
        deleted.forEach(l -> ops.add(new UpdateBatcher.Op(PeerCommands.LEASE_DELETE, PeerCommands.leaseDelete(l))));
        updated.forEach(l -> ops.add(new UpdateBatcher.Op(PeerCommands.LEASE_UPDATE, PeerCommands.leaseUpdate(l))));
        return batcher.submit(ops).handle((results, e) -> {
            Throwable cause = e instanceof CompletionException && e.getCause() != null
                    ? e.getCause() : e;
            if (cause instanceof UpdateBatcher.Unsupported) {
                return null; // the peer no longer has the extension: singly, below
            }
            boolean ok = true;
            int i = 0;
            for (Lease4 l : deleted) {
                ok &= outcome(batcher, peer, PeerCommands.LEASE_DELETE, l, results == null ? null : results.get(i),
                        cause, isPartner);
                i++;
            }
            for (Lease4 l : updated) {
                ok &= outcome(batcher, peer, PeerCommands.LEASE_UPDATE, l, results == null ? null : results.get(i),
                        cause, isPartner);
                i++;
            }
            return ok;
        }).thenCompose(ok -> ok != null ? CompletableFuture.completedFuture(ok)
                : sendSingly(client, peer, updated, deleted, isPartner));
    }

    private CompletableFuture<Boolean> sendSingly(PeerClient client, String peer, List<Lease4> updated,
                                                  List<Lease4> deleted, boolean isPartner) {
        CompletableFuture<Boolean> deletions = all(deleted, l -> send(client, peer, l, false, isPartner));
        if (updated.isEmpty()) {
            return deletions;
        }
        if (deleted.isEmpty()) {
            return all(updated, l -> send(client, peer, l, true, isPartner));
        }
        return deletions.thenCompose(ok -> all(updated, l -> send(client, peer, l, true, isPartner))
                .thenApply(ok2 -> ok && ok2));
    }

    private static CompletableFuture<Boolean> all(List<Lease4> leases,
                                                  java.util.function.Function<Lease4, CompletableFuture<Boolean>> f) {
        if (leases.isEmpty()) {
            return DONE;
        }
        if (leases.size() == 1) {
            return f.apply(leases.get(0));
        }
        List<CompletableFuture<Boolean>> fs = new ArrayList<>(leases.size());
        leases.forEach(l -> fs.add(f.apply(l)));
        return CompletableFuture.allOf(fs.toArray(new CompletableFuture[0]))
                .thenApply(v -> fs.stream().allMatch(CompletableFuture::join));
    }

    private CompletableFuture<Boolean> send(PeerClient client, String peer, Lease4 lease, boolean add,
                                            boolean isPartner) {
        String command = add ? PeerCommands.LEASE_UPDATE : PeerCommands.LEASE_DELETE;
        Map<String, Object> args = add ? PeerCommands.leaseUpdate(lease) : PeerCommands.leaseDelete(lease);
        CompletableFuture<ControlResult> sent;
        try {
            sent = client.send(command, args, PeerCommands.TIMEOUT_MILLIS);
        } catch (RuntimeException e) {
            sent = CompletableFuture.failedFuture(e);
        }
        UpdateBatcher batcher = batchers.get(client);
        return sent.handle((r, e) -> outcome(batcher, peer, command, lease, r, e, isPartner));
    }

    private boolean outcome(UpdateBatcher batcher, String peer, String command, Lease4 lease, ControlResult r,
                            Throwable e, boolean isPartner) {
        if (e == null && PeerCommands.isSuccess(r)) {
            if (isPartner) {
                rejected.succeeded(lease);
            }
            return true;
        }
        String ip = Ipv4.toString(lease.address());
        if (e == null && r.result() == ControlResult.CONFLICT) {
            LOG.warn("LH_HA_LEASE_UPDATE_REJECTED {}: {} for {} rejected by {} (result 4: {}); the client's reply is "
                    + "dropped", rel.name(), command, ip, peer, r.text());
            if (isPartner) {
                rejected.record(lease, owner.nowNanos());
                owner.requestRun();
            }
            return false;
        }
        if (e != null && batcher != null) {
            batcher.forget(); // the peer may come back as another server: ask what it supports again
        }
        LOG.warn("LH_HA_LEASE_UPDATE_FAILED {}: {} for {} to {} failed: {}{}", rel.name(), command, ip, peer,
                LeaseSynchronizer.describe(r, e), isPartner ? "; the client's reply is dropped" : "");
        if (isPartner) {
            owner.partnerUpdateFailed();
        }
        return false;
    }
}
