package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;

/**
 * A thread's rows for encoding the leases of one write: the new lease and, for a compare-and-set, the expected one,
 * with buffers for their keys. A row is rendered to the journal and copied into the table inside the write, so
 * nothing keeps it afterwards; a write made from inside another on the same thread (none is) takes fresh rows.
 * {@link #take} then {@link #release} around each write.
 */
public final class WriteRows {
    private static final ThreadLocal<WriteRows> ROWS = ThreadLocal.withInitial(WriteRows::new);

    private final LeaseRow next = new LeaseRow();
    private final LeaseRow expected = new LeaseRow();
    private final byte[] hw = new byte[HardwareAddress.MAX_LENGTH];
    private final byte[] cid = new byte[ClientId.MAX_LENGTH];
    private boolean busy;

    /** This thread's rows, or new ones while they are in use. */
    public static WriteRows take() {
        WriteRows w = ROWS.get();
        if (w.busy) {
            w = new WriteRows();
        }
        w.busy = true;
        return w;
    }

    public void release() {
        busy = false;
    }

    /** The lease to write, encoded into the reused row ({@link LeaseCodec#encode(Lease4, LeaseRow, byte[], byte[])}). */
    public LeaseRow encodeNext(Lease4 lease) {
        return LeaseCodec.encode(lease, next, hw, cid);
    }

    /** The lease a compare-and-set expects, encoded into the other reused row. */
    public LeaseRow encodeExpected(Lease4 lease) {
        return LeaseCodec.encode(lease, expected, hw, cid);
    }
}
