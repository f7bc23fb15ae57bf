package io.leasehold.dhcp.lease;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Predicate;

/**
 * A lease store in memory: fast, concurrent, and gone when the process ends. Use it for tests, for appliances that
 * keep leases elsewhere, or when the HA partner is the only persistence wanted. Implements the whole
 * {@link LeaseStore} contract.
 *
 * <h2>Structure</h2>
 * <ul>
 *   <li>Primary: a {@link ConcurrentSkipListMap} keyed by the address with its sign bit flipped, so the map's
 *       natural order is unsigned address order: {@link #get} is O(log n) and {@link #getPage} is O(log n + page)
 *       at any size.</li>
 *   <li>Secondary indexes (hardware address, client id, host name) map a key to the addresses carrying it: a small
 *       sorted {@code int[]} replaced on write, or a skip-list set once a key has many leases (many clients send the
 *       same host name). The subnet index is one skip list keyed by (subnet, address), so a subnet's leases come out
 *       in address order; the expiry index is one keyed by (expiry, address), holding only leases that can expire
 *       (state default or declined, finite lifetime), so {@link #getExpired} reads the oldest first without a scan.
 *       Per-subnet counts are kept as leases change.</li>
 *   <li>Writers of one address serialize on one of {@value #STRIPES} lock stripes, so {@link #add}, {@link #replace}
 *       and {@link #delete(Lease4)} are atomic compare-and-set operations and the indexes change with the primary.
 *       Readers take no lock. A lease is added to an index before it enters the primary map and leaves it after, and
 *       lookups re-check each hit against the primary, so an index lookup never returns a lease that does not carry
 *       the key.</li>
 * </ul>
 */
public final class InMemoryLeaseStore implements LeaseStore {
    private static final int STRIPES = 1024;

    private final Object[] stripes = new Object[STRIPES];
    private final ConcurrentSkipListMap<Integer, Lease4> byAddress = new ConcurrentSkipListMap<>();
    private final AddressIndex<HardwareAddress> byHardwareAddress = new AddressIndex<>();
    private final AddressIndex<ClientId> byClientId = new AddressIndex<>();
    private final AddressIndex<String> byHostname = new AddressIndex<>();
    private final ConcurrentSkipListMap<Long, Lease4> bySubnet = new ConcurrentSkipListMap<>();
    private final ConcurrentSkipListMap<ExpiryKey, Lease4> byExpiry = new ConcurrentSkipListMap<>();
    private final ConcurrentHashMap<Long, SubnetCounter> counts = new ConcurrentHashMap<>();
    private final LongAdder size = new LongAdder();
    private volatile boolean closed;

    /** An empty store. */
    public InMemoryLeaseStore() {
        for (int i = 0; i < STRIPES; i++) {
            stripes[i] = new Object();
        }
    }

    private Object lockFor(int address) {
        return stripes[(address ^ (address >>> 10)) & (STRIPES - 1)];
    }

    /** Primary-map key: flipping the sign bit turns unsigned order into {@link Integer}'s natural order. */
    private static Integer key(int address) {
        return address ^ Integer.MIN_VALUE;
    }

    /** Subnet-index key: subnet id then unsigned address, shifted so signed {@code long} order is unsigned order. */
    private static long subnetKey(long subnetId, int address) {
        return (subnetId << 32 | Ipv4.toUnsigned(address)) ^ Long.MIN_VALUE;
    }

    private void ensureOpen() {
        if (closed) {
            throw new IllegalStateException("lease store is closed");
        }
    }

    @Override
    public boolean add(Lease4 lease) {
        Objects.requireNonNull(lease, "lease");
        ensureOpen();
        synchronized (lockFor(lease.address())) {
            ensureOpen();
            if (byAddress.containsKey(key(lease.address()))) {
                return false;
            }
            index(lease, null);
            byAddress.put(key(lease.address()), lease);
            size.increment();
            return true;
        }
    }

