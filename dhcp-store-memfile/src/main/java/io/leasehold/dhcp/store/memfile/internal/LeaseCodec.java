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
        return encode(lease, new LeaseRow(), null, null);
    }

    private static final byte[] NO_BYTES = new byte[0];

    /**
     * Encodes a lease into a reused row (its blob in the row's own buffer), the keys copied through the given
     * buffers ({@link HardwareAddress#MAX_LENGTH} and {@link ClientId#MAX_LENGTH} bytes) rather than into new
     * arrays; {@code null} buffers take copies. The row is valid until it is encoded into again.
     *
     * @throws IllegalArgumentException naming the lease when a field cannot be stored
     */
    public static LeaseRow encode(Lease4 lease, LeaseRow r, byte[] hwBuffer, byte[] cidBuffer) {
        if (lease.poolId() < 0 || lease.poolId() > 0xffffffffL) {
            throw new IllegalArgumentException("lease " + Ipv4.toString(lease.address()) + ": pool id out of range 0.."
                    + 0xffffffffL + ": " + lease.poolId());
        }
        r.address = lease.address();
        r.valid = (int) lease.validLifetime();
        r.cltt = lease.cltt();
        r.subnet = (int) lease.subnetId();
        r.pool = (int) lease.poolId();
        r.state = lease.state();
        HardwareAddress hw = lease.hardwareAddress();
        byte[] hwBytes = hw == null ? null : hwBuffer == null ? hw.toByteArray() : copy(hw, hwBuffer);
        ClientId cid = lease.clientId();
        byte[] cidBytes = cid == null ? null : cidBuffer == null ? cid.toByteArray() : copy(cid, cidBuffer);
        byte[] host = lease.hostname().isEmpty() ? NO_BYTES : lease.hostname().getBytes(StandardCharsets.UTF_8);
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
        int hwLen = hw == null ? -1 : hw.length();
        int cidLen = cid == null ? -1 : cid.length();
        int contextLen = context == null ? -1 : context.length;
        int size = LeaseBlob.size(hwLen, cidLen, host.length, contextLen);
        if (size > BlobArena.MAX_BLOB) {
            throw new IllegalArgumentException("lease " + Ipv4.toString(lease.address()) + ": host name and user"
                    + " context together exceed " + BlobArena.MAX_BLOB + " bytes");
        }
        byte[] blob = r.scratch(size);
        LeaseBlob.write(blob, 0, fqdn, hw == null ? 0 : hw.htype(), hwBytes, Math.max(hwLen, 0), cidBytes,
                Math.max(cidLen, 0), host, host.length, context, Math.max(contextLen, 0));
        return r;
    }

    private static byte[] copy(HardwareAddress hw, byte[] into) {
        for (int i = 0; i < hw.length(); i++) {
            into[i] = hw.byteAt(i);
        }
        return into;
    }

    private static byte[] copy(ClientId cid, byte[] into) {
        for (int i = 0; i < cid.length(); i++) {
            into[i] = cid.byteAt(i);
        }
        return into;
    }
}
