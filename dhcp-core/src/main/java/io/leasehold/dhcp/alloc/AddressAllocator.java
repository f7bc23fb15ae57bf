package io.leasehold.dhcp.alloc;

import io.leasehold.dhcp.time.Clock;
import java.util.List;
import java.util.function.Predicate;

/**
 * Picks free addresses from the pools of one subnet: the allocator SPI. Choose one of the shipped allocators with
 * {@link #create} (Kea's {@code allocator} setting: {@code iterative}, {@code random}, {@code flq}); every
 * implementation must pass {@code io.leasehold.dhcp.spi.tests.AllocatorContract} from {@code dhcp-spi-tests}.
 *
 * <h2>An index of its own</h2>
 * An allocator does not read the lease store. It keeps its own per-address state, which the engine keeps in step:
 * <pre>
 *            allocate / claim              markUsed (lease committed)
 *   FREE  ------------------------&gt;  OFFERED  ---------------------------&gt;  USED
 *    ^  ^                              |                                    |
 *    |  +--- release, or hold ran out -+                                    |
 *    +------------------------------------------ markFree (lease gone) -----+
 * </pre>
 * <ul>
 *   <li><b>Start-up and reconfiguration</b>: create the allocator, then {@link #markUsed} every address that has a
 *       lease in state default or declined (expired or not), and {@link #reserve} every in-pool address reserved
 *       for a host. Only then allocate.</li>
 *   <li><b>DISCOVER</b>: for the requested address use {@link #claim}; otherwise {@link #allocate}. Either holds the
 *       address as {@code OFFERED} for that client for the offer hold, so no other client is offered it meanwhile.
 *       {@link #NONE} means no free address: no offer (Kea counts {@code v4-allocation-fail}).</li>
 *   <li><b>REQUEST</b>: after the lease store accepted the lease, {@link #markUsed}. If the store refused it, or the
 *       engine gave up on the client, {@link #release} it (or let the hold run out).</li>
 *   <li><b>Lease gone</b> (released, reclaimed, deleted by a command, declined lease out of probation):
 *       {@link #markFree}. A DECLINE keeps the address used. A lease written by a command or the HA partner:
 *       {@link #markUsed}.</li>
 * </ul>
 * {@code FREE} here means "no valid lease": the store may still hold an expired-reclaimed or released lease on the
 * address (kept for affinity), so the engine commits a new lease there with a compare-and-set replace. An expired but
 * not yet reclaimed lease stays {@code USED} until reclamation frees it; Kea reuses such leases directly, so on
 * {@link #NONE} the engine may reuse the oldest expired lease of the subnet from the store.
 *
 * <h2>Threads and cost</h2>
 * All methods are safe from any number of threads. Two calls never hold the same address: every transition is an
 * atomic compare-and-set on the address's state. {@link #allocate} costs the same in an empty pool and in a 99.9 %
 * full one (a hierarchical bitmap finds free addresses in a few word operations; no pool is scanned) and never
 * throws on exhaustion.
 *
 * <h2>Offer hold</h2>
 * An offer that is neither committed nor released returns to the pool after the offer hold: no earlier than
 * {@link #offerHoldMillis()} after it was made and at most about a quarter of the hold later, measured on the
 * {@link Clock#nanoTime() monotonic clock} given at creation.
 */
public interface AddressAllocator {

    /** What {@link #allocate} returns when no address is available. */
    long NONE = -1L;

    /** Most candidates one {@link #allocate} call skips on {@link CandidateFilter.Verdict#SKIP} before giving up. */
    int MAX_SKIPS = 32;

    /** Most addresses one pool may have (2^30). */
    long MAX_POOL_SIZE = 1L << 30;

    /** The pools, in configuration order. */
    List<PoolRange> pools();

    /** The offer hold in milliseconds. */
    long offerHoldMillis();

    /**
     * Holds a free address from the pools the client may use and returns it, as {@code OFFERED}.
     *
     * @param memberOf whether the client belongs to a named class (e.g. {@code classes::contains}); decides which
     *                 class-restricted pools it may use
     * @param filter   the engine's check of each candidate; {@link CandidateFilter#ACCEPT_ALL} when its own index
     *                 is trusted
     * @return the address as an unsigned value ({@code (int)} it), or {@link #NONE} when no allowed pool has a free
     *         address (or {@link #MAX_SKIPS} candidates were skipped)
     */
    long allocate(Predicate<String> memberOf, CandidateFilter filter);

    /** {@link #allocate(Predicate, CandidateFilter)} with {@link CandidateFilter#ACCEPT_ALL}. */
    default long allocate(Predicate<String> memberOf) {
        return allocate(memberOf, CandidateFilter.ACCEPT_ALL);
    }

    /**
     * Holds one given address as {@code OFFERED} if it is free (or its previous offer's hold ran out) and not
     * reserved: the requested-address path. Pool class restrictions are the caller's to check.
     *
     * @return {@code false} when the address is in use, offered, reserved or outside the pools
     */
    boolean claim(int address);

    /**
     * Records the address as leased ({@code USED}), from any state: an offer committed, a lease loaded, written by
     * a command or the HA partner, or a declined address.
     *
     * @return {@code false} when it was already used or lies outside the pools
     */
    boolean markUsed(int address);

    /**
     * Records that the address has no valid lease any more ({@code USED} or {@code OFFERED} to {@code FREE}).
     *
     * @return {@code false} when it was already free or lies outside the pools
     */
    boolean markFree(int address);

    /**
     * Gives an offered address back ({@code OFFERED} to {@code FREE}) because the client will not get it. A used
     * address is left alone, so a late release cannot free a committed lease.
     *
     * @return {@code false} when it was not offered
     */
    boolean release(int address);

    /**
     * Keeps the address out of {@link #allocate} and {@link #claim} for good (an in-pool host reservation; the engine
     * hands it to its owner itself, then calls {@link #markUsed}/{@link #markFree} as for any lease).
     *
     * @return {@code false} when it was already reserved or lies outside the pools
     */
    boolean reserve(int address);

    /** Undoes {@link #reserve}; {@code false} when it was not reserved or lies outside the pools. */
    boolean unreserve(int address);

    /** Where the address stands now; an offer whose hold ran out reads as {@link AddressState#FREE}. */
    AddressState state(int address);

    /** Free addresses in all pools (exact when no call is under way). */
    long freeCount();

    /** Addresses in all pools (Kea's {@code total-addresses}). */
    long size();
}
