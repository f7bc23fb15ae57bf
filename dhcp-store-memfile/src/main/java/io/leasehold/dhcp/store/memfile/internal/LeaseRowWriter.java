package io.leasehold.dhcp.store.memfile.internal;

/**
 * Renders a {@link LeaseRow} as one line of Kea's 12-column DHCPv4 lease file: lower-case colon hex identities,
 * {@code expire = cltt + valid_lifetime}, escaped host name and user context, {@code \n} terminated.
 */
public final class LeaseRowWriter {
    private LeaseRowWriter() {
    }

    public static void append(ByteSink out, LeaseRow r) {
        byte[] b = r.blob;
        out.dotted(r.address).put(',');
        if (LeaseBlob.has(b, LeaseBlob.HW)) {
            out.colonHex(b, LeaseBlob.HW_START, LeaseBlob.hwLength(b));
        }
        out.put(',');
        if (LeaseBlob.has(b, LeaseBlob.CID)) {
            out.colonHex(b, LeaseBlob.cidStart(b), LeaseBlob.cidLength(b));
        }
        out.put(',').decimal(Integer.toUnsignedLong(r.valid)).put(',').decimal(r.expire()).put(',');
        out.decimal(Integer.toUnsignedLong(r.subnet)).put(',');
        out.put(LeaseBlob.has(b, LeaseBlob.FQDN_FWD) ? '1' : '0').put(',');
        out.put(LeaseBlob.has(b, LeaseBlob.FQDN_REV) ? '1' : '0').put(',');
        out.escaped(b, LeaseBlob.hostStart(b), LeaseBlob.hostLength(b)).put(',');
        out.decimal(Integer.toUnsignedLong(r.state)).put(',');
        if (LeaseBlob.has(b, LeaseBlob.CONTEXT)) {
            out.escaped(b, LeaseBlob.contextStart(b), LeaseBlob.contextLength(b));
        }
        out.put(',').decimal(Integer.toUnsignedLong(r.pool)).put('\n');
    }
}
