package io.leasehold.dhcp.engine;

import io.leasehold.dhcp.codec.DhcpMessage;
import io.leasehold.dhcp.config.Subnet4;
import io.leasehold.dhcp.lease.Lease4;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Where the HA coordinator (or a user's extension) takes part in query processing, at Kea's hook points:
 * classification ({@code buffer4_receive}: add {@code HA_<scope>} classes), the served-scope decision after subnet
 * selection ({@code subnet4_select}), and {@code leases4_committed}, whose future holds the reply back until the
 * partner has acknowledged the lease updates. All methods have do-nothing defaults.
 *
 * <p>The query and the class set are valid during the call only: the server decodes each query into its thread's
 * {@link io.leasehold.dhcp.codec.MessageSlot} and reuses the set for the next query. To keep the query, keep
 * {@link DhcpMessage#owned()}; to keep the classes, copy them. ({@link #leasesCommitted} is always given an owned
 * query, since its future may complete later.)
 */
public interface QueryHook {
    /** A hook that does nothing. */
    QueryHook NONE = new QueryHook() {
    };

    /**
     * Adds classes to a query before the configured classes are evaluated. {@code classes} already holds the built-in
     * ones ({@code ALL}, {@code VENDOR_CLASS_...}, {@code BOOTP}) in assignment order; add to it, do not remove, and
     * no {@code null} names.
     */
    default void classify(DhcpMessage query, Set<String> classes) {
    }

    /**
     * Whether this server answers the query, once its subnet is known ({@code null}: none was selected). Returning
     * false drops it with {@link DropReason#NOT_IN_SERVED_SCOPE}.
     */
    default boolean accept(DhcpMessage query, Subnet4 subnet, Set<String> classes) {
        return true;
    }

    /**
     * Leases were written for the query; the reply waits for the returned stage. Completing with {@code false}
     * drops the reply ({@link DropReason#LEASE_UPDATE_FAILED}): the client retries.
     */
    default CompletionStage<Boolean> leasesCommitted(DhcpMessage query, List<Lease4> updated,
                                                     List<Lease4> deleted) {
        return CompletableFuture.completedFuture(Boolean.TRUE);
    }
}
