package io.leasehold.dhcp.server;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.engine.DropReason;
import io.leasehold.dhcp.lease.Lease4;

/**
 * Events of a running server, for embedders (metrics, audit, UIs). Every method has a no-op default; calls happen
 * on worker threads and must be quick.
 */
public interface ServerListener {
    /** A listener that ignores everything. */
    ServerListener NONE = new ServerListener() {
    };

    /** A new lease was granted (ACK for a new address). */
    default void leaseGranted(Lease4 lease) {
    }

    /** An existing lease of the client was extended. */
    default void leaseRenewed(Lease4 lease) {
    }

    default void leaseReleased(Lease4 lease) {
    }

    default void leaseDeclined(Lease4 lease) {
    }

    /** An expired lease was reclaimed. */
    default void leaseExpired(Lease4 lease) {
    }

    /** A query got no answer. */
    default void packetDropped(DhcpMessage query, DropReason reason, String detail) {
    }

    /** An HA relationship changed state ({@code relationship} is this server's name in it). */
    default void haStateChanged(String relationship, String from, String to) {
    }
}
