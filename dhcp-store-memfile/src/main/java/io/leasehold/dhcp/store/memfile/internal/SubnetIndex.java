package io.leasehold.dhcp.store.memfile.internal;

import java.util.HashMap;
import java.util.Map;

/**
 * The subnet index of a {@link LeaseTable}: per subnet id, a doubly linked list of its slots ({@link SlotLinks}), so
 * moving a lease between subnets and wiping a subnet need no scan. A subnet without leases has no entry.
 *
 * <p>Not thread-safe (see {@link LeaseTable}).
 */
final class SubnetIndex {
    /** Head (slot + 1) of a subnet's list. */
    private static final class Head {
        int head;
    }

    private final LeaseSlots slots;
    private final SlotLinks links = new SlotLinks();
    private final Map<Integer, Head> subnets = new HashMap<>();
    private int cachedSubnet;
    private Head cachedHead;

    SubnetIndex(LeaseSlots slots) {
        this.slots = slots;
    }

    /** Adds {@code slot} to the list of {@code subnet}. */
    void link(int slot, int subnet) {
        Head h = head(subnet);
        h.head = links.pushFront(slot, h.head);
    }

    /** Removes {@code slot} from the list of {@code subnet}, which holds it. */
    void unlink(int slot, int subnet) {
        Head h = head(subnet);
        h.head = links.unlink(slot, h.head);
        if (h.head == 0) {
            subnets.remove(subnet);
            cachedHead = null;
        }
    }

    /** The entry of a subnet, created if needed; the last one is cached (loads come in runs of one subnet). */
    private Head head(int subnet) {
        Head h = cachedHead;
        if (h == null || cachedSubnet != subnet) {
            h = subnets.computeIfAbsent(subnet, k -> new Head());
            cachedSubnet = subnet;
            cachedHead = h;
        }
        return h;
    }

    /** Builds every subnet's list from scratch. */
    void build() {
        subnets.clear();
        cachedHead = null;
        int limit = slots.limit();
        for (int slot = 0; slot < limit; slot++) {
            if (slots.isLive(slot)) {
                link(slot, slots.subnet(slot));
            }
        }
    }

    /** Adds the slots of {@code subnet} to {@code out}. */
    void collect(int subnet, SlotList out) {
        Head h = subnets.get(subnet);
        if (h != null) {
            for (int s = h.head; s != 0; s = links.next(s - 1)) {
                out.add(s - 1);
            }
        }
    }

    /** Subnets with leases (tests: an emptied subnet leaves no entry). */
    int subnetCount() {
        return subnets.size();
    }
}
