package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.time.Clock;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.leasehold.dhcp.store.memfile.LeaseFileFormatTest.HEADER_12;
import static io.leasehold.dhcp.store.memfile.TestLeases.ip;
import static io.leasehold.dhcp.store.memfile.TestLeases.lease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Store lifecycle, torn-line repair, persist false, and the atomicity promises of the SPI under races. */
class MemfileLeaseStoreTest {
    @TempDir
    Path dir;

    /**
     * In memory the store keeps the hardware type, and its lookups match it as {@code HardwareAddress#equals} does
     * (the lease file has no type column: a reloaded lease is Ethernet). Kea's SQL lease tables have no type column
     * either, and the SQL stores match the bytes alone.
     */
    @Test
    void aClientLookupMatchesTheHardwareTypeToo() {
        try (MemfileLeaseStore store = MemfileLeaseStore.open(MemfileConfig.inMemory())) {
            io.leasehold.dhcp.lease.HardwareAddress eth = TestLeases.hw("02:00:00:00:00:31");
            io.leasehold.dhcp.lease.HardwareAddress token = io.leasehold.dhcp.lease.HardwareAddress.of(6,
                    eth.toByteArray());
            store.add(Lease4.builder(ip("10.2.0.1")).hardwareAddress(eth).validLifetime(3600).cltt(1).build());
            store.add(Lease4.builder(ip("10.2.0.2")).hardwareAddress(token).validLifetime(3600).cltt(1).build());
            assertEquals(List.of(ip("10.2.0.1")), store.getByClient(eth, null).stream().map(Lease4::address).toList());
            assertEquals(List.of(ip("10.2.0.2")),
                    store.getByClient(token, null).stream().map(Lease4::address).toList());
            assertEquals(store.getByHardwareAddress(token), store.getByClient(token, null));
        }
    }

