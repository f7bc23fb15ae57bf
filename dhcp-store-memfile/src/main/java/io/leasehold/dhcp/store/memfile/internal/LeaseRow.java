package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * One lease as the table and the lease file see it: primitive columns plus a {@link LeaseBlob} at
 * {@code blob[blobBase, blobBase + blobLength)}. Unsigned 32-bit values (valid lifetime, subnet id, pool id, state)
 * are kept as {@code int} bit patterns. A mutable holder: a row read from a table points into the table's storage and
 * is valid until the table changes.
 */
public final class LeaseRow {
    public int address;
    public int valid;
    public long cltt;
    public int subnet;
    public int pool;
    public int state;
    public byte[] blob;
    public int blobBase;
    public int blobLength;
    private byte[] scratch;

    public long expire() {
        return cltt + Integer.toUnsignedLong(valid);
    }

    /** Points the blob at this row's own reusable buffer of at least {@code size} bytes, and returns it. */
    byte[] scratch(int size) {
        if (scratch == null || scratch.length < size) {
            scratch = new byte[Math.max(size, 64)];
        }
        blob = scratch;
        blobBase = 0;
        blobLength = size;
        return scratch;
    }

    /** Same lease (every field, hence {@link Lease4#equals}) as the blob range given. */
    boolean sameBlob(byte[] b, int base, int length) {
        return length == blobLength && Arrays.equals(blob, blobBase, blobBase + blobLength, b, base, base + length);
    }

    /** Rebuilds the immutable lease. */
    public Lease4 toLease() {
        return toLease(address, valid, cltt, subnet, pool, state, blob, blobBase);
    }

    static Lease4 toLease(int address, int valid, long cltt, int subnet, int pool, int state, byte[] b, int base) {
        Lease4.Builder l = Lease4.builder(address)
                .validLifetime(Integer.toUnsignedLong(valid))
                .cltt(cltt)
                .subnetId(Integer.toUnsignedLong(subnet))
                .poolId(Integer.toUnsignedLong(pool))
                .state(state)
                .fqdnForward(LeaseBlob.has(b, base, LeaseBlob.FQDN_FWD))
                .fqdnReverse(LeaseBlob.has(b, base, LeaseBlob.FQDN_REV));
        if (LeaseBlob.has(b, base, LeaseBlob.HW)) {
            int start = LeaseBlob.hwStart(base);
            l.hardwareAddress(HardwareAddress.of(LeaseBlob.htype(b, base),
                    Arrays.copyOfRange(b, start, start + LeaseBlob.hwLength(b, base))));
        }
        if (LeaseBlob.has(b, base, LeaseBlob.CID)) {
            int start = LeaseBlob.cidStart(b, base);
            l.clientId(ClientId.of(Arrays.copyOfRange(b, start, start + LeaseBlob.cidLength(b, base))));
        }
        int hostLen = LeaseBlob.hostLength(b, base);
        if (hostLen > 0) {
            l.hostname(new String(b, LeaseBlob.hostStart(b, base), hostLen, StandardCharsets.UTF_8));
        }
        if (LeaseBlob.has(b, base, LeaseBlob.CONTEXT)) {
            l.userContext(new String(b, LeaseBlob.contextStart(b, base), LeaseBlob.contextLength(b, base),
                    StandardCharsets.UTF_8));
        }
        return l.build();
    }
}