    @Override
    public boolean update(Lease4 lease) {
        Objects.requireNonNull(lease, "lease");
        ensureOpen();
        synchronized (lockFor(lease.address())) {
            ensureOpen();
            Lease4 current = byAddress.get(key(lease.address()));
            if (current == null) {
                return false;
            }
            swap(current, lease);
            return true;
        }
    }

    @Override
    public boolean replace(Lease4 expected, Lease4 replacement) {
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(replacement, "replacement");
        if (expected.address() != replacement.address()) {
            throw new IllegalArgumentException("replacement is for " + Ipv4.toString(replacement.address())
                    + ", expected lease is for " + Ipv4.toString(expected.address()));
        }
        ensureOpen();
        synchronized (lockFor(expected.address())) {
            ensureOpen();
            Lease4 current = byAddress.get(key(expected.address()));
            if (current == null || !current.equals(expected)) {
                return false;
            }
            swap(current, replacement);
            return true;
        }
    }

    /** Under the address's lock: replaces {@code current} by {@code next} in the primary and every index. */
    private void swap(Lease4 current, Lease4 next) {
        index(next, current);
        byAddress.put(key(next.address()), next);
        unindex(current, next);
    }

    @Override
    public boolean delete(Lease4 expected) {
        Objects.requireNonNull(expected, "expected");
        ensureOpen();
        synchronized (lockFor(expected.address())) {
            ensureOpen();
            Lease4 current = byAddress.get(key(expected.address()));
            if (current == null || !current.equals(expected)) {
                return false;
            }
            remove(current);
            return true;
        }
    }

    @Override
    public Optional<Lease4> delete(int address) {
        ensureOpen();
        synchronized (lockFor(address)) {
            ensureOpen();
            Lease4 current = byAddress.get(key(address));
            if (current == null) {
                return Optional.empty();
            }
            remove(current);
            return Optional.of(current);
        }
    }

    /** Under the address's lock. */
    private void remove(Lease4 current) {
        byAddress.remove(key(current.address()));
        unindex(current, null);
        size.decrement();
    }

    /** Adds {@code lease} to every index, skipping entries {@code previous} (same address) already has. */
    private void index(Lease4 lease, Lease4 previous) {
        int a = lease.address();
        if (lease.hardwareAddress() != null
                && (previous == null || !lease.hardwareAddress().equals(previous.hardwareAddress()))) {
            byHardwareAddress.add(lease.hardwareAddress(), a);
        }
        if (lease.clientId() != null && (previous == null || !lease.clientId().equals(previous.clientId()))) {
            byClientId.add(lease.clientId(), a);
        }
        if (!lease.hostname().isEmpty() && (previous == null || !lease.hostname().equals(previous.hostname()))) {
            byHostname.add(lease.hostname(), a);
        }
        bySubnet.put(subnetKey(lease.subnetId(), a), lease);
        if (canExpire(lease)) {
            byExpiry.put(new ExpiryKey(lease.expire(), a), lease);
        }
        count(lease, +1);
    }

    /** Removes {@code lease} from every index, keeping entries its successor {@code next} (or none) still needs. */
    private void unindex(Lease4 lease, Lease4 next) {
        int a = lease.address();
        if (lease.hardwareAddress() != null && (next == null || !lease.hardwareAddress().equals(next.hardwareAddress()))) {
            byHardwareAddress.remove(lease.hardwareAddress(), a);
        }
        if (lease.clientId() != null && (next == null || !lease.clientId().equals(next.clientId()))) {
            byClientId.remove(lease.clientId(), a);
        }
        if (!lease.hostname().isEmpty() && (next == null || !lease.hostname().equals(next.hostname()))) {
            byHostname.remove(lease.hostname(), a);
        }
        if (next == null || next.subnetId() != lease.subnetId()) {
            bySubnet.remove(subnetKey(lease.subnetId(), a));
        }
        if (canExpire(lease) && (next == null || !canExpire(next) || next.expire() != lease.expire())) {
            byExpiry.remove(new ExpiryKey(lease.expire(), a));
        }
        count(lease, -1);
    }

