package io.leasehold.dhcp.control;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseStore;

import java.util.Collection;

/** What the lease commands need from the server. */
public interface LeaseCommandContext {
    LeaseStore store();

    long nowSeconds();

    /** See {@link LeaseJson.SubnetResolver}. */
    long resolveSubnet(long requestedSubnetId, int address);

    /** The valid lifetime a subnet gives by default. */
    long defaultValidLifetime(long subnetId);

    /** Ids of the configured subnets. */
    Collection<Long> subnetIds();

    /** Whether Dynamic DNS updates are enabled ({@code dhcp-ddns.enable-updates}), for lease4-resend-ddns. */
    default boolean ddnsEnabled() {
        return false;
    }

    /** Sends an add request for the lease's DNS records (lease4-resend-ddns). */
    default void resendDdns(Lease4 lease) {
    }

    /** Called after a command added, replaced or deleted a lease (statistics, allocator, HA). */
    default void leaseChanged(Lease4 before, Lease4 after) {
    }

    /**
     * Runs one lease change, the store step and its {@link #leaseChanged} call, so that no reconfiguration recounts
     * the server's statistics between the two (which would count the change twice or not at all). Runs it as it
     * is by default.
     */
    default <T> T changing(java.util.function.Supplier<T> change) {
        return change.get();
    }
}
