package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.Lease4;

/**
 * The in-memory lease table: the leases in {@link LeaseSlots} (struct-of-arrays columns in fixed-size pages, growing
 * never copies, one {@link LeaseBlob} per lease in a {@link BlobArena}) and int-slot indexes kept in step with them:
 * <ul>
 *   <li>address → slot: {@link AddressSlotMap} (open addressing, linear probing, backward-shift deletion);</li>
 *   <li>hardware address, client id, host name: one {@link KeyIndex} each (hash buckets of doubly linked slot chains,
 *       O(1) unlink even when thousands of leases share one key);</li>
 *   <li>subnet: {@link SubnetIndex} (a doubly linked slot list per subnet) and its Kea statistics,
 *       {@link SubnetCounters};</li>
 *   <li>address order: {@link AddressOrder} (a 256-bit bitmap per /24 in a sorted map: pages and the next address
 *       after X);</li>
 *   <li>expiry: no index, {@link ExpiryScan} scans the columns.</li>
 * </ul>
 * About 85 bytes of fixed columns and indexes per lease plus the blob in a {@link BlobArena} (typically 25-45
 * bytes).
 *
 * <p>Not thread-safe: the store guards it with its locks; the loader and the cleanup use private tables.
 */
public final class LeaseTable {
    private static final int MIN_HEADS = 1024;

    private final LeaseSlots slots = new LeaseSlots();
    private final AddressSlotMap addresses;
    private final AddressOrder order = new AddressOrder();
    private final KeyIndex byHardwareAddress;
    private final KeyIndex byClientId;
    private final KeyIndex byHostname;
    private final KeyIndex[] keyIndexes;
    private final SubnetIndex bySubnet = new SubnetIndex(slots);
    private final SubnetCounters counters = new SubnetCounters();
    /** False while bulk loading (see {@link #suspendIndexes}). */
    private boolean indexed = true;

    public LeaseTable() {
        this(0);
    }

    /** A table sized for about {@code expectedLeases} (it grows as needed; this only saves rehashing). */
    public LeaseTable(int expectedLeases) {
        int heads = Math.max(MIN_HEADS, Integer.highestOneBit(Math.max(1, expectedLeases - 1)) << 1);
        heads = Math.min(heads, 1 << 26);
        byHardwareAddress = new KeyIndex(KeyIndex.Key.HARDWARE_ADDRESS, slots, heads);
        byClientId = new KeyIndex(KeyIndex.Key.CLIENT_ID, slots, heads);
        byHostname = new KeyIndex(KeyIndex.Key.HOSTNAME, slots, heads);
        keyIndexes = new KeyIndex[] {byHardwareAddress, byClientId, byHostname};
        addresses = new AddressSlotMap(slots, Math.min(heads * 2, 1 << 27));
    }

    public int size() {
        return slots.size();
    }

    /** One past the highest slot ever used; live slots are those in [0, this) with a blob reference. */
    public int slotLimit() {
        return slots.limit();
    }

    public boolean isLive(int slot) {
        return slots.isLive(slot);
    }

    /** Bytes held for lease blobs (arena chunks). */
    public long blobBytes() {
        return slots.blobBytes();
    }

    /** Arena chunks compacted so far. */
    public long blobCompactions() {
        return slots.blobCompactions();
    }

    // ---------------------------------------------------------------------------------------------- reading slots

    public int address(int slot) {
        return slots.address(slot);
    }

    public int state(int slot) {
        return slots.state(slot);
    }

    public int subnet(int slot) {
        return slots.subnet(slot);
    }

    /** Copies a slot into {@code out}. */
    public LeaseRow read(int slot, LeaseRow out) {
        return slots.read(slot, out);
    }

    public Lease4 lease(int slot) {
        return slots.lease(slot);
    }

    /** Whether the slot holds exactly this lease. */
    public boolean sameAs(int slot, LeaseRow r) {
        return slots.sameAs(slot, r);
    }

    /** The slot holding {@code address}, or -1. */
    public int find(int address) {
        return addresses.find(address);
    }

    // ---------------------------------------------------------------------------------------------- mutation

    /**
     * Applies one lease-file row the way Kea replays a journal: a new address is inserted only if its valid
     * lifetime is non-zero; a known address is replaced, or removed when the valid lifetime is zero.
     */
    public void apply(LeaseRow r) {
        int slot = find(r.address);
        if (slot < 0) {
            if (r.valid != 0) {
                insert(r);
            }
        } else if (r.valid == 0) {
            remove(slot);
        } else {
            replace(slot, r);
        }
    }

    /** Inserts a lease for an address that has none; returns its slot. */
    public int insert(LeaseRow r) {
        int slot = slots.allocate();
        if (slots.size() > byHardwareAddress.buckets()) {
            int newHeads = byHardwareAddress.buckets() * 2;
            for (KeyIndex k : keyIndexes) {
                k.resize(newHeads, indexed);
            }
        }
        slots.write(slot, r);
        addresses.insert(slot, r.address);
        link(slot);
        order.add(r.address);
        return slot;
    }

    /** Replaces the lease in {@code slot} (same address). */
    public void replace(int slot, LeaseRow r) {
        unlink(slot);
        slots.write(slot, r);
        link(slot);
    }

    public void remove(int slot) {
        int address = slots.address(slot);
        unlink(slot);
        addresses.remove(slot, address);
        order.remove(address);
        slots.release(slot);
    }

