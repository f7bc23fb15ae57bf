package io.leasehold.dhcp.store.memfile.internal;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.lease.LeaseState;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The in-memory lease table: struct-of-arrays columns in fixed-size pages (growing never copies), one
 * {@link LeaseBlob} per lease, and int-slot indexes:
 * <ul>
 *   <li>address → slot: open addressing, linear probing, backward-shift deletion;</li>
 *   <li>hardware address, client id, host name: hash buckets of doubly linked slot chains (O(1) unlink even when
 *       thousands of leases share one key);</li>
 *   <li>subnet: a doubly linked slot list per subnet plus its Kea counters;</li>
 *   <li>address order: a 256-bit bitmap per /24 in a sorted map (pages and the next address after X).</li>
 * </ul>
 * About 85 bytes of fixed columns and indexes per lease plus the blob (typically 40-56 bytes).
 *
 * <p>Not thread-safe: the store guards it with its locks; the loader and the cleanup use private tables.
 */
public final class LeaseTable {
    private static final int PAGE_BITS = 13;
    private static final int PAGE_SIZE = 1 << PAGE_BITS;
    private static final int PAGE_MASK = PAGE_SIZE - 1;

    private static final int HW = 0;
    private static final int CID = 1;
    private static final int HOST = 2;
    private static final int SUBNET = 3;
    private static final int KINDS = 4;
    private static final int HASHED_KINDS = 3;

    private static final int MIN_HEADS = 1024;

    /** One page of slots; links hold {@code slot + 1}, 0 meaning none. */
    private static final class Page {
        final int[] address = new int[PAGE_SIZE];
        final int[] valid = new int[PAGE_SIZE];
        final int[] subnet = new int[PAGE_SIZE];
        final int[] pool = new int[PAGE_SIZE];
        final int[] state = new int[PAGE_SIZE];
        final long[] cltt = new long[PAGE_SIZE];
        final byte[][] blob = new byte[PAGE_SIZE][];
        final int[][] next = new int[KINDS][PAGE_SIZE];
        final int[][] prev = new int[KINDS][PAGE_SIZE];
    }

    /** Head of a subnet's slot list and its Kea statistics. */
    private static final class SubnetEntry {
        int head;
        long leases;
        long assigned;
        long declined;
    }

    private Page[] pages = new Page[8];
    private int pageCount;
    private int highWater;
    /** Free slots, linked through {@code next[SUBNET]}; slot + 1. */
    private int freeHead;
    private int size;

    private int[] addrSlots = new int[1024];
    private int addrMask = addrSlots.length - 1;

    private final int[][] heads = new int[HASHED_KINDS][MIN_HEADS];
    private int headMask = MIN_HEADS - 1;

    private final Map<Integer, SubnetEntry> subnets = new HashMap<>();
    private final TreeMap<Integer, long[]> order = new TreeMap<>();
    private int cachedPrefix = -1;
    private long[] cachedBits;

    public int size() {
        return size;
    }

    /** One past the highest slot ever used; live slots are those in [0, this) with a blob. */
    public int slotLimit() {
        return highWater;
    }

    public boolean isLive(int slot) {
        return page(slot).blob[slot & PAGE_MASK] != null;
    }

    // ---------------------------------------------------------------------------------------------- reading slots

    private Page page(int slot) {
        return pages[slot >>> PAGE_BITS];
    }

    public int address(int slot) {
        return page(slot).address[slot & PAGE_MASK];
    }

    public int state(int slot) {
        return page(slot).state[slot & PAGE_MASK];
    }

    public int subnet(int slot) {
        return page(slot).subnet[slot & PAGE_MASK];
    }

    public byte[] blob(int slot) {
        return page(slot).blob[slot & PAGE_MASK];
    }

    /** Copies a slot into {@code out}. */
    public LeaseRow read(int slot, LeaseRow out) {
        Page p = page(slot);
        int i = slot & PAGE_MASK;
        out.address = p.address[i];
        out.valid = p.valid[i];
        out.cltt = p.cltt[i];
        out.subnet = p.subnet[i];
        out.pool = p.pool[i];
        out.state = p.state[i];
        out.blob = p.blob[i];
        return out;
    }