    @Test
    void tornLastLineIsCutOffSoTheNextLeaseIsNotGluedToIt() throws IOException {
        Path f = dir.resolve("leases4.csv");
        String good = "198.51.100.18,02:00:00:00:01:0f,,4000,1795311496,2,0,0,,0,,0\n";
        Files.writeString(f, HEADER_12 + "\n" + good + "192.0.2.77,02:00:00:00:00:77,,3600,17953");
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            assertEquals(1, store.size());
            assertEquals(HEADER_12 + "\n" + good, Files.readString(f), "truncated to the last complete line");
            store.add(lease("192.0.2.78", "02:00:00:00:00:78", 1));
        }
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            assertEquals(List.of(ip("192.0.2.78"), ip("198.51.100.18")),
                    TestLeases.all(store).stream().map(Lease4::address).toList());
            assertTrue(store.loadProblems().isEmpty());
        }
    }

    @Test
    void tornHeaderOrEmptyLiveFileIsRecreatedWithTheHeader() throws IOException {
        for (String content : new String[] {"", "address,hwaddr,cli", "\n\n"}) {
            Path f = dir.resolve("leases4.csv");
            Files.writeString(f, content);
            try (MemfileLeaseStore store = TestLeases.open(f)) {
                store.add(lease("192.0.2.1", "02:00:00:00:00:01", 1));
            }
            assertEquals(List.of(HEADER_12, "192.0.2.1,02:00:00:00:00:01,,3600,1795303600,1,0,0,,0,,0"),
                    TestLeases.lines(f), "content " + content);
            Files.delete(f);
        }
    }

    @Test
    void persistFalseTouchesNoFile() throws IOException {
        try (MemfileLeaseStore store = MemfileLeaseStore.open(MemfileConfig.builder().persist(false)
                .name(dir.resolve("leases4.csv")).build(), new VirtualTime())) {
            assertTrue(store.add(lease("192.0.2.1", "02:00:00:00:00:01", 1)));
            assertEquals(1, store.size());
            assertFalse(store.runLeaseFileCleanup());
        }
        try (var listing = Files.list(dir)) {
            assertEquals(0, listing.count());
        }
    }

    @Test
    void closedStoreRefusesEverythingButClose() throws IOException {
        MemfileLeaseStore store = TestLeases.open(dir.resolve("leases4.csv"));
        store.add(lease("192.0.2.1", "02:00:00:00:00:01", 1));
        store.close();
        store.close();
        assertThrows(IllegalStateException.class, () -> store.get(ip("192.0.2.1")));
        assertThrows(IllegalStateException.class, () -> store.add(lease("192.0.2.2", "02:00:00:00:00:02", 1)));
        assertThrows(IllegalStateException.class, () -> store.getPage(0, 10));
        assertThrows(IllegalStateException.class, () -> store.wipe(0));
        assertThrows(IllegalStateException.class, store::size);
        assertThrows(IllegalStateException.class, store::runLeaseFileCleanup);
    }

    @Test
    void oneFileIsOpenedByOneStorePerProcess() throws IOException {
        Path f = dir.resolve("leases4.csv");
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            LeaseFileException e = assertThrows(LeaseFileException.class,
                    () -> TestLeases.open(dir.resolve("./leases4.csv")));
            assertTrue(e.getMessage().contains("already open"), e.getMessage());
            assertEquals(0, store.size());
        }
        TestLeases.open(f).close();
    }

    @Test
    void missingDirectoryIsAClearError() {
        Path f = dir.resolve("no/such/dir/leases4.csv");
        LeaseFileException e = assertThrows(LeaseFileException.class, () -> TestLeases.open(f));
        assertTrue(e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void invalidArgumentsAreRefused() throws IOException {
        try (MemfileLeaseStore store = TestLeases.open(dir.resolve("leases4.csv"))) {
            assertThrows(IllegalArgumentException.class, () -> store.getPage(0, 0));
            assertThrows(IllegalArgumentException.class, () -> store.getExpired(0, 0));
            Lease4 a = lease("192.0.2.1", "02:00:00:00:00:01", 1);
            assertThrows(IllegalArgumentException.class, () -> store.replace(a, lease("192.0.2.2", "02:00:00:00:00:01", 1)));
            assertThrows(IllegalArgumentException.class, () -> store.add(a.toBuilder().poolId(-1).build()));
        }
    }

    @Test
    void defaultOpenUsesAPrivateSchedulerThreadAndStopsIt() throws IOException {
        Path f = dir.resolve("leases4.csv");
        MemfileLeaseStore store = MemfileLeaseStore.open(MemfileConfig.builder().name(f).build(), Clock.SYSTEM);
        assertTrue(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.getName().equals("leasehold-memfile-lfc")));
        store.add(lease("192.0.2.1", "02:00:00:00:00:01", 1));
        store.close();
        try (MemfileLeaseStore again = MemfileLeaseStore.open(store.config())) {
            assertEquals(1, again.size());
        }
    }

    @Test
    void racingAddsAndCompareAndSetsHaveExactlyOneWinner() throws Exception {
        Path f = dir.resolve("leases4.csv");
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            for (int round = 0; round < 200; round++) {
                Lease4 base = lease("192.0.2." + (round % 250), "02:00:00:00:00:01", 1).toBuilder().cltt(round).build();
                store.delete(base.address());
                CountDownLatch start = new CountDownLatch(1);
                AtomicInteger adds = new AtomicInteger();
                List<Future<?>> fs = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    fs.add(pool.submit(() -> {
                        start.await();
                        if (store.add(base.toBuilder().hostname("t" + id).build())) {
                            adds.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start.countDown();
                for (Future<?> x : fs) {
                    x.get(10, TimeUnit.SECONDS);
                }
                assertEquals(1, adds.get());
                Lease4 current = store.get(base.address()).orElseThrow();
                CountDownLatch start2 = new CountDownLatch(1);
                AtomicInteger wins = new AtomicInteger();
                fs.clear();
                for (int t = 0; t < threads; t++) {
                    int id = t;
                    fs.add(pool.submit(() -> {
                        start2.await();
                        if (id % 2 == 0 ? store.replace(current, current.toBuilder().hostname("r" + id).build())
                                : store.delete(current)) {
                            wins.incrementAndGet();
                        }
                        return null;
                    }));
                }
                start2.countDown();
                for (Future<?> x : fs) {
                    x.get(10, TimeUnit.SECONDS);
                }
                assertEquals(1, wins.get());
            }
            List<Lease4> inMemory = TestLeases.all(store);
            store.close();
            try (MemfileLeaseStore reopened = TestLeases.open(f)) {
                assertEquals(inMemory, TestLeases.all(reopened), "the file order matches the memory order");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void deletedLeaseRowsKeepKeasShape() throws IOException {
        Path f = dir.resolve("leases4.csv");
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            store.add(lease("192.0.2.1", "02:00:00:00:00:01", 1));
            store.add(lease("192.0.2.2", "02:00:00:00:00:02", 2));
            store.add(lease("192.0.2.3", "02:00:00:00:00:03", 2));
            assertEquals(2, store.wipe(2));
            assertEquals(Optional.empty(), store.get(ip("192.0.2.2")));
            assertEquals(1, store.wipe(0));
            assertEquals(0, store.size());
        }
        List<String> lines = TestLeases.lines(f);
        assertEquals(List.of("192.0.2.2,02:00:00:00:00:02,,0,1795300000,2,0,0,,0,,0",
                "192.0.2.3,02:00:00:00:00:03,,0,1795300000,2,0,0,,0,,0",
                "192.0.2.1,02:00:00:00:00:01,,0,1795300000,1,0,0,,0,,0"), lines.subList(4, 7));
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            assertEquals(0, store.size());
        }
        assertTrue(new String(Files.readAllBytes(f), StandardCharsets.US_ASCII).endsWith("\n"));
    }
}
