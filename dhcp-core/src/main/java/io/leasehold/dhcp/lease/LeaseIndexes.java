package io.leasehold.dhcp.lease;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiPredicate;
import java.util.function.IntPredicate;

/**
 * The secondary indexes of {@link InMemoryLeaseStore} over its primary map (address to lease): hardware address,
 * client id and host name ({@link AddressIndex}: key to addresses), subnet (an {@link AddressSet} per subnet, so a
 * subnet's leases come out in address order; it changes only when a lease changes subnet), expiry
 * ({@link ExpiryIndex}) and the per-subnet counts ({@link SubnetCounters}).
 *
 * <p>Writers hold the address's lock in the store: a lease is added to the indexes before it enters the primary map
 * and leaves them after. Readers take no lock and re-check each hit against the primary, so a lookup never returns a
 * lease that does not carry the key.
 */
final class LeaseIndexes {
    private final LeaseLookup primary;
    private final AddressIndex<HardwareAddress> byHardwareAddress = new AddressIndex<>();
    private final AddressIndex<ClientId> byClientId = new AddressIndex<>();
    private final AddressIndex<String> byHostname = new AddressIndex<>();
    private final ConcurrentHashMap<Long, AddressSet> bySubnet = new ConcurrentHashMap<>();
    private final ExpiryIndex byExpiry = new ExpiryIndex();
    private final SubnetCounters counts = new SubnetCounters();

    /** Indexes over {@code primary}, which lookups read to re-check their hits. */
    LeaseIndexes(LeaseLookup primary) {
        this.primary = primary;
    }

    private AddressSet subnet(long subnetId) {
        return bySubnet.computeIfAbsent(subnetId, id -> new AddressSet());
    }

    /** Adds {@code lease} to every index, skipping entries {@code previous} (same address) already has. */
    void index(Lease4 lease, Lease4 previous) {
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
        if (previous == null || previous.subnetId() != lease.subnetId()) {
            subnet(lease.subnetId()).add(a);
        }
        if (ExpiryIndex.canExpire(lease)
                && (previous == null || !ExpiryIndex.canExpire(previous) || previous.expire() != lease.expire())) {
            byExpiry.add(a, lease.expire());
        }
        counts.count(lease, +1);
    }

    /** Removes {@code lease} from every index, keeping entries its successor {@code next} (or none) still needs. */
    void unindex(Lease4 lease, Lease4 next) {
        int a = lease.address();
        if (lease.hardwareAddress() != null
                && (next == null || !lease.hardwareAddress().equals(next.hardwareAddress()))) {
            byHardwareAddress.remove(lease.hardwareAddress(), a);
        }
        if (lease.clientId() != null && (next == null || !lease.clientId().equals(next.clientId()))) {
            byClientId.remove(lease.clientId(), a);
        }
        if (!lease.hostname().isEmpty() && (next == null || !lease.hostname().equals(next.hostname()))) {
            byHostname.remove(lease.hostname(), a);
        }
        if (next == null || next.subnetId() != lease.subnetId()) {
            subnet(lease.subnetId()).remove(a);
        }
        if (ExpiryIndex.canExpire(lease)
                && (next == null || !ExpiryIndex.canExpire(next) || next.expire() != lease.expire())) {
            byExpiry.remove(a, lease.expire());
        }
        counts.count(lease, -1);
    }

    List<Lease4> byHardwareAddress(HardwareAddress hardwareAddress) {
        return lookup(byHardwareAddress, hardwareAddress, (k, l) -> k.equals(l.hardwareAddress()));
    }

    List<Lease4> byClientId(ClientId clientId) {
        return lookup(byClientId, clientId, (k, l) -> k.equals(l.clientId()));
    }

    /** Leases with this (non-empty) host name. */
    List<Lease4> byHostname(String hostname) {
        return lookup(byHostname, hostname, (k, l) -> k.equals(l.hostname()));
    }

    /** The current leases of the key's addresses that still carry the key, in address order. */
    private <K> List<Lease4> lookup(AddressIndex<K> index, K key, BiPredicate<K, Lease4> carriesKey) {
        // Most lookups are of a new client (nothing indexed) or of a client with one lease: neither needs a list
        // object, the walking lambda or a view; the key predicates capture nothing, so none is made per call.
        Object v = index.addresses(key);
        if (v == null) {
            return List.of();
        }
        if (v instanceof int[] a && a.length == 1) {
            Lease4 lease = primary.at(a[0]);
            return lease != null && carriesKey.test(key, lease) ? List.of(lease) : List.of();
        }
        List<Lease4> out = new ArrayList<>();
        index.walk(key, address -> {
            Lease4 lease = primary.at(address);
            if (lease != null && carriesKey.test(key, lease)) {
                out.add(lease);
            }
            return true;
        });
        return Collections.unmodifiableList(out);
    }

    /** The leases of a subnet, in address order. */
    List<Lease4> bySubnet(long subnetId) {
        List<Lease4> out = new ArrayList<>();
        forEachInSubnet(subnetId, address -> {
            Lease4 lease = primary.at(address);
            if (lease != null && lease.subnetId() == subnetId) {
                out.add(lease);
            }
            return true;
        });
        return Collections.unmodifiableList(out);
    }

    /**
     * Visits the addresses indexed under a subnet, in order, until the visitor returns {@code false}; the visitor
     * re-checks each against the primary.
     */
    void forEachInSubnet(long subnetId, IntPredicate visitor) {
        AddressSet addresses = bySubnet.get(subnetId);
        if (addresses != null) {
            addresses.walkFrom(0, visitor);
        }
    }

    /** See {@link ExpiryIndex#expired}. */
    List<Lease4> expired(long nowSeconds, int limit) {
        return byExpiry.expired(nowSeconds, limit, primary);
    }

    LeaseStore.SubnetLeaseCounts counts(long subnetId) {
        return counts.get(subnetId);
    }

    void clear() {
        bySubnet.clear();
        byExpiry.clear();
        byHardwareAddress.clear();
        byClientId.clear();
        byHostname.clear();
        counts.clear();
    }
}
