package io.leasehold.dhcp.alloc;

/** Where an address stands in an allocator's index (see {@link AddressAllocator} for the lifecycle). */
public enum AddressState {
    /** The address lies in none of the allocator's pools. */
    OUTSIDE_POOLS,
    /** Free: the allocator may hand it out. */
    FREE,
    /** Held for a client that was offered it, until committed, released, or the offer hold runs out. */
    OFFERED,
    /** Leased (or declined, or otherwise not to be handed out) until {@link AddressAllocator#markFree}. */
    USED,
    /** Reserved for a host and not otherwise in use: never handed out by {@link AddressAllocator#allocate}. */
    RESERVED
}
