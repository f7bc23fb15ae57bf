package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.store.memfile.internal.LeaseFileCleanup.Step;
import io.leasehold.dhcp.store.memfile.internal.LeaseFileSet;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static io.leasehold.dhcp.store.memfile.LeaseFileFormatTest.HEADER_11;
import static io.leasehold.dhcp.store.memfile.LeaseFileFormatTest.HEADER_12;
import static io.leasehold.dhcp.store.memfile.TestLeases.ip;
import static io.leasehold.dhcp.store.memfile.TestLeases.lease;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Lease file cleanup: timing, Kea's file protocol, crash recovery at every step, pid files, concurrency. */
class LeaseFileCleanupTest {
    @TempDir
    Path dir;

    private static List<String> names(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static void populate(MemfileLeaseStore store, int from, int count) {
        for (int i = from; i < from + count; i++) {
            store.add(lease("192.0.2." + i, "02:00:00:00:00:" + String.format("%02x", i), 1));
        }
    }

    @Test
    void runsEveryLfcIntervalInVirtualTimeAndCompactsTheJournal() throws IOException {
        Path f = dir.resolve("leases4.csv");
        VirtualTime time = new VirtualTime(TestLeases.NOW * 1000);
        MemfileConfig config = MemfileConfig.builder().name(f).lfcIntervalSeconds(60).build();
        List<Lease4> expected;
        try (MemfileLeaseStore store = MemfileLeaseStore.open(config, time)) {
            populate(store, 1, 20);
            for (int i = 1; i <= 10; i++) {
                Lease4 l = store.get(ip("192.0.2." + i)).orElseThrow();
                store.update(l.toBuilder().cltt(l.cltt() + 10).build());
            }
            store.delete(ip("192.0.2.20"));
            assertEquals(1 + 20 + 10 + 1, TestLeases.lines(f).size());
            time.advance(59_999);
            assertEquals(List.of("leases4.csv"), names(dir), "not yet");
            time.advance(1);
            assertEquals(List.of("leases4.csv", "leases4.csv.2"), names(dir));
            assertEquals(List.of(HEADER_12), TestLeases.lines(f));
            assertEquals(1 + 19, TestLeases.lines(dir.resolve("leases4.csv.2")).size(), "one row per lease");
            populate(store, 100, 5);
            time.advance(60_000);
            assertEquals(1 + 24, TestLeases.lines(dir.resolve("leases4.csv.2")).size());
            assertEquals(List.of(HEADER_12), TestLeases.lines(f));
            expected = TestLeases.all(store);
        }
        assertEquals(0, time.pending(), "close cancels the timer");
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            assertEquals(expected, TestLeases.all(store));
        }
    }

