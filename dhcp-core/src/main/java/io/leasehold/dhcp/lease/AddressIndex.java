package io.leasehold.dhcp.lease;

import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntPredicate;

/**
 * A secondary index of {@link InMemoryLeaseStore}: key to the addresses of the leases carrying it, in unsigned
 * order. Up to {@value #SMALL} addresses live in an immutable sorted array swapped on write; beyond that, in an
 * {@link AddressSet}, so a popular key (a common host name) costs O(1) per change, not a copy.
 *
 * <p>Writers of one key serialize on its lock stripe (no lambda or map node per change: a known key's entry is
 * updated in place); readers take no lock and see a weakly consistent view.
 */
final class AddressIndex<K> {
    private static final int SMALL = 64;
    private final ConcurrentHashMap<K, Object> map = new ConcurrentHashMap<>();
    private final LockStripes locks = new LockStripes(64);

    void add(K key, int address) {
        synchronized (locks.of(key.hashCode())) {
            Object v = map.get(key);
            Object next = added(v, address);
            if (next != v) {
                map.put(key, next);
            }
        }
    }

    void remove(K key, int address) {
        synchronized (locks.of(key.hashCode())) {
            Object v = map.get(key);
            if (v == null) {
                return;
            }
            Object next = removed(v, address);
            if (next == null) {
                map.remove(key);
            } else if (next != v) {
                map.put(key, next);
            }
        }
    }

    /** What a key holding {@code v} holds once {@code address} is added: {@code v} itself when changed in place. */
    private static Object added(Object v, int address) {
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
            AddressSet set = new AddressSet();
            for (int x : a) {
                set.add(x);
            }
            set.add(address);
            return set;
        }
        ((AddressSet) v).add(address);
        return v;
    }

    /** What a key holding {@code v} holds once {@code address} is removed: null for nothing. */
    private static Object removed(Object v, int address) {
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
        AddressSet set = (AddressSet) v;
        set.remove(address);
        return set.isEmpty() ? null : set;
    }

    /** What the key maps to: null (none), an {@code int[]} of addresses in order, or a larger set; read-only. */
    Object addresses(K key) {
        return map.get(key);
    }

    /** Visits the key's addresses in order until the visitor returns {@code false}. */
    void walk(K key, IntPredicate visitor) {
        Object v = map.get(key);
        if (v instanceof int[] a) {
            for (int address : a) {
                if (!visitor.test(address)) {
                    return;
                }
            }
        } else if (v != null) {
            ((AddressSet) v).walkFrom(0, visitor);
        }
    }

    void clear() {
        map.clear();
    }

    /** Binary search in unsigned order; as {@link java.util.Arrays#binarySearch}. */
    private static int search(int[] a, int address) {
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