    private static boolean canExpire(Lease4 lease) {
        return lease.validLifetime() != Lease4.INFINITE_LIFETIME
                && (lease.state() == LeaseState.DEFAULT || lease.state() == LeaseState.DECLINED);
    }

    private void count(Lease4 lease, int delta) {
        int state = lease.state();
        if (state != LeaseState.DEFAULT && state != LeaseState.DECLINED) {
            return;
        }
        SubnetCounter c = counts.computeIfAbsent(lease.subnetId(), id -> new SubnetCounter());
        c.assigned.add(delta);
        if (state == LeaseState.DECLINED) {
            c.declined.add(delta);
        }
    }

    @Override
    public Optional<Lease4> get(int address) {
        ensureOpen();
        return Optional.ofNullable(byAddress.get(key(address)));
    }

    @Override
    public List<Lease4> getByHardwareAddress(HardwareAddress hardwareAddress) {
        Objects.requireNonNull(hardwareAddress, "hardwareAddress");
        ensureOpen();
        return byHardwareAddress.lookup(hardwareAddress, l -> hardwareAddress.equals(l.hardwareAddress()));
    }

    @Override
    public List<Lease4> getByClientId(ClientId clientId) {
        Objects.requireNonNull(clientId, "clientId");
        ensureOpen();
        return byClientId.lookup(clientId, l -> clientId.equals(l.clientId()));
    }

    @Override
    public List<Lease4> getByHostname(String hostname) {
        Objects.requireNonNull(hostname, "hostname");
        ensureOpen();
        if (hostname.isEmpty()) {
            return List.of();
        }
        return byHostname.lookup(hostname, l -> hostname.equals(l.hostname()));
    }

    @Override
    public List<Lease4> getBySubnet(long subnetId) {
        ensureOpen();
        return List.copyOf(subnetView(subnetId).values());
    }

    private java.util.concurrent.ConcurrentNavigableMap<Long, Lease4> subnetView(long subnetId) {
        return bySubnet.subMap(subnetKey(subnetId, 0), true, subnetKey(subnetId, -1), true);
    }

