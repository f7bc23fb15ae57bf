package io.leasehold.dhcp.spi.tests;

import io.leasehold.dhcp.alloc.AddressAllocators;
import io.leasehold.dhcp.alloc.AddressAllocator;
import io.leasehold.dhcp.alloc.AllocatorType;
import io.leasehold.dhcp.alloc.PoolRange;
import io.leasehold.dhcp.time.Clock;
import java.util.List;

/** Runs the allocator contract against the shipped {@code flq} allocator. */
class FlqAllocatorContractTest extends AllocatorContract {
    @Override
    protected AddressAllocator newAllocator(List<PoolRange> pools, Clock clock, long offerHoldMillis) {
        return AddressAllocators.create(AllocatorType.FLQ, pools, clock, offerHoldMillis);
    }
}
