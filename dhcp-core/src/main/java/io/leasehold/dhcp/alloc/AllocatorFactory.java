package io.leasehold.dhcp.alloc;

import io.leasehold.dhcp.time.Clock;

import java.util.List;

/**
 * Creates the allocator of each subnet: the plug point for an allocator of one's own (give one to
 * {@code DhcpServer.Builder.allocatorFactory}). The default, {@link #SHIPPED}, creates the allocator Kea's
 * {@code allocator} setting names. Implementations must pass {@code io.leasehold.dhcp.spi.tests.AllocatorContract}.
 */
@FunctionalInterface
public interface AllocatorFactory {

    /** Kea's allocators: iterative, random, flq. */
    AllocatorFactory SHIPPED = (subnetId, type, pools, clock, holdMillis) ->
            AddressAllocators.create(type, pools, clock, holdMillis);

    /**
     * @param subnetId   the subnet the allocator serves
     * @param type       what the configuration's {@code allocator} key asks for
     * @param pools      the subnet's pools in configuration order
     * @param clock      time source for the offer hold
     * @param holdMillis the offer hold
     */
    AddressAllocator create(long subnetId, AllocatorType type, List<PoolRange> pools, Clock clock, long holdMillis);
}
