package io.leasehold.dhcp.spi.tests;

import io.leasehold.dhcp.lease.LeaseStore;

/**
 * The {@link LeaseStore} contract. Subclass it in a test of your store, implement {@link #newStore()} (and
 * {@link #reopen} for a persistent store), and every test here runs against your implementation.
 *
 * <pre>
 * class MyStoreContractTest extends LeaseStoreContract {
 *     &#64;Override
 *     protected LeaseStore newStore() {
 *         return new MyStore(tempDir);
 *     }
 * }
 * </pre>
 *
 * <p>The tests live in a chain of package-private abstract classes, one concern each:
 * {@code LeaseStoreBasicContract} (fixture, single-lease operations, close, persistence) &lt;-
 * {@code LeaseStoreQueryContract} (indexes, paging, expiry, counts, wipe) &lt;- {@code LeaseStoreConcurrencyContract}
 * (racing writers) &lt;- this class, the one to subclass.
 */
public abstract class LeaseStoreContract extends LeaseStoreConcurrencyContract {
    // Every test, the fixture (newStore, reopen, store) and the helpers are inherited.
}
