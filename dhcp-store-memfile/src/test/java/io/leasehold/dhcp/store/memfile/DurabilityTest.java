package io.leasehold.dhcp.store.memfile;

import io.leasehold.dhcp.lease.Lease4;
import io.leasehold.dhcp.time.VirtualTime;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** No acknowledged lease is lost when the process is killed (SIGKILL), and the fsync policies do what they say. */
class DurabilityTest {
    @TempDir
    Path dir;

    /**
     * A child JVM writes leases flat out (adds, updates, deletes, with cleanups running back to back) and prints
     * each change after the store returned; it is killed with SIGKILL mid-stream, three times, and every change it
     * acknowledged must be in the files.
     */
    @Test
    void killNineLosesNoAcknowledgedLease() throws Exception {
        Path file = dir.resolve("leases4.csv");
        Map<Integer, Long> acked = new HashMap<>();
        Map<Integer, Long> inFlight = new HashMap<>();
        int next = 0;
        String[] policies = {"none", "group-commit", "none"};
        for (String policy : policies) {
            String out = runAndKill(file, next, policy, 600);
            int lastIndex = replay(out, acked, inFlight);
            assertTrue(lastIndex > next + 100, "the child made progress: " + lastIndex);
            try (MemfileLeaseStore store = MemfileLeaseStore.open(TestLeases.config(file), new VirtualTime())) {
                for (Map.Entry<Integer, Long> e : acked.entrySet()) {
                    Optional<Lease4> got = store.get(e.getKey());
                    Long maybe = inFlight.get(e.getKey());
                    Long actual = got.map(Lease4::cltt).orElse(null);
                    if (!Objects.equals(actual, e.getValue()) && !(inFlight.containsKey(e.getKey())
                            && Objects.equals(actual, maybe))) {
                        fail("address " + e.getKey() + ": acknowledged " + e.getValue() + ", found " + actual
                                + " (policy " + policy + ")");
                    }
                }
                // Adopt what the files say about changes that were in flight, for the next round.
                for (Integer a : inFlight.keySet()) {
                    acked.put(a, store.get(a).map(Lease4::cltt).orElse(null));
                }
            }
            inFlight.clear();
            next = lastIndex + 100;
        }
    }

    /** Starts the child, waits until it acknowledged {@code leases} leases (at most 20 s), kills it, returns its output. */
    private String runAndKill(Path file, int first, String policy, int leases) throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path output = dir.resolve("child-" + first + ".out");
        Process p = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                KillNineWriter.class.getName(), file.toString(), Integer.toString(first), policy)
                .redirectOutput(output.toFile()).start();
        CountDownLatch enough = new CountDownLatch(leases / 50);
        Thread reader = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = p.getErrorStream()) {
                int n;
                while ((n = in.read(buf)) > 0) {
                    for (int i = 0; i < n; i++) {
                        if (buf[i] == 1) {
                            enough.countDown();
                        }
                    }
                }
            } catch (IOException e) {
                // The stream closes when the child dies.
            }
        });
        reader.start();
        try {
            assertTrue(enough.await(20, TimeUnit.SECONDS), "child acknowledged " + leases + " leases");
        } finally {
            p.destroyForcibly();
            assertTrue(p.waitFor(20, TimeUnit.SECONDS));
            reader.join(20_000);
        }
        return Files.readString(output, StandardCharsets.US_ASCII);
    }

    /**
     * Applies the child's complete output lines: {@code acked} gets each address's acknowledged cltt (null =
     * deleted), {@code inFlight} the value of a change that was started but not acknowledged. Returns the last
     * address index seen.
     */
    private static int replay(String out, Map<Integer, Long> acked, Map<Integer, Long> inFlight) {
        String complete = out.substring(0, out.lastIndexOf('\n') + 1);
        int last = 0;
        for (String line : complete.split("\n")) {
            String[] w = line.split(" ");
            int a = Integer.parseInt(w[1]);
            last = Math.max(last, a - 0x0A000000);
            switch (w[0]) {
                case "a" -> inFlight.put(a, TestLeases.NOW);
                case "u" -> inFlight.put(a, Long.parseLong(w[2]));
                case "d" -> inFlight.put(a, null);
                case "A" -> {
                    acked.put(a, TestLeases.NOW);
                    inFlight.remove(a);
                }
                case "U" -> {
                    acked.put(a, Long.parseLong(w[2]));
                    inFlight.remove(a);
                }
                case "D" -> {
                    acked.put(a, null);
                    inFlight.remove(a);
                }
                default -> fail("unexpected child output: " + line);
            }
        }
        // An add in flight is not known to the map of acknowledged values yet: absent is acceptable.
        for (Integer a : inFlight.keySet()) {
            acked.putIfAbsent(a, null);
        }
        return last;
    }

    @Test
    void everyWriteFsyncsEachRowAndNoneNever() throws Exception {
        for (FsyncPolicy policy : new FsyncPolicy[] {FsyncPolicy.EVERY_WRITE, FsyncPolicy.NONE}) {
            Path file = dir.resolve(policy.configName() + ".csv");
            MemfileConfig config = TestLeases.config(file).toBuilder().fsyncPolicy(policy).build();
            try (MemfileLeaseStore store = MemfileLeaseStore.open(config, new VirtualTime())) {
                for (int i = 1; i <= 50; i++) {
                    store.add(TestLeases.lease("192.0.2." + i, "02:00:00:00:00:01", 1));
                }
                store.delete(TestLeases.ip("192.0.2.1"));
                assertEquals(policy == FsyncPolicy.NONE ? 0 : 51, store.fsyncCount(), policy.configName());
            }
        }
    }

    /** Many writers, one flusher: every caller returns, far fewer fsyncs than rows, nothing lost. */
    @Test
    void groupCommitBatchesFsyncsAcrossThreads() throws Exception {
        Path file = dir.resolve("leases4.csv");
        MemfileConfig config = TestLeases.config(file).toBuilder().fsyncPolicy(FsyncPolicy.GROUP_COMMIT).build();
        int threads = 16;
        int perThread = 150;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try (MemfileLeaseStore store = MemfileLeaseStore.open(config, new VirtualTime())) {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<?>> fs = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int base = 0x0A000000 + (t << 12);
                fs.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < perThread; i++) {
                        assertTrue(store.add(KillNineWriter.lease(base + i, TestLeases.NOW)));
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
            long fsyncs = store.fsyncCount();
            assertTrue(fsyncs >= 1 && fsyncs < threads * perThread / 2, "fsyncs: " + fsyncs);
        } finally {
            pool.shutdownNow();
        }
        try (MemfileLeaseStore store = TestLeases.open(file)) {
            assertEquals(threads * perThread, store.size());
        }
    }
}