    public Lease4 lease(int slot) {
        Page p = page(slot);
        int i = slot & PAGE_MASK;
        return LeaseRow.toLease(p.address[i], p.valid[i], p.cltt[i], p.subnet[i], p.pool[i], p.state[i], p.blob[i]);
    }

    /** Whether the slot holds exactly this lease. */
    public boolean sameAs(int slot, LeaseRow r) {
        Page p = page(slot);
        int i = slot & PAGE_MASK;
        return p.address[i] == r.address && p.valid[i] == r.valid && p.cltt[i] == r.cltt && p.subnet[i] == r.subnet
                && p.pool[i] == r.pool && p.state[i] == r.state && Arrays.equals(p.blob[i], r.blob);
    }

    // ---------------------------------------------------------------------------------------------- address index

    /** The slot holding {@code address}, or -1. */
    public int find(int address) {
        int i = LeaseBlob.mix(address) & addrMask;
        while (true) {
            int e = addrSlots[i];
            if (e == 0) {
                return -1;
            }
            if (address(e - 1) == address) {
                return e - 1;
            }
            i = (i + 1) & addrMask;
        }
    }

    private void addrInsert(int slot, int address) {
        if ((size + 1) * 4L > addrSlots.length * 3L) {
            int[] old = addrSlots;
            addrSlots = new int[old.length * 2];
            addrMask = addrSlots.length - 1;
            for (int e : old) {
                if (e != 0) {
                    addrPlace(e, address(e - 1));
                }
            }
        }
        addrPlace(slot + 1, address);
    }

    private void addrPlace(int entry, int address) {
        int i = LeaseBlob.mix(address) & addrMask;
        while (addrSlots[i] != 0) {
            i = (i + 1) & addrMask;
        }
        addrSlots[i] = entry;
    }

    private void addrRemove(int slot, int address) {
        int i = LeaseBlob.mix(address) & addrMask;
        while (addrSlots[i] != slot + 1) {
            i = (i + 1) & addrMask;
        }
        // Backward-shift deletion: pull later entries of the probe run into the hole so no tombstones are needed.
        int hole = i;
        int j = i;
        while (true) {
            j = (j + 1) & addrMask;
            int e = addrSlots[j];
            if (e == 0) {
                break;
            }
            int home = LeaseBlob.mix(address(e - 1)) & addrMask;
            if (((j - home) & addrMask) >= ((j - hole) & addrMask)) {
                addrSlots[hole] = e;
                hole = j;
            }
        }
        addrSlots[hole] = 0;
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
        int slot = allocate();
        if (size + 1 > heads[0].length) {
            rehashChains(heads[0].length * 2);
        }
        write(slot, r);
        addrInsert(slot, r.address);
        size++;
        linkAll(slot);
        orderSet(r.address);
        return slot;
    }

    /** Replaces the lease in {@code slot} (same address). */
    public void replace(int slot, LeaseRow r) {
        unlinkAll(slot);
        write(slot, r);
        linkAll(slot);
    }

    public void remove(int slot) {
        Page p = page(slot);
        int i = slot & PAGE_MASK;
        int address = p.address[i];
        unlinkAll(slot);
        addrRemove(slot, address);
        orderClear(address);
        p.blob[i] = null;
        p.next[SUBNET][i] = freeHead;
        freeHead = slot + 1;
        size--;
    }

    private int allocate() {
        if (freeHead != 0) {
            int slot = freeHead - 1;
            freeHead = page(slot).next[SUBNET][slot & PAGE_MASK];
            return slot;
        }
        if (highWater == pageCount * PAGE_SIZE) {
            if (pageCount == pages.length) {
                pages = Arrays.copyOf(pages, pages.length * 2);
            }
            pages[pageCount++] = new Page();
        }
        return highWater++;
    }

    private void write(int slot, LeaseRow r) {
        Page p = page(slot);
        int i = slot & PAGE_MASK;
        p.address[i] = r.address;
        p.valid[i] = r.valid;
        p.cltt[i] = r.cltt;
        p.subnet[i] = r.subnet;
        p.pool[i] = r.pool;
        p.state[i] = r.state;
        p.blob[i] = r.blob;
    }

    // ---------------------------------------------------------------------------------------------- chains

