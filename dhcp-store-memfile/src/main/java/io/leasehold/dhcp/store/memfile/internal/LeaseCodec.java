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
        int hwLen = hwBytes == null ? -1 : hwBytes.length;
        int cidLen = cidBytes == null ? -1 : cidBytes.length;
        int contextLen = context == null ? -1 : context.length;
        int size = LeaseBlob.size(hwLen, cidLen, host.length, contextLen);
        if (size > BlobArena.MAX_BLOB) {
            throw new IllegalArgumentException("lease " + Ipv4.toString(lease.address()) + ": host name and user"
                    + " context together exceed " + BlobArena.MAX_BLOB + " bytes");
        }
        byte[] blob = new byte[size];
        LeaseBlob.write(blob, 0, fqdn, hw == null ? 0 : hw.htype(), hwBytes, Math.max(hwLen, 0), cidBytes,
                Math.max(cidLen, 0), host, host.length, context, Math.max(contextLen, 0));
        r.blob = blob;
        r.blobLength = size;
        return r;
    }
}
