package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.ClientId;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Lease4;

/** Leases and rows for the unit tests of the table's parts. */
final class TestRows {
    private TestRows() {
    }

    /** A lease in subnet 1, valid 60 s from cltt 1000, with hardware address, client id and host name. */
    static Lease4.Builder lease(int address) {
        byte[] mac = {2, 0, 0, 0, (byte) (address >> 8), (byte) address};
        return Lease4.builder(address)
                .hardwareAddress(HardwareAddress.ethernet(mac))
                .clientId(ClientId.of(new byte[] {1, (byte) (address >> 8), (byte) address}))
                .validLifetime(60).cltt(1000).subnetId(1).hostname("h" + (address & 0xffff));
    }

    static LeaseRow row(Lease4.Builder lease) {
        return LeaseCodec.encode(lease.build());
    }

    /** Allocates a slot in {@code slots} and writes the lease into it; returns the slot. */
    static int put(LeaseSlots slots, Lease4.Builder lease) {
        int slot = slots.allocate();
        slots.write(slot, row(lease));
        return slot;
    }
}
