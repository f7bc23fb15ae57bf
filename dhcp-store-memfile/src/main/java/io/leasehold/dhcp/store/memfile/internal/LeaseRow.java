package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;

import java.util.Arrays;

/**
 * One lease as the table and the lease file see it: primitive columns plus a {@link LeaseBlob}. Unsigned 32-bit
 * values (valid lifetime, subnet id, pool id, state) are kept as {@code int} bit patterns. Mutable scratch holder;
 * the blob it points to is never modified.
 */
public final class LeaseRow {
    public int address;
    public int valid;
    public long cltt;
    public int subnet;
    public int pool;
    public int state;
    public byte[] blob;

    public long validUnsigned() {
        return Integer.toUnsignedLong(valid);
    }

    public long expire() {
        return cltt + Integer.toUnsignedLong(valid);
    }

    /** Same lease (every field, hence {@link Lease4#equals}) as {@code other}. */
    public boolean sameAs(LeaseRow other) {
        return address == other.address && valid == other.valid && cltt == other.cltt && subnet == other.subnet
                && pool == other.pool && state == other.state && Arrays.equals(blob, other.blob);
    }

    public LeaseRow copy() {
        LeaseRow r = new LeaseRow();
        r.address = address;
        r.valid = valid;
        r.cltt = cltt;
        r.subnet = subnet;
        r.pool = pool;
        r.state = state;
        r.blob = blob;
        return r;
    }

    /** Rebuilds the immutable lease. */
    public Lease4 toLease() {
        return toLease(address, valid, cltt, subnet, pool, state, blob);
    }

    static Lease4 toLease(int address, int valid, long cltt, int subnet, int pool, int state, byte[] b) {
        Lease4.Builder l = Lease4.builder(address)
                .validLifetime(Integer.toUnsignedLong(valid))
                .cltt(cltt)
                .subnetId(Integer.toUnsignedLong(subnet))
                .poolId(Integer.toUnsignedLong(pool))
                .state(state)
                .fqdnForward(LeaseBlob.has(b, LeaseBlob.FQDN_FWD))
                .fqdnReverse(LeaseBlob.has(b, LeaseBlob.FQDN_REV));
        if (LeaseBlob.has(b, LeaseBlob.HW)) {
            int start = LeaseBlob.HW_START;
            l.hardwareAddress(HardwareAddress.of(LeaseBlob.htype(b),
                    Arrays.copyOfRange(b, start, start + LeaseBlob.hwLength(b))));
        }
        if (LeaseBlob.has(b, LeaseBlob.CID)) {
            int start = LeaseBlob.cidStart(b);
            l.clientId(ClientId.of(Arrays.copyOfRange(b, start, start + LeaseBlob.cidLength(b))));
        }
        int hostLen = LeaseBlob.hostLength(b);
        if (hostLen > 0) {
            l.hostname(new String(b, LeaseBlob.hostStart(b), hostLen, java.nio.charset.StandardCharsets.UTF_8));
        }
        if (LeaseBlob.has(b, LeaseBlob.CONTEXT)) {
            l.userContext(new String(b, LeaseBlob.contextStart(b), LeaseBlob.contextLength(b),
                    java.nio.charset.StandardCharsets.UTF_8));
        }
        return l.build();
    }
}
