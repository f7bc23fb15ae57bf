package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;

import java.nio.charset.StandardCharsets;

/** {@link Lease4} to {@link LeaseRow}, validating what Kea's lease file could not store. */
public final class LeaseCodec {
    private LeaseCodec() {
    }

    /**
     * Encodes a lease.
     *
     * @throws IllegalArgumentException naming the lease when a field cannot be stored
     */
    public static LeaseRow encode(Lease4 lease) {
        if (lease.poolId() < 0 || lease.poolId() > 0xffffffffL) {
            throw new IllegalArgumentException("lease " + Ipv4.toString(lease.address()) + ": pool id out of range 0.."
                    + 0xffffffffL + ": " + lease.poolId());
        }
        LeaseRow r = new LeaseRow();
        r.address = lease.address();
        r.valid = (int) lease.validLifetime();
        r.cltt = lease.cltt();
        r.subnet = (int) lease.subnetId();
        r.pool = (int) lease.poolId();
        r.state = lease.state();
        HardwareAddress hw = lease.hardwareAddress();
        byte[] hwBytes = hw == null ? null : hw.toByteArray();
        ClientId cid = lease.clientId();
        byte[] cidBytes = cid == null ? null : cid.toByteArray();
        byte[] host = lease.hostname().getBytes(StandardCharsets.UTF_8);
        byte[] context = null;
        if (lease.userContext() != null) {
            context = lease.userContext().getBytes(StandardCharsets.UTF_8);
            String problem = JsonMapCheck.problem(context, 0, context.length);
            if (problem != null) {
                throw new IllegalArgumentException("lease " + Ipv4.toString(lease.address()) + ": user context "
                        + problem + ": " + lease.userContext());
            }
        }
        int fqdn = (lease.fqdnForward() ? LeaseBlob.FQDN_FWD : 0) | (lease.fqdnReverse() ? LeaseBlob.FQDN_REV : 0);
        r.blob = LeaseBlob.build(fqdn, hw == null ? 0 : hw.htype(), hwBytes, hwBytes == null ? 0 : hwBytes.length,
                cidBytes, cidBytes == null ? 0 : cidBytes.length, host, host.length,
                context, context == null ? 0 : context.length);
        return r;
    }
}
