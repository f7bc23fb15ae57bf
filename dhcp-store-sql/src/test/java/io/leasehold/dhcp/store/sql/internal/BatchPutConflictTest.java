package io.leasehold.dhcp.store.sql.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.leasehold.dhcp.config.KeaConfigLoader;
import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.store.sql.SqlLeaseStore;
import io.leasehold.dhcp.store.sql.SqlLeaseStores;
import io.leasehold.dhcp.store.sql.SqlStoreOptions;
import io.leasehold.dhcp.testing.sql.PostgresExtension;
import io.leasehold.dhcp.testing.sql.TestDatabase;
import io.leasehold.dhcp.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A run whose address another writer inserts between the run's locking read and its INSERT (PostgreSQL cannot lock a
 * row that does not exist yet): the run is rolled back and stored one lease at a time, so the newer of the two
 * leases wins at that address, every other lease of the run is stored, and each is reported once.
 */
class BatchPutConflictTest {
    @RegisterExtension
    static PostgresExtension pg = new PostgresExtension();

    @AfterEach
    void noHook() {
        BatchPut.afterLockingRead = null;
    }

    private static Lease4 lease(int address, long cltt, String who) {
        return Lease4.builder(address).hardwareAddress(HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, 0,
                (byte) address})).validLifetime(3600).cltt(cltt).subnetId(1).hostname(who).build();
    }

    @Test
    void aRowInsertedAfterTheLockingReadSendsTheRunOneByOne() throws Exception {
        TestDatabase db = pg.database();
        Scheduler scheduler = Scheduler.system("batch-conflict-timers");
        try (SqlLeaseStore sync = open(db, scheduler); SqlLeaseStore live = open(db, scheduler)) {
            int base = Ipv4.parse("10.40.0.0");
            List<Lease4> run = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                run.add(lease(base + i, 1_800_000_000L, "page"));
            }
            Lease4 newer = lease(base + 7, 1_800_000_100L, "live");
            Lease4 older = lease(base + 12, 1_700_000_000L, "live-old");
            AtomicInteger reads = new AtomicInteger();
            // A writer that inserts into the run after every locking read of it: rerunning the batch would collide
            // every time (and give up after Jdbc's attempts); one lease at a time cannot be starved.
            BatchPut.afterLockingRead = () -> {
                int n = reads.getAndIncrement();
                if (n == 0) {
                    live.add(newer);   // autocommitted on another connection, after the run's SELECT
                    live.add(older);
                } else if (n < 20) {
                    live.add(lease(base + 20 + n, 1_800_000_100L, "live-more"));
                    live.add(lease(base + ((n * 3) % 20), 1_800_000_200L, "live-again"));
                }
            };
            List<Lease4> reported = new ArrayList<>();
            int stored = sync.putAllIfNewer(run, (before, after) -> reported.add(after));
            assertEquals(1, reads.get(), "one locking read, then one lease at a time");
            assertEquals(19, stored, "all but the address holding a newer lease");
            assertEquals(19, reported.size());
            assertEquals(newer, sync.get(base + 7).orElseThrow(), "the newer live lease survives");
            assertEquals(run.get(12), sync.get(base + 12).orElseThrow(), "the run's newer copy replaced the older");
            for (int i = 0; i < 20; i++) {
                if (i != 7) {
                    assertEquals(run.get(i), sync.get(base + i).orElseThrow(), "address " + i);
                }
            }
        } finally {
            ((AutoCloseable) scheduler).close();
        }
    }

    private static SqlLeaseStore open(TestDatabase db, Scheduler scheduler) throws Exception {
        return SqlLeaseStores.open(KeaConfigLoader.parse("{ \"Dhcp4\": { \"lease-database\": "
                + db.leaseDatabaseJson() + ", \"subnet4\": [] } }", "test.json").leaseDatabase(),
                new SqlStoreOptions(8), scheduler);
    }
}
