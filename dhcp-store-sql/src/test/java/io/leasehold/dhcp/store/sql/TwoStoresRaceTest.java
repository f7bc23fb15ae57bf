package io.leasehold.dhcp.store.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.lease.HardwareAddress;
import io.leasehold.dhcp.lease.Ipv4;
import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.testing.sql.MariaDbExtension;
import io.leasehold.dhcp.testing.sql.PostgresExtension;
import io.leasehold.dhcp.testing.sql.TestDatabase;
import io.leasehold.dhcp.time.Scheduler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Two servers on one database: two stores, each with its own connection pool, and several threads on each race
 * {@code add()} for the same addresses. Every address ends with exactly one lease, and every add that returned
 * true is the lease stored.
 */
class TwoStoresRaceTest {
    private static final int ADDRESSES = 400;
    private static final int THREADS_PER_STORE = 3;

    @Nested
    class OnPostgres {
        @RegisterExtension
        static PostgresExtension pg = new PostgresExtension();

        @Test
        @Timeout(120)
        void everyAddressHasExactlyOneOwner() throws Exception {
            race(pg.database());
        }
    }

    @Nested
    class OnMariaDb {
        @RegisterExtension
        static MariaDbExtension maria = new MariaDbExtension();

        @Test
        @Timeout(120)
        void everyAddressHasExactlyOneOwner() throws Exception {
            race(maria.database());
        }
    }

    static void race(TestDatabase db) throws Exception {
        int base = Ipv4.parse("10.20.0.0");
        Scheduler scheduler = Scheduler.system("race-timers");
        ExecutorService pool = Executors.newFixedThreadPool(2 * THREADS_PER_STORE);
        try (SqlLeaseStore a = SqlTestSupport.open(db, scheduler); SqlLeaseStore b = SqlTestSupport.open(db, scheduler)) {
            ConcurrentHashMap<Integer, Lease4> won = new ConcurrentHashMap<>();
            AtomicInteger doubleWins = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 2 * THREADS_PER_STORE; t++) {
                SqlLeaseStore store = t % 2 == 0 ? a : b;
                int id = t;
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < ADDRESSES; i++) {
                        // threads walk the range from different starting points, so they meet everywhere
                        int address = base + (i + id * 67) % ADDRESSES;
                        Lease4 mine = Lease4.builder(address)
                                .hardwareAddress(HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, 0, (byte) id}))
                                .validLifetime(3600).cltt(1_800_000_000L).subnetId(1 + id % 2)
                                .hostname("server-" + (id % 2) + "-thread-" + id).build();
                        if (store.add(mine) && won.putIfAbsent(address, mine) != null) {
                            doubleWins.incrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : futures) {
                f.get(100, TimeUnit.SECONDS);
            }
            assertEquals(0, doubleWins.get(), "an address was won twice");
            assertEquals(ADDRESSES, won.size(), "every address was won once");
            assertEquals(ADDRESSES, a.size());
            for (int i = 0; i < ADDRESSES; i++) {
                Lease4 stored = b.get(base + i).orElseThrow();
                assertEquals(won.get(base + i), stored, "the winner's lease is the stored one");
            }
            long counted = a.countBySubnet(1).assigned() + a.countBySubnet(2).assigned();
            assertEquals(ADDRESSES, counted, "Kea's lease4_stat agrees");
            assertTrue(a.getBySubnet(1).size() + b.getBySubnet(2).size() == ADDRESSES);
        } finally {
            pool.shutdownNow();
            ((AutoCloseable) scheduler).close();
        }
    }
}
