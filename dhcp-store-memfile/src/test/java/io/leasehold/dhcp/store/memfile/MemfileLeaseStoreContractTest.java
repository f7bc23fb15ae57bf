package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.lease.LeaseStore;
import io.leasehold.dhcp.spi.tests.LeaseStoreContract;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

/** The lease store contract, run against the memfile store writing a real CSV file (and reopening it). */
class MemfileLeaseStoreContractTest extends LeaseStoreContract {
    @TempDir
    Path dir;

    private MemfileConfig config() {
        return MemfileConfig.builder().name(dir.resolve("kea-leases4.csv")).persist(true).lfcIntervalSeconds(0)
                .build();
    }

    @Override
    protected LeaseStore newStore() {
        return MemfileLeaseStore.open(config());
    }

    @Override
    protected LeaseStore reopen(LeaseStore store) {
        store.close();
        return MemfileLeaseStore.open(config());
    }
}
