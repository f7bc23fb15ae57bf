package io.leasehold.dhcp.alloc;

import io.leasehold.dhcp.alloc.internal.Allocators;
import io.leasehold.dhcp.time.Clock;

import java.util.List;

/**
 * Creates the allocators Leasehold ships ({@link AllocatorType}). The factory lives apart from the
 * {@link AddressAllocator} SPI so that the interface does not know its implementations.
 */
public final class AddressAllocators {
    private AddressAllocators() {
    }

    /**
     * One of the shipped allocators for a subnet's pools.
     *
     * @param type            which allocator
     * @param pools           the subnet's pools in configuration order (the iterative allocator walks them in this
     *                        order); they must not overlap; empty for a subnet without pools
     * @param clock           time source of the offer hold
     * @param offerHoldMillis how long an offer holds its address, at least 1 ms
     * @throws IllegalArgumentException naming the pool or value when pools overlap, a pool is larger than
     *                                  {@link AddressAllocator#MAX_POOL_SIZE}, or the hold is not positive
     */
    public static AddressAllocator create(AllocatorType type, List<PoolRange> pools, Clock clock, long offerHoldMillis) {
        return Allocators.create(type, pools, clock, offerHoldMillis);
    }
}