    /**
     * Takes a copy of the file set at every step of a cleanup (as a crash there would leave it), plus the states
     * between steps that a crash inside a step leaves (live file renamed but not recreated, output half written);
     * each must load to exactly the leases of that moment, and the next cleanup must finish the job.
     */
    @Test
    void aCrashAtEveryStepLosesNothingAndTheNextCleanupFinishes() throws IOException {
        Path f = dir.resolve("run/leases4.csv");
        Files.createDirectories(f.getParent());
        Map<String, Path> images = new LinkedHashMap<>();
        Map<String, List<Lease4>> expectedAt = new LinkedHashMap<>();
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            populate(store, 1, 30);
            store.runLeaseFileCleanup();
            // The journal now holds changes to F.2's leases, deletions of some, and new leases.
            for (int i = 1; i <= 10; i++) {
                Lease4 l = store.get(ip("192.0.2." + i)).orElseThrow();
                store.update(l.toBuilder().hostname("updated-" + i).build());
            }
            for (int i = 11; i <= 15; i++) {
                store.delete(ip("192.0.2." + i));
            }
            populate(store, 40, 10);
            store.cleanupListener(step -> {
                if (step == Step.ROTATED) {
                    // Writers continue in the fresh live file while the cleanup works.
                    store.add(lease("192.0.2.200", "02:00:00:00:02:00", 1));
                    store.delete(ip("192.0.2.1"));
                }
                String name = step.name();
                images.put(name, snapshot(f.getParent(), name));
                expectedAt.put(name, TestLeases.all(store));
            });
            assertTrue(store.runLeaseFileCleanup());
        }
        assertEquals(List.of("PID_WRITTEN", "ROTATED", "OUTPUT_WRITTEN", "COMPLETED", "PREVIOUS_REMOVED",
                "INPUT_REMOVED", "FINISHED"), new ArrayList<>(images.keySet()));
        // States inside steps.
        Path renamedNotRecreated = snapshot(images.get("ROTATED"), "ROTATED-no-live");
        Files.delete(renamedNotRecreated.resolve("leases4.csv"));
        images.put("ROTATED-no-live", renamedNotRecreated);
        expectedAt.put("ROTATED-no-live", expectedAt.get("PID_WRITTEN"));
        Path halfOutput = snapshot(images.get("OUTPUT_WRITTEN"), "OUTPUT-half");
        Path out = halfOutput.resolve("leases4.csv.output");
        byte[] bytes = Files.readAllBytes(out);
        Files.write(out, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        images.put("OUTPUT-half", halfOutput);
        expectedAt.put("OUTPUT-half", expectedAt.get("OUTPUT_WRITTEN"));

        for (Map.Entry<String, Path> image : images.entrySet()) {
            String step = image.getKey();
            Path live = image.getValue().resolve("leases4.csv");
            List<Lease4> expected = expectedAt.get(step);
            try (MemfileLeaseStore store = TestLeases.open(live)) {
                assertEquals(expected, TestLeases.all(store), "crash at " + step);
                assertTrue(store.runLeaseFileCleanup(), step);
                // A crash left a cleanup unfinished: one more run rotates the live file too.
                store.runLeaseFileCleanup();
            }
            List<String> left = names(image.getValue());
            assertTrue(left.equals(List.of("leases4.csv", "leases4.csv.2"))
                    || left.equals(List.of("leases4.csv", "leases4.csv.2", "leases4.csv.output")), step + ": " + left);
            assertEquals(List.of(HEADER_12), TestLeases.lines(live), step);
            try (MemfileLeaseStore store = TestLeases.open(live)) {
                assertEquals(expected, TestLeases.all(store), "after finishing from " + step);
            }
        }
        assertTrue(expectedAt.get("FINISHED").stream().anyMatch(l -> l.address() == ip("192.0.2.200")));
        assertFalse(expectedAt.get("FINISHED").stream().anyMatch(l -> l.address() == ip("192.0.2.1")));
    }

    private Path snapshot(Path from, String name) throws IOException {
        Path to = dir.resolve("image-" + name);
        Files.createDirectories(to);
        try (Stream<Path> s = Files.list(from)) {
            for (Path p : s.toList()) {
                Files.copy(p, to.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
        return to;
    }

    @Test
    void ownPidFileWhileRunningAndNoneAfter() throws IOException {
        Path f = dir.resolve("leases4.csv");
        LeaseFileSet files = LeaseFileSet.of(f);
        List<String> pidSeen = new ArrayList<>();
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            populate(store, 1, 3);
            store.cleanupListener(step -> {
                if (step == Step.OUTPUT_WRITTEN) {
                    pidSeen.add(Files.readString(files.pid()));
                }
            });
            store.runLeaseFileCleanup();
        }
        assertEquals(List.of(ProcessHandle.current().pid() + "\n"), pidSeen);
        assertFalse(Files.exists(files.pid()));
    }

    @Test
    void aRunningKeaLfcPidFileRefusesTheOpenAndSkipsCleanups() throws Exception {
        Path f = dir.resolve("leases4.csv");
        LeaseFileSet files = LeaseFileSet.of(f);
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            populate(store, 1, 3);
        }
        Process other = new ProcessBuilder("sleep", "60").start();
        try {
            Files.writeString(files.pid(), other.pid() + "\n");
            LeaseFileException e = assertThrows(LeaseFileException.class, () -> TestLeases.open(f));
            assertTrue(e.getMessage().contains("cleanup is in progress") && e.getMessage().contains("" + other.pid()),
                    e.getMessage());
            Files.delete(files.pid());
            try (MemfileLeaseStore store = TestLeases.open(f)) {
                Files.writeString(files.pid(), other.pid() + "\n");
                assertFalse(store.runLeaseFileCleanup(), "skipped while another process holds the pid file");
                assertEquals(List.of("leases4.csv", "leases4.csv.pid"), names(dir));
                Files.delete(files.pid());
            }
        } finally {
            other.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
        // A dead process's or unreadable pid file is stale.
        Files.writeString(files.pid(), other.pid() + "\n");
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            assertEquals(3, store.size());
            assertTrue(store.runLeaseFileCleanup());
        }
        Files.writeString(files.pid(), "garbage");
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            assertEquals(3, store.size());
        }
    }

