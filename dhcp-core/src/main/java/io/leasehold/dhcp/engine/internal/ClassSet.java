package io.leasehold.dhcp.engine.internal;

import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.function.Predicate;

/**
 * A query's client classes: a set of names in the order they were assigned. A query gets a handful (ALL, KNOWN or
 * UNKNOWN, an HA scope, a few configured ones), so an array searched from the start beats a {@code LinkedHashSet}
 * here and costs one object and one array per query instead of a map, its table and an entry per class.
 * Not thread-safe, like the exchange that holds it; nulls are refused.
 */
final class ClassSet extends AbstractSet<String> implements Predicate<String> {
    private String[] names = new String[4];
    private int size;

    @Override
    public boolean add(String name) {
        if (contains(name)) {
            return false;
        }
        if (size == names.length) {
            names = Arrays.copyOf(names, 2 * size);
        }
        names[size++] = name;
        return true;
    }

    /** Empties the set, keeping its array (an exchange reuses it for the next query). */
    @Override
    public void clear() {
        Arrays.fill(names, 0, size, null);
        size = 0;
    }

    /** Membership, as {@link #contains}: the set is its own predicate, so passing it allocates no method reference. */
    @Override
    public boolean test(String name) {
        return contains(name);
    }

    @Override
    public boolean contains(Object o) {
        if (o == null) {
            throw new NullPointerException("class name");
        }
        for (int i = 0; i < size; i++) {
            if (names[i].equals(o)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public boolean remove(Object o) {
        for (int i = 0; i < size; i++) {
            if (names[i].equals(o)) {
                System.arraycopy(names, i + 1, names, i, size - i - 1);
                names[--size] = null;
                return true;
            }
        }
        return false;
    }

    @Override
    public int size() {
        return size;
    }

    /** The {@code i}-th class assigned, for loops that must not allocate an iterator. */
    String get(int i) {
        return names[i];
    }

    @Override
    public Iterator<String> iterator() {
        return new Iterator<>() {
            private int next;
            private int last = -1;

            @Override
            public boolean hasNext() {
                return next < size;
            }

            @Override
            public String next() {
                if (next >= size) {
                    throw new NoSuchElementException();
                }
                last = next;
                return names[next++];
            }

            @Override
            public void remove() {
                if (last < 0) {
                    throw new IllegalStateException();
                }
                ClassSet.this.remove(names[last]);
                next = last;
                last = -1;
            }
        };
    }
}
