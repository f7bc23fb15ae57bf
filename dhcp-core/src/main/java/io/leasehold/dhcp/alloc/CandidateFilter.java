package io.leasehold.dhcp.alloc;

/**
 * The engine's last word on a candidate the allocator is about to return: a view of unavailability the allocator's
 * own index may not have (for example a lease that a control command or the HA partner wrote to the store without
 * telling the allocator). Called on the allocating thread with the candidate already held, so it must be quick and
 * must not call back into the allocator.
 */
@FunctionalInterface
public interface CandidateFilter {

    /** Accepts every candidate. */
    CandidateFilter ACCEPT_ALL = address -> Verdict.ACCEPT;

    /** What to do with the candidate {@code address}. */
    Verdict check(int address);

    /** A filter's answer. */
    enum Verdict {
        /** Hand the candidate out. */
        ACCEPT,
        /**
         * Someone holds a valid lease on it: the allocator records the address as used (as by
         * {@link AddressAllocator#markUsed}) and tries the next one. The engine must call
         * {@link AddressAllocator#markFree} when that lease goes away, as for any used address.
         */
        IN_USE,
        /**
         * Not for this client, but free for others: the allocator keeps it free and tries the next one. At most
         * {@link AddressAllocator#MAX_SKIPS} candidates are skipped in one call, after which it reports exhaustion.
         */
        SKIP
    }
}