    @Test
    void oldHeaderWithAnUnfinishedCleanupIsFinishedThenRotatedAtOpen() throws IOException {
        Path f = dir.resolve("leases4.csv");
        LeaseFileSet files = LeaseFileSet.of(f);
        Files.writeString(files.previous(), HEADER_11 + "\n192.0.2.1,02:00:00:00:00:01,,3600,1795310740,1,0,0,,0,\n"
                + "192.0.2.2,02:00:00:00:00:02,,3600,1795310740,1,0,0,,0,\n");
        Files.writeString(files.input(), HEADER_11 + "\n192.0.2.2,02:00:00:00:00:02,,0,1795307140,1,0,0,,0,\n"
                + "192.0.2.3,02:00:00:00:00:03,,3600,1795310740,1,0,0,,0,\n");
        Files.writeString(f, HEADER_11 + "\n192.0.2.4,02:00:00:00:00:04,,3600,1795310740,1,0,0,four,0,\n");
        VirtualTime time = new VirtualTime(TestLeases.NOW * 1000);
        try (MemfileLeaseStore store = MemfileLeaseStore.open(TestLeases.config(f), time)) {
            assertEquals(List.of(ip("192.0.2.1"), ip("192.0.2.3"), ip("192.0.2.4")),
                    TestLeases.all(store).stream().map(Lease4::address).toList());
            // The pending cleanup was finished (F.2 = old F.2 + F.1), then the old-header F rotated to F.1.
            assertEquals(List.of(HEADER_12, "192.0.2.1,02:00:00:00:00:01,,3600,1795310740,1,0,0,,0,,0",
                    "192.0.2.3,02:00:00:00:00:03,,3600,1795310740,1,0,0,,0,,0"), TestLeases.lines(files.previous()));
            assertEquals(HEADER_11, TestLeases.lines(files.input()).get(0));
            assertEquals(List.of(HEADER_12), TestLeases.lines(f));
            store.add(lease("192.0.2.5", "02:00:00:00:00:05", 1));
            time.runDue();
            assertEquals(List.of("leases4.csv", "leases4.csv.2"), names(dir));
            assertEquals(4, TestLeases.lines(files.previous()).size());
        }
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            assertEquals(4, store.size());
            assertEquals("four", store.get(ip("192.0.2.4")).orElseThrow().hostname());
        }
    }

    /** Writers hammer the store while cleanups run back to back; the reloaded files hold exactly what was written. */
    @Test
    void cleanupWhileWritingLosesNothing() throws Exception {
        Path f = dir.resolve("leases4.csv");
        int writers = 4;
        int opsPerWriter = 4000;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        List<TreeMap<Integer, Lease4>> models = new ArrayList<>();
        List<Lease4> inMemory;
        int cleanups = 0;
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            List<Future<?>> running = new ArrayList<>();
            for (int w = 0; w < writers; w++) {
                TreeMap<Integer, Lease4> model = TestLeases.model();
                models.add(model);
                int base = 0x0A000000 + (w << 16);
                Random r = new Random(w);
                running.add(pool.submit(() -> {
                    for (int i = 0; i < opsPerWriter; i++) {
                        int a = base + r.nextInt(2000);
                        Lease4 l = TestLeases.random(r, a);
                        if (r.nextInt(5) == 0) {
                            store.delete(a);
                            model.remove(a);
                        } else if (model.containsKey(a)) {
                            assertTrue(store.update(l));
                            model.put(a, l);
                        } else {
                            assertTrue(store.add(l));
                            model.put(a, l);
                        }
                    }
                    return null;
                }));
            }
            while (running.stream().anyMatch(x -> !x.isDone())) {
                assertTrue(store.runLeaseFileCleanup());
                cleanups++;
            }
            for (Future<?> x : running) {
                x.get(60, TimeUnit.SECONDS);
            }
            inMemory = TestLeases.all(store);
        } finally {
            pool.shutdownNow();
        }
        TreeMap<Integer, Lease4> expected = TestLeases.model();
        models.forEach(expected::putAll);
        assertEquals(new ArrayList<>(expected.values()), inMemory);
        assertTrue(cleanups >= 2, "cleanups ran during the writes: " + cleanups);
        try (MemfileLeaseStore store = TestLeases.open(f)) {
            TestLeases.assertSameLeases(expected, store);
        }
    }
}
