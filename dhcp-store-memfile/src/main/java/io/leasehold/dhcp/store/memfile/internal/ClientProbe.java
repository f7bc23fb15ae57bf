package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;

import java.util.List;
import java.util.function.Function;

/**
 * A reusable lookup of one client's leases by hardware address and client identifier, for
 * {@link LeaseTable#byClient}: the keys are copied into arrays the probe owns and the matching slots collected into
 * its own list, so a lookup allocates nothing but the leases it returns. Not thread-safe: one per thread, used
 * within one call. As a query ({@link #apply}) it runs under the table's read lock, with no lambda per lookup.
 */
public final class ClientProbe implements Function<LeaseTable, List<Lease4>> {
    private final byte[] hw = new byte[HardwareAddress.MAX_LENGTH];
    private int htype;
    /** -1: the hardware address is not matched. */
    private int hwLength = -1;
    private final byte[] cid = new byte[ClientId.MAX_LENGTH];
    /** -1: the client identifier is not matched. */
    private int cidLength = -1;
    private final SlotList found = new SlotList();
    private final KeyIndex.KeyMatch hwMatch = (b, base) -> LeaseBlob.htype(b, base) == htype
            && LeaseBlob.rangeEquals(b, LeaseBlob.hwStart(base), LeaseBlob.hwLength(b, base), hw, hwLength);
    private final KeyIndex.KeyMatch cidMatch = (b, base) -> LeaseBlob.rangeEquals(b, LeaseBlob.cidStart(b, base),
            LeaseBlob.cidLength(b, base), cid, cidLength);

    /** Sets the keys to match; either may be {@code null} (not matched). */
    public ClientProbe set(HardwareAddress hardwareAddress, ClientId clientId) {
        hwLength = -1;
        cidLength = -1;
        if (hardwareAddress != null && hardwareAddress.length() <= hw.length) {
            htype = hardwareAddress.htype();
            hwLength = hardwareAddress.length();
            for (int i = 0; i < hwLength; i++) {
                hw[i] = hardwareAddress.byteAt(i);
            }
        }
        if (clientId != null) {
            cidLength = clientId.length();
            for (int i = 0; i < cidLength; i++) {
                cid[i] = clientId.byteAt(i);
            }
        }
        return this;
    }

    /** Collects into {@link #found} the slots of the leases carrying either key, each once, in address order. */
    void collect(KeyIndex byHardwareAddress, KeyIndex byClientId, LeaseSlots slots) {
        found.clear();
        if (hwLength >= 0) {
            byHardwareAddress.collect(hw, hwLength, hwMatch, found);
        }
        if (cidLength >= 0) {
            byClientId.collect(cid, cidLength, cidMatch, found);
            found.removeDuplicates();
        }
        found.sortInPlaceByAddress(slots);
    }

    /** How many slots the last lookup found. */
    public int size() {
        return found.size();
    }

    /** The {@code i}th slot the last lookup found, in address order. */
    public int slot(int i) {
        return found.get(i);
    }

    /** The leases carrying either key, each once, in address order (as {@code LeaseStore#getByClient}). */
    @Override
    public List<Lease4> apply(LeaseTable table) {
        table.byClient(this);
        int n = size();
        if (n == 0) {
            return List.of();
        }
        if (n == 1) {
            return List.of(table.lease(slot(0)));
        }
        Lease4[] out = new Lease4[n];
        for (int i = 0; i < n; i++) {
            out[i] = table.lease(slot(i));
        }
        return List.of(out);
    }
}
