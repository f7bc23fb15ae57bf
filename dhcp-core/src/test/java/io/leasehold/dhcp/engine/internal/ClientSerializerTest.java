package io.leasehold.dhcp.engine.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.leasehold.dhcp.lease.HardwareAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * Kea's per-client serialisation: a client's packets never run in parallel; one arriving while another is in flight
 * waits (as what {@code toKeep} makes of it) and is run by the serving thread; a newer one replaces it, and the
 * older is dropped; other clients are not held up.
 */
class ClientSerializerTest {
    private static final ClientKey A = ClientKey.of(HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, 0, 1}), null, true);
    private static final ClientKey B = ClientKey.of(HardwareAddress.ethernet(new byte[] {2, 0, 0, 0, 0, 2}), null, true);

    @Test
    void aPacketArrivingWhileItsClientIsInFlightWaitsAndANewerOneReplacesIt() throws Exception {
        ClientSerializer<String> s = new ClientSerializer<>();
        List<String> ran = new CopyOnWriteArrayList<>();
        List<String> dropped = new CopyOnWriteArrayList<>();
        CountDownLatch inFirst = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Consumer<String> work = p -> {
            ran.add(p + "@" + Thread.currentThread().getName());
            if (p.equals("a1")) {
                inFirst.countDown();
                await(release);
            }
        };
        ExecutorService pool = Executors.newSingleThreadExecutor(r -> new Thread(r, "server"));
        try {
            Future<?> first = pool.submit(() -> s.submit(A, "a1", work, dropped::add, p -> p + "'"));
            assertTrue(inFirst.await(10, TimeUnit.SECONDS));
            s.submit(A, "a2", work, dropped::add, p -> p + "'"); // waits: returns at once
            s.submit(A, "a3", work, dropped::add, p -> p + "'"); // replaces a2
            s.submit(B, "b1", work, dropped::add, p -> p + "'"); // another client: runs here, now
            assertEquals(List.of("a1@server", "b1@main"), ran);
            assertEquals(List.of("a2'"), dropped, "the older waiting packet, as it was kept");
            assertEquals(1, s.inFlight());
            release.countDown();
            first.get(10, TimeUnit.SECONDS);
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of("a1@server", "b1@main", "a3'@server"), ran, "the waiting packet, run by the server");
        assertEquals(0, s.inFlight());
        s.submit(A, "a4", work, dropped::add, p -> p + "'");
        assertEquals("a4@main", ran.get(3), "the client is free again: its next packet runs at once, as it came");
    }

    @Test
    void manyThreadsNeverRunOneClientTwiceAtOnceAndLoseNothing() throws Exception {
        ClientSerializer<Integer> s = new ClientSerializer<>();
        int threads = 4;
        int perThread = 20_000;
        java.util.concurrent.atomic.AtomicInteger running = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger overlaps = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger done = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger droppedCount = new java.util.concurrent.atomic.AtomicInteger();
        Consumer<Integer> work = p -> {
            if (running.incrementAndGet() != 1) {
                overlaps.incrementAndGet();
            }
            Thread.onSpinWait();
            running.decrementAndGet();
            done.incrementAndGet();
        };
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> fs = new java.util.ArrayList<>();
            for (int t = 0; t < threads; t++) {
                fs.add(pool.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        s.submit(A, i, work, p -> droppedCount.incrementAndGet());
                    }
                }));
            }
            for (Future<?> f : fs) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, overlaps.get(), "one client's packets ran in parallel");
        assertEquals(threads * perThread, done.get() + droppedCount.get(), "every packet ran or was superseded");
        assertEquals(0, s.inFlight());
    }

    private static void await(CountDownLatch l) {
        try {
            assertTrue(l.await(10, TimeUnit.SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
