package io.leasehold.dhcp.spi.tests;

import io.leasehold.dhcp.alloc.AddressAllocator;

/**
 * The {@link AddressAllocator} contract. Subclass it in a test of your allocator and implement {@link #newAllocator};
 * every test here runs against it. Time is virtual: tests move {@link #clock} by hand.
 *
 * <p>The tests live in a chain of package-private abstract classes, one concern each:
 * {@code AllocatorBasicContract} (fixture, pools, address states) &lt;- {@code AllocatorSelectionContract} (client
 * classes, the candidate filter, nearly full pools) &lt;- {@code AllocatorOfferHoldContract} (the offer hold in
 * virtual time) &lt;- {@code AllocatorConcurrencyContract} (racing threads) &lt;- this class, the one to subclass.
 */
public abstract class AllocatorContract extends AllocatorConcurrencyContract {
    // Every test, the fixture (newAllocator, clock, ManualClock) and the helpers are inherited.
}
