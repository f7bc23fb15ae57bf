package io.leasehold.dhcp.alloc;

import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One pool as an allocator sees it: an address range and the client classes allowed to use it. An empty class set
 * means every client may use the pool; otherwise a client must belong to at least one of the classes (Kea's
 * {@code client-class}, and {@code client-classes} from Kea 2.7 on).
 *
 * @param range         the pool's addresses
 * @param clientClasses class names of which the client must belong to one; empty for an open pool
 */
public record PoolRange(AddressRange range, Set<String> clientClasses) {

    public PoolRange {
        Objects.requireNonNull(range, "range");
        clientClasses = Set.copyOf(clientClasses);
    }

    /** A pool open to every client. */
    public static PoolRange of(AddressRange range) {
        return new PoolRange(range, Set.of());
    }

    /** A pool restricted to one client class ({@code null}: open to every client). */
    public static PoolRange of(AddressRange range, String clientClass) {
        return new PoolRange(range, clientClass == null ? Set.of() : Set.of(clientClass));
    }

    /** Whether a client belonging to the classes {@code memberOf} accepts may draw from this pool. */
    public boolean allows(Predicate<String> memberOf) {
        if (clientClasses.isEmpty()) {
            return true;
        }
        for (String c : clientClasses) {
            if (memberOf.test(c)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return clientClasses.isEmpty() ? range.toString() : range + " " + clientClasses;
    }
}
