package io.leasehold.dhcp.lease;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListSet;

import org.jctools.maps.NonBlockingHashMapLong;

/**
 * The expiry index of {@link InMemoryLeaseStore}: the leases that can expire (state default or declined, finite
 * lifetime) grouped by expiry second, as an ordered set of seconds plus, per second, a hash set of addresses. The
 * expired-lease query reads the oldest seconds first without a scan; a renewal touches two hash sets (the ordered set
 * only when a second gains its first lease or loses its last).
 *
 * <p>Writers of one second serialize on its lock stripe; readers take no lock and re-check each hit against the
 * primary map, since a lease may be renewed while they read. Seconds key a primitive-keyed map, so a change boxes
 * no second unless it is new to the ordered set.
 */
final class ExpiryIndex {
    /** Expiry seconds that have leases, in order; changed only under the second's lock stripe. */
    private final ConcurrentSkipListSet<Long> expirySeconds = new ConcurrentSkipListSet<>();
    /** Per expiry second, the addresses of the leases that can expire then (unordered: ties have no order). */
    private final NonBlockingHashMapLong<Set<Integer>> byExpiry = new NonBlockingHashMapLong<>();
    private final LockStripes locks = new LockStripes(64);

    /** Whether a lease belongs in this index. */
    static boolean canExpire(Lease4 lease) {
        return lease.validLifetime() != Lease4.INFINITE_LIFETIME
                && (lease.state() == LeaseState.DEFAULT || lease.state() == LeaseState.DECLINED);
    }

    /** Adds {@code address} under expiry second {@code expire}. */
    void add(int address, long expire) {
        synchronized (locks.of(expire)) {
            Set<Integer> bucket = byExpiry.get(expire);
            if (bucket == null) {
                bucket = ConcurrentHashMap.newKeySet();
                byExpiry.put(expire, bucket);
                expirySeconds.add(expire);
            }
            bucket.add(address);
        }
    }

    /** Removes {@code address} from expiry second {@code expire}. */
    void remove(int address, long expire) {
        synchronized (locks.of(expire)) {
            Set<Integer> bucket = byExpiry.get(expire);
            if (bucket == null) {
                return;
            }
            bucket.remove(address);
            if (bucket.isEmpty()) {
                expirySeconds.remove(expire);
                byExpiry.remove(expire);
            }
        }
    }

    /**
     * Up to {@code limit} leases of {@code primary} that can expire and expired at or before {@code nowSeconds},
     * oldest expiry first (leases of one second in no particular order).
     */
    List<Lease4> expired(long nowSeconds, int limit, LeaseLookup primary) {
        List<Lease4> out = new ArrayList<>(Math.min(limit, 256));
        for (Long second : expirySeconds.headSet(nowSeconds, true)) {
            Set<Integer> bucket = byExpiry.get((long) second);
            if (bucket == null) {
                continue;
            }
            for (Integer address : bucket) {
                Lease4 lease = primary.at(address);
                // re-check: the lease may have been renewed since the index was read
                if (lease != null && canExpire(lease) && lease.expire() == second) {
                    out.add(lease);
                    if (out.size() == limit) {
                        return Collections.unmodifiableList(out);
                    }
                }
            }
        }
        return Collections.unmodifiableList(out);
    }

    void clear() {
        byExpiry.clear();
        expirySeconds.clear();
    }
}