    private int next(int kind, int slot) {
        return page(slot).next[kind][slot & PAGE_MASK];
    }

    /** Bucket of the slot's key in a hashed index, or -1 when the lease has no such key. */
    private int bucket(int kind, byte[] b) {
        int start;
        int len;
        switch (kind) {
            case HW -> {
                if (!LeaseBlob.has(b, LeaseBlob.HW)) {
                    return -1;
                }
                start = LeaseBlob.HW_START;
                len = LeaseBlob.hwLength(b);
            }
            case CID -> {
                if (!LeaseBlob.has(b, LeaseBlob.CID)) {
                    return -1;
                }
                start = LeaseBlob.cidStart(b);
                len = LeaseBlob.cidLength(b);
            }
            default -> {
                len = LeaseBlob.hostLength(b);
                if (len == 0) {
                    return -1;
                }
                start = LeaseBlob.hostStart(b);
            }
        }
        return LeaseBlob.hash(b, start, len) & headMask;
    }

    /** Pushes {@code slot} in front of the list starting at {@code head}; returns the new head. */
    private int pushFront(int kind, int slot, int head) {
        Page p = page(slot);
        int i = slot & PAGE_MASK;
        p.next[kind][i] = head;
        p.prev[kind][i] = 0;
        if (head != 0) {
            page(head - 1).prev[kind][(head - 1) & PAGE_MASK] = slot + 1;
        }
        return slot + 1;
    }

    /** Unlinks {@code slot} from the list starting at {@code head}; returns the list's head afterwards. */
    private int unlink(int kind, int slot, int head) {
        Page p = page(slot);
        int i = slot & PAGE_MASK;
        int n = p.next[kind][i];
        int pv = p.prev[kind][i];
        if (pv == 0) {
            head = n;
        } else {
            page(pv - 1).next[kind][(pv - 1) & PAGE_MASK] = n;
        }
        if (n != 0) {
            page(n - 1).prev[kind][(n - 1) & PAGE_MASK] = pv;
        }
        return head;
    }

    private void linkAll(int slot) {
        byte[] b = blob(slot);
        for (int kind = 0; kind < HASHED_KINDS; kind++) {
            int bucket = bucket(kind, b);
            if (bucket >= 0) {
                heads[kind][bucket] = pushFront(kind, slot, heads[kind][bucket]);
            }
        }
        SubnetEntry e = subnets.computeIfAbsent(subnet(slot), k -> new SubnetEntry());
        e.head = pushFront(SUBNET, slot, e.head);
        count(e, state(slot), 1);
    }

    private void unlinkAll(int slot) {
        byte[] b = blob(slot);
        for (int kind = 0; kind < HASHED_KINDS; kind++) {
            int bucket = bucket(kind, b);
            if (bucket >= 0) {
                heads[kind][bucket] = unlink(kind, slot, heads[kind][bucket]);
            }
        }
        int subnet = subnet(slot);
        SubnetEntry e = subnets.get(subnet);
        e.head = unlink(SUBNET, slot, e.head);
        count(e, state(slot), -1);
        if (e.leases == 0) {
            subnets.remove(subnet);
        }
    }

    private static void count(SubnetEntry e, int state, int delta) {
        e.leases += delta;
        if (state == LeaseState.DEFAULT || state == LeaseState.DECLINED) {
            e.assigned += delta;
        }
        if (state == LeaseState.DECLINED) {
            e.declined += delta;
        }
    }

