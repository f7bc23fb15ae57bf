package io.leasehold.dhcp.lease;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.LongAdder;

import org.jctools.maps.NonBlockingHashMapLong;

/**
 * A lease store in memory: fast, concurrent, and gone when the process ends. Use it for tests, for appliances that
 * keep leases elsewhere, or when the HA partner is the only persistence wanted. Implements the whole
 * {@link LeaseStore} contract.
 *
 * <h2>Structure</h2>
 * <ul>
 *   <li>Primary: a primitive-keyed hash map from address to lease (JCTools' {@code NonBlockingHashMapLong}: open
 *       addressing, no node and no boxed key per entry), so {@link #get} and renewals cost one or two memory
 *       accesses however many leases there are and allocate nothing. (A skip list as primary map measured about
 *       3 µs per get at a million leases, nearly all of it cache misses along the twenty-odd levels.)</li>
 *   <li>Order: an {@link AddressSet} (per-/24 bitmaps under an ordered set of prefixes), changed only when a lease
 *       is added or deleted, in O(1); {@link #getPage} is O(log prefixes + page).</li>
 *   <li>Secondary indexes, in {@link LeaseIndexes}: hardware address, client id and host name map a key to the
 *       addresses carrying it ({@link AddressIndex}: a small sorted {@code int[]} replaced on write, or a set once a
 *       key has many leases); the subnet index is an {@link AddressSet} per subnet; the expiry index
 *       ({@link ExpiryIndex}) groups the leases that can expire by expiry second, so {@link #getExpired} reads the
 *       oldest first without a scan; per-subnet counts ({@link SubnetCounters}) are kept as leases change.</li>
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
    private final NonBlockingHashMapLong<Lease4> byAddress = new NonBlockingHashMapLong<>();
    /** Every leased address, walked in unsigned order. */
    private final AddressSet order = new AddressSet();
    private final LeaseIndexes indexes = new LeaseIndexes(byAddress::get);
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
            if (byAddress.containsKey(lease.address())) {
                return false;
            }
            indexes.index(lease, null);
            order.add(lease.address());
            byAddress.put(lease.address(), lease);
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
            Lease4 current = byAddress.get(lease.address());
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
            Lease4 current = byAddress.get(expected.address());
            if (current == null || !current.equals(expected)) {
                return false;
            }
            swap(current, replacement);
            return true;
        }
    }

    /** Under the address's lock: replaces {@code current} by {@code next} in the primary and every index. */
    private void swap(Lease4 current, Lease4 next) {
        indexes.index(next, current);
        byAddress.put(next.address(), next);
        indexes.unindex(current, next);
    }

    @Override
    public boolean delete(Lease4 expected) {
        Objects.requireNonNull(expected, "expected");
        ensureOpen();
        synchronized (lockFor(expected.address())) {
            ensureOpen();
            Lease4 current = byAddress.get(expected.address());
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
            Lease4 current = byAddress.get(address);
            if (current == null) {
                return Optional.empty();
            }
            remove(current);
            return Optional.of(current);
        }
    }

    /** Under the address's lock. */
    private void remove(Lease4 current) {
        byAddress.remove(current.address());
        order.remove(current.address());
        indexes.unindex(current, null);
        size.decrement();
    }

    @Override
    public Optional<Lease4> get(int address) {
        ensureOpen();
        return Optional.ofNullable(byAddress.get(address));
    }

    @Override
    public List<Lease4> getByHardwareAddress(HardwareAddress hardwareAddress) {
        Objects.requireNonNull(hardwareAddress, "hardwareAddress");
        ensureOpen();
        return indexes.byHardwareAddress(hardwareAddress);
    }

    @Override
    public List<Lease4> getByClientId(ClientId clientId) {
        Objects.requireNonNull(clientId, "clientId");
        ensureOpen();
        return indexes.byClientId(clientId);
    }

    @Override
    public List<Lease4> getByHostname(String hostname) {
        Objects.requireNonNull(hostname, "hostname");
        ensureOpen();
        if (hostname.isEmpty()) {
            return List.of();
        }
        return indexes.byHostname(hostname);
    }

    @Override
    public List<Lease4> getBySubnet(long subnetId) {
        ensureOpen();
        return indexes.bySubnet(subnetId);
    }

    @Override
    public List<Lease4> getPage(int afterAddress, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("page limit must be positive: " + limit);
        }
        ensureOpen();
        List<Lease4> out = new ArrayList<>(Math.min(limit, 256));
        order.walkFrom(Ipv4.toUnsigned(afterAddress) + 1, address -> {
            Lease4 lease = byAddress.get(address);
            if (lease != null) {
                out.add(lease);
            }
            return out.size() < limit;
        });
        return Collections.unmodifiableList(out);
    }

    @Override
    public List<Lease4> getExpired(long nowSeconds, int limit) {
        if (limit <= 0) {
            throw new IllegalArgumentException("expired lease limit must be positive: " + limit);
        }
        ensureOpen();
        return indexes.expired(nowSeconds, limit);
    }

    @Override
    public long size() {
        ensureOpen();
        return size.sum();
    }

    @Override
    public SubnetLeaseCounts countBySubnet(long subnetId) {
        ensureOpen();
        return indexes.counts(subnetId);
    }

    @Override
    public long wipe(long subnetId) {
        ensureOpen();
        if (subnetId == 0) {
            long deleted = 0;
            for (Lease4 lease : byAddress.values()) {
                if (delete(lease)) {
                    deleted++;
                }
            }
            return deleted;
        }
        long[] count = {0};
        indexes.forEachInSubnet(subnetId, address -> {
            Lease4 lease = byAddress.get(address);
            if (lease != null && lease.subnetId() == subnetId && delete(lease)) {
                count[0]++;
            }
            return true;
        });
        return count[0];
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
        order.clear();
        indexes.clear();
    }

    @Override
    public String toString() {
        return "InMemoryLeaseStore{" + (closed ? "closed" : size.sum() + " leases") + "}";
    }
}
