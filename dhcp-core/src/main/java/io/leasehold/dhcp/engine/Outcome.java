package io.leasehold.dhcp.engine;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.transport.ReplyDestination;

import java.util.List;

/**
 * The engine's answer to one query: a reply and where to send it, or a drop with its reason; plus the leases the
 * query changed (what an HA partner must be told before the reply leaves).
 *
 * @param reply       the reply, or {@code null} when there is none
 * @param destination where the reply goes, or {@code null}
 * @param dropReason  why there is no reply, or {@code null}
 * @param detail      human-readable detail for logs
 * @param updated     leases added or changed by this query (new state)
 * @param deleted     leases removed by this query
 */
public record Outcome(DhcpMessage reply, ReplyDestination destination, DropReason dropReason, String detail,
                      List<Lease4> updated, List<Lease4> deleted) {

    public Outcome {
        updated = List.copyOf(updated);
        deleted = List.copyOf(deleted);
    }

    public static Outcome reply(DhcpMessage reply, ReplyDestination destination, List<Lease4> updated,
                                List<Lease4> deleted) {
        return new Outcome(reply, destination, null, null, updated, deleted);
    }

    public static Outcome drop(DropReason reason, String detail) {
        return new Outcome(null, null, reason, detail, List.of(), List.of());
    }

    public static Outcome noReply(String detail, List<Lease4> updated, List<Lease4> deleted) {
        return new Outcome(null, null, DropReason.NO_REPLY_BY_PROTOCOL, detail, updated, deleted);
    }

    public boolean hasReply() {
        return reply != null;
    }

    /** Whether the query changed any lease. */
    public boolean changedLeases() {
        return !updated.isEmpty() || !deleted.isEmpty();
    }
}