    @Override
    public List<Lease4> getPage(int afterAddress, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("page limit must be positive: " + limit);
        }
        ensureOpen();
        return take(byAddress.tailMap(key(afterAddress), false).values().iterator(), limit);
    }

    @Override
    public List<Lease4> getExpired(long nowSeconds, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("expired lease limit must be positive: " + limit);
        }
        ensureOpen();
        return take(byExpiry.headMap(new ExpiryKey(nowSeconds, -1), true).values().iterator(), limit);
    }

    private static List<Lease4> take(Iterator<Lease4> it, int limit) {
        List<Lease4> out = new ArrayList<>(Math.min(limit, 256));
        while (out.size() < limit && it.hasNext()) {
            out.add(it.next());
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public long size() {
        ensureOpen();
        return size.sum();
    }

    @Override
    public SubnetLeaseCounts countBySubnet(long subnetId) {
        ensureOpen();
        SubnetCounter c = counts.get(subnetId);
        return c == null ? new SubnetLeaseCounts(0, 0) : new SubnetLeaseCounts(c.assigned.sum(), c.declined.sum());
    }

    @Override
    public long wipe(long subnetId) {
        ensureOpen();
        Iterator<Lease4> it = subnetId == 0 ? byAddress.values().iterator() : subnetView(subnetId).values().iterator();
        long deleted = 0;
        while (it.hasNext()) {
            if (delete(it.next())) {
                deleted++;
            }
        }
        return deleted;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        // Wait for writers inside a stripe, then drop the data.
        for (Object stripe : stripes) {
            synchronized (stripe) {
                stripe.hashCode();
            }
        }
        byAddress.clear();
        bySubnet.clear();
        byExpiry.clear();
        counts.clear();
    }

    @Override
    public String toString() {
        return "InMemoryLeaseStore{" + (closed ? "closed" : size.sum() + " leases") + "}";
    }

    private static final class SubnetCounter {
        final LongAdder assigned = new LongAdder();
        final LongAdder declined = new LongAdder();
    }

    /** Expiry-index key: expiry time, then unsigned address. */
    private record ExpiryKey(long expire, int address) implements Comparable<ExpiryKey> {
        @Override
        public int compareTo(ExpiryKey o) {
            int c = Long.compare(expire, o.expire);
            return c != 0 ? c : Integer.compareUnsigned(address, o.address);
        }
    }

    /**
     * A secondary index: key to the addresses of the leases carrying it, in unsigned order. Up to {@value #SMALL}
     * addresses live in an immutable sorted array swapped on write; beyond that, in a concurrent skip-list set, so a
     * popular key (a common host name) costs O(log n) per change, not a copy.
     */
    private final class AddressIndex<K> {
        private static final int SMALL = 16;
        private final ConcurrentHashMap<K, Object> map = new ConcurrentHashMap<>();

        void add(K key, int address) {
            map.compute(key, (k, v) -> {
                if (v == null) {
                    return new int[] {address};
                }
                if (v instanceof int[] a) {
                    int i = search(a, address);
                    if (i >= 0) {
                        return a;
                    }
                    if (a.length < SMALL) {
                        int at = -i - 1;
                        int[] b = new int[a.length + 1];
                        System.arraycopy(a, 0, b, 0, at);
                        b[at] = address;
                        System.arraycopy(a, at, b, at + 1, a.length - at);
                        return b;
                    }
                    ConcurrentSkipListSet<Integer> set = new ConcurrentSkipListSet<>(Integer::compareUnsigned);
                    for (int x : a) {
                        set.add(x);
                    }
                    set.add(address);
                    return set;
                }
                set(v).add(address);
                return v;
            });
        }

        void remove(K key, int address) {
            map.computeIfPresent(key, (k, v) -> {
                if (v instanceof int[] a) {
                    int i = search(a, address);
                    if (i < 0) {
                        return a;
                    }
                    if (a.length == 1) {
                        return null;
                    }
                    int[] b = new int[a.length - 1];
                    System.arraycopy(a, 0, b, 0, i);
                    System.arraycopy(a, i + 1, b, i, a.length - i - 1);
                    return b;
                }
                ConcurrentSkipListSet<Integer> set = set(v);
                set.remove(address);
                return set.isEmpty() ? null : set;
            });
        }

        /** The current leases of the key's addresses that still carry the key, in address order. */
        List<Lease4> lookup(K key, Predicate<Lease4> carriesKey) {
            Object v = map.get(key);
            if (v == null) {
                return List.of();
            }
            List<Lease4> out = new ArrayList<>();
            if (v instanceof int[] a) {
                for (int address : a) {
                    addIfCarries(out, address, carriesKey);
                }
            } else {
                for (Integer address : set(v)) {
                    addIfCarries(out, address, carriesKey);
                }
            }
            return Collections.unmodifiableList(out);
        }

        private void addIfCarries(List<Lease4> out, int address, Predicate<Lease4> carriesKey) {
            Lease4 lease = byAddress.get(key(address));
            if (lease != null && carriesKey.test(lease)) {
                out.add(lease);
            }
        }

        @SuppressWarnings("unchecked")
        private ConcurrentSkipListSet<Integer> set(Object v) {
            return (ConcurrentSkipListSet<Integer>) v;
        }

        /** Binary search in unsigned order; as {@link java.util.Arrays#binarySearch}. */
        private int search(int[] a, int address) {
            int lo = 0;
            int hi = a.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                int c = Integer.compareUnsigned(a[mid], address);
                if (c < 0) {
                    lo = mid + 1;
                } else if (c > 0) {
                    hi = mid - 1;
                } else {
                    return mid;
                }
            }
            return -(lo + 1);
        }
    }
}
