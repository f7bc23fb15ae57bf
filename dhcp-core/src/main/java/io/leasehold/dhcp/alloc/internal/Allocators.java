package io.leasehold.dhcp.alloc.internal;

import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AllocatorType;
import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.time.Clock;
import java.util.List;
import java.util.Objects;

/** Builds the shipped allocators, behind {@code io.leasehold.dhcp.alloc.AddressAllocators}. */
public final class Allocators {
    private Allocators() {
    }

    public static AddressAllocator create(AllocatorType type, List<PoolRange> pools, Clock clock, long offerHoldMillis) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(pools, "pools");
        return switch (type) {
            case ITERATIVE -> new IterativeAllocator(pools, clock, offerHoldMillis);
            case RANDOM -> new RandomAllocator(pools, clock, offerHoldMillis);
            case FLQ -> new FreeLeaseQueueAllocator(pools, clock, offerHoldMillis);
        };
    }
}