    private void rehashChains(int newHeads) {
        for (int kind = 0; kind < HASHED_KINDS; kind++) {
            heads[kind] = new int[newHeads];
        }
        headMask = newHeads - 1;
        for (int slot = 0; slot < highWater; slot++) {
            byte[] b = blob(slot);
            if (b == null) {
                continue;
            }
            for (int kind = 0; kind < HASHED_KINDS; kind++) {
                int bucket = bucket(kind, b);
                if (bucket >= 0) {
                    heads[kind][bucket] = pushFront(kind, slot, heads[kind][bucket]);
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------- order index

    private void orderSet(int address) {
        int prefix = address >>> 8;
        long[] bits;
        if (prefix == cachedPrefix) {
            bits = cachedBits;
        } else {
            bits = order.computeIfAbsent(prefix, k -> new long[4]);
            cachedPrefix = prefix;
            cachedBits = bits;
        }
        bits[(address & 0xff) >>> 6] |= 1L << address;
    }

    private void orderClear(int address) {
        int prefix = address >>> 8;
        long[] bits = order.get(prefix);
        bits[(address & 0xff) >>> 6] &= ~(1L << address);
        if ((bits[0] | bits[1] | bits[2] | bits[3]) == 0) {
            order.remove(prefix);
            if (prefix == cachedPrefix) {
                cachedPrefix = -1;
                cachedBits = null;
            }
        }
    }

    /** Visits slots in unsigned address order, starting after {@code afterAddress}, until the visitor says stop. */
    public void forEachAfter(int afterAddress, SlotVisitor visitor) {
        long start = Integer.toUnsignedLong(afterAddress) + 1;
        forEachFrom(start, visitor);
    }

    /** Visits every slot in unsigned address order. */
    public void forEachInOrder(SlotVisitor visitor) {
        forEachFrom(0, visitor);
    }

    private void forEachFrom(long start, SlotVisitor visitor) {
        if (start > 0xffffffffL) {
            return;
        }
        int firstPrefix = (int) (start >>> 8);
        for (Map.Entry<Integer, long[]> en : order.tailMap(firstPrefix, true).entrySet()) {
            int base = en.getKey() << 8;
            long[] bits = en.getValue();
            int from = en.getKey() == firstPrefix ? (int) (start & 0xff) : 0;
            for (int w = from >>> 6; w < 4; w++) {
                long m = bits[w];
                if (w == from >>> 6) {
                    m &= -1L << (from & 63);
                }
                while (m != 0) {
                    int address = base | w << 6 | Long.numberOfTrailingZeros(m);
                    if (!visitor.visit(find(address))) {
                        return;
                    }
                    m &= m - 1;
                }
            }
        }
    }

    /** Receives slots; returns whether to continue. */
    @FunctionalInterface
    public interface SlotVisitor {
        boolean visit(int slot);
    }

    // ---------------------------------------------------------------------------------------------- queries

    /** Slots whose hardware address has this type and these bytes, in address order. */
    public int[] byHardwareAddress(int htype, byte[] hw) {
        SlotList out = new SlotList();
        int bucket = LeaseBlob.hash(hw, 0, hw.length) & headMask;
        for (int e = heads[HW][bucket]; e != 0; e = next(HW, e - 1)) {
            byte[] b = blob(e - 1);
            if (LeaseBlob.htype(b) == htype && LeaseBlob.rangeEquals(b, LeaseBlob.HW_START, LeaseBlob.hwLength(b), hw)) {
                out.add(e - 1);
            }
        }
        return sorted(out);
    }

    /** Slots with this client id, in address order. */
    public int[] byClientId(byte[] cid) {
        SlotList out = new SlotList();
        int bucket = LeaseBlob.hash(cid, 0, cid.length) & headMask;
        for (int e = heads[CID][bucket]; e != 0; e = next(CID, e - 1)) {
            byte[] b = blob(e - 1);
            if (LeaseBlob.rangeEquals(b, LeaseBlob.cidStart(b), LeaseBlob.cidLength(b), cid)) {
                out.add(e - 1);
            }
        }
        return sorted(out);
    }

    /** Slots whose host name is exactly these UTF-8 bytes, in address order. */
    public int[] byHostname(byte[] host) {
        SlotList out = new SlotList();
        if (host.length == 0) {
            for (int slot = 0; slot < highWater; slot++) {
                byte[] b = blob(slot);
                if (b != null && LeaseBlob.hostLength(b) == 0) {
                    out.add(slot);
                }
            }
            return sorted(out);
        }
        int bucket = LeaseBlob.hash(host, 0, host.length) & headMask;
        for (int e = heads[HOST][bucket]; e != 0; e = next(HOST, e - 1)) {
            byte[] b = blob(e - 1);
            if (LeaseBlob.rangeEquals(b, LeaseBlob.hostStart(b), LeaseBlob.hostLength(b), host)) {
                out.add(e - 1);
            }
        }
        return sorted(out);
    }

    /** Slots of a subnet, in address order. */
    public int[] bySubnet(int subnet) {
        SubnetEntry e = subnets.get(subnet);
        SlotList out = new SlotList();
        if (e != null) {
            for (int s = e.head; s != 0; s = next(SUBNET, s - 1)) {
                out.add(s - 1);
            }
        }
        return sorted(out);
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
        SubnetEntry e = subnets.get(subnet);
        return e == null ? new long[3] : new long[] {e.leases, e.assigned, e.declined};
    }

    /**
     * Up to {@code limit} slots in state default or declined that expired at or before {@code now}, oldest expiry
     * first (ties by address). A scan over the primitive columns with a bounded heap: no per-lease index memory.
     */
    public int[] expired(long now, int limit) {
        int cap = Math.min(limit, size);
        long[] keyExpire = new long[cap];
        int[] heapSlot = new int[cap];
        int n = 0;
        for (int pi = 0; pi < pageCount; pi++) {
            Page p = pages[pi];
            int end = Math.min(PAGE_SIZE, highWater - pi * PAGE_SIZE);
            for (int i = 0; i < end; i++) {
                if (p.blob[i] == null || p.valid[i] == -1) {
                    continue;
                }
                int st = p.state[i];
                if (st != LeaseState.DEFAULT && st != LeaseState.DECLINED) {
                    continue;
                }
                long expire = p.cltt[i] + Integer.toUnsignedLong(p.valid[i]);
                if (expire > now) {
                    continue;
                }
                int slot = pi * PAGE_SIZE + i;
                if (n < cap) {
                    keyExpire[n] = expire;
                    heapSlot[n] = slot;
                    siftUp(keyExpire, heapSlot, n++);
                } else if (cap > 0 && later(keyExpire[0], heapSlot[0], expire, slot)) {
                    keyExpire[0] = expire;
                    heapSlot[0] = slot;
                    siftDown(keyExpire, heapSlot, n);
                }
            }
        }
        // Pop the max-heap from the back: ascending order.
        int[] out = new int[n];
        for (int k = n - 1; k >= 0; k--) {
            out[k] = heapSlot[0];
            keyExpire[0] = keyExpire[k];
            heapSlot[0] = heapSlot[k];
            siftDown(keyExpire, heapSlot, k);
        }
        return out;
    }

    /** Whether (e1, s1) sorts after (e2, s2): later expiry, then higher address. */
    private boolean later(long e1, int s1, long e2, int s2) {
        if (e1 != e2) {
            return e1 > e2;
        }
        return Integer.compareUnsigned(address(s1), address(s2)) > 0;
    }

    private void siftUp(long[] k, int[] s, int i) {
        while (i > 0) {
            int parent = (i - 1) >>> 1;
            if (!later(k[i], s[i], k[parent], s[parent])) {
                return;
            }
            swap(k, s, i, parent);
            i = parent;
        }
    }

    private void siftDown(long[] k, int[] s, int n) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            if (l >= n) {
                return;
            }
            int c = l + 1 < n && later(k[l + 1], s[l + 1], k[l], s[l]) ? l + 1 : l;
            if (!later(k[c], s[c], k[i], s[i])) {
                return;
            }
            swap(k, s, i, c);
            i = c;
        }
    }

    private static void swap(long[] k, int[] s, int a, int b) {
        long tk = k[a];
        k[a] = k[b];
        k[b] = tk;
        int ts = s[a];
        s[a] = s[b];
        s[b] = ts;
    }

    private int[] sorted(SlotList list) {
        long[] keys = new long[list.size];
        for (int i = 0; i < list.size; i++) {
            // Flipping the sign bit makes the signed sort order the unsigned address order.
            keys[i] = (long) (address(list.slots[i]) ^ Integer.MIN_VALUE) << 32 | list.slots[i];
        }
        Arrays.sort(keys);
        int[] out = new int[keys.length];
        for (int i = 0; i < keys.length; i++) {
            out[i] = (int) keys[i];
        }
        return out;
    }

    /** A growable int list. */
    private static final class SlotList {
        int[] slots = new int[8];
        int size;

        void add(int slot) {
            if (size == slots.length) {
                slots = Arrays.copyOf(slots, size * 2);
            }
            slots[size++] = slot;
        }

        int[] toArray() {
            return Arrays.copyOf(slots, size);
        }
    }
}