    /** Adds the slot to the chains of its keys and to its subnet's list and counters. */
    private void link(int slot) {
        if (!indexed) {
            return;
        }
        byte[] b = slots.chunk(slot);
        int base = slots.blobBase(slot);
        for (KeyIndex k : keyIndexes) {
            k.link(slot, b, base);
        }
        int subnet = slots.subnet(slot);
        bySubnet.link(slot, subnet);
        counters.count(subnet, slots.state(slot), 1);
    }

    /** Removes the slot (as it is stored now) from the chains of its keys and from its subnet's list and counters. */
    private void unlink(int slot) {
        if (!indexed) {
            return;
        }
        byte[] b = slots.chunk(slot);
        int base = slots.blobBase(slot);
        for (KeyIndex k : keyIndexes) {
            k.unlink(slot, b, base);
        }
        int subnet = slots.subnet(slot);
        bySubnet.unlink(slot, subnet);
        counters.count(subnet, slots.state(slot), -1);
    }

    /**
     * Bulk loading: stop maintaining the secondary indexes (hash chains, subnet lists and counters) until
     * {@link #buildIndexes}, which is much cheaper than maintaining them row by row while a journal is replayed. A
     * table that never calls it (the cleanup's) only answers {@link #find} and address-order iteration.
     */
    public void suspendIndexes() {
        if (size() != 0) {
            throw new IllegalStateException("indexes can only be suspended on an empty table");
        }
        indexed = false;
    }

    /** Builds the secondary indexes after {@link #suspendIndexes}, two at a time in a helper thread and this one. */
    public void buildIndexes() {
        if (indexed) {
            return;
        }
        Thread helper = new Thread(() -> {
            byHardwareAddress.build();
            bySubnet.build();
            counters.build(slots);
        }, "leasehold-memfile-index");
        helper.setDaemon(true);
        helper.start();
        byClientId.build();
        byHostname.build();
        boolean interrupted = false;
        while (true) {
            try {
                helper.join();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        indexed = true;
    }

    // ---------------------------------------------------------------------------------------------- order

    /** Visits slots in unsigned address order, starting after {@code afterAddress}, until the visitor says stop. */
    public void forEachAfter(int afterAddress, SlotVisitor visitor) {
        long start = Integer.toUnsignedLong(afterAddress) + 1;
        order.forEachFrom(start, address -> visitor.visit(find(address)));
    }

    /** Visits every slot in unsigned address order. */
    public void forEachInOrder(SlotVisitor visitor) {
        order.forEachFrom(0, address -> visitor.visit(find(address)));
    }

    /** Receives slots; returns whether to continue. */
    @FunctionalInterface
    public interface SlotVisitor {
        boolean visit(int slot);
    }

    // ---------------------------------------------------------------------------------------------- queries

    /** Fills the probe with the slots of the leases carrying its hardware address or client id (see there). */
    public void byClient(ClientProbe probe) {
        probe.collect(byHardwareAddress, byClientId, slots);
    }

    /** Slots whose hardware address has this type and these bytes, in address order. */
    public int[] byHardwareAddress(int htype, byte[] hw) {
        SlotList out = new SlotList();
        byHardwareAddress.collect(hw, (b, base) -> LeaseBlob.htype(b, base) == htype
                && LeaseBlob.rangeEquals(b, LeaseBlob.hwStart(base), LeaseBlob.hwLength(b, base), hw), out);
        return out.sortedByAddress(slots);
    }

    /** Slots with this client id, in address order. */
    public int[] byClientId(byte[] cid) {
        SlotList out = new SlotList();
        byClientId.collect(cid,
                (b, base) -> LeaseBlob.rangeEquals(b, LeaseBlob.cidStart(b, base), LeaseBlob.cidLength(b, base), cid),
                out);
        return out.sortedByAddress(slots);
    }

    /** Slots whose host name is exactly these UTF-8 bytes, in address order. */
    public int[] byHostname(byte[] host) {
        SlotList out = new SlotList();
        if (host.length == 0) {
            // Empty host names are not indexed.
            int limit = slots.limit();
            for (int slot = 0; slot < limit; slot++) {
                if (slots.isLive(slot) && LeaseBlob.hostLength(slots.chunk(slot), slots.blobBase(slot)) == 0) {
                    out.add(slot);
                }
            }
        } else {
            byHostname.collect(host, (b, base) ->
                    LeaseBlob.rangeEquals(b, LeaseBlob.hostStart(b, base), LeaseBlob.hostLength(b, base), host), out);
        }
        return out.sortedByAddress(slots);
    }

    /** Slots of a subnet, in address order. */
    public int[] bySubnet(int subnet) {
        SlotList out = new SlotList();
        bySubnet.collect(subnet, out);
        return out.sortedByAddress(slots);
    }

    /** Every slot, in address order. */
    public int[] all() {
        SlotList out = new SlotList();
        forEachInOrder(slot -> {
            out.add(slot);
            return true;
        });
        return out.toArray();
    }

    /** {@code {leases, assigned, declined}} of a subnet. */
    public long[] counts(int subnet) {
        return counters.get(subnet);
    }

    /**
     * Up to {@code limit} slots in state default or declined that expired at or before {@code now}, oldest expiry
     * first (ties by address); see {@link ExpiryScan}.
     */
    public int[] expired(long now, int limit) {
        return ExpiryScan.expired(slots, now, limit);
    }
}
