/**
 * The allocator SPI: {@link io.leasehold.dhcp.alloc.AddressAllocator} picks free addresses from a subnet's pools
 * ({@link io.leasehold.dhcp.alloc.PoolRange}, {@link io.leasehold.dhcp.alloc.AddressRange}) with one of Kea's
 * allocators ({@link io.leasehold.dhcp.alloc.AllocatorType}).
 */
package io.leasehold.dhcp.alloc;
