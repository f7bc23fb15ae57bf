package io.leasehold.dhcp.transport;

import io.leasehold.dhcp.transport.internal.QueueDispatcher;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class QueueDispatcherTest {
    private static final Responder NO_REPLY = (payload, destination) -> payload.release();

    private static InboundPacket packet(int seq) {
        return packet(seq, System.nanoTime());
    }

    private static InboundPacket packet(int seq, long receivedNanos) {
        ByteBuf b = Unpooled.buffer(4).writeInt(seq);
        return new InboundPacket(b, new InetSocketAddress("127.0.0.1", 68), null, null, 0, receivedNanos);
    }

    /** A packet received long enough ago for a full queue to drop it (the overload case). */
    private static InboundPacket stalePacket(int seq) {
        return packet(seq, System.nanoTime() - 10 * QueueDispatcher.STALE_NANOS);
    }

    @Test
    void fullQueueDropsTheOldestStalePacketsAndKeepsTheNewest() throws Exception {
        CountDownLatch blockerEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> handled = Collections.synchronizedList(new ArrayList<>());
        List<ByteBuf> all = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(9);
        PacketHandler handler = (p, r) -> {
            int seq = p.content().getInt(0);
            p.release();
            if (seq == 0) {
                blockerEntered.countDown();
                await(release);
            }
            handled.add(seq);
            done.countDown();
        };
        try (PacketDispatcher d = PacketDispatchers.workers(handler, 1, 8, "test")) {
            InboundPacket first = packet(0);
            all.add(first.content());
            d.dispatch(first, NO_REPLY);
            assertTrue(blockerEntered.await(10, TimeUnit.SECONDS));
            for (int i = 1; i <= 100; i++) {
                InboundPacket p = stalePacket(i);
                all.add(p.content());
                d.dispatch(p, NO_REPLY);
                assertTrue(d.queueDepth() <= 8, "queue never exceeds its capacity");
            }
            assertEquals(92, d.queueFullDrops(), "100 packets into 8 slots drop 92");
            assertEquals(0, d.inlineRuns(), "stale packets are dropped, never run by the caller");
            release.countDown();
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(List.of(0, 93, 94, 95, 96, 97, 98, 99, 100), handled, "the newest 8 survive, in order");
        }
        for (ByteBuf b : all) {
            assertEquals(0, b.refCnt(), "every packet, dropped or handled, is released");
        }
    }

    /**
     * A burst into a full queue while the only worker is stuck (as after a pause of the whole process): fresh packets
     * are not dropped; the caller runs the oldest itself, in arrival order, and the queue stays within its capacity.
     */
    @Test
    void fullQueueOfFreshPacketsIsRunByTheCallerNotDropped() throws Exception {
        CountDownLatch blockerEntered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<Integer> onCaller = Collections.synchronizedList(new ArrayList<>());
        AtomicInteger handled = new AtomicInteger();
        List<ByteBuf> all = new ArrayList<>();
        Thread caller = Thread.currentThread();
        PacketHandler handler = (p, r) -> {
            int seq = p.content().getInt(0);
            p.release();
            if (seq == 0) {
                blockerEntered.countDown();
                await(release);
            }
            if (Thread.currentThread() == caller) {
                onCaller.add(seq);
            }
            handled.incrementAndGet();
        };
        try (PacketDispatcher d = PacketDispatchers.workers(handler, 1, 8, "test")) {
            InboundPacket first = packet(0);
            all.add(first.content());
            d.dispatch(first, NO_REPLY);
            assertTrue(blockerEntered.await(10, TimeUnit.SECONDS));
            for (int i = 1; i <= 100; i++) {
                InboundPacket p = packet(i);
                all.add(p.content());
                d.dispatch(p, NO_REPLY);
                assertTrue(d.queueDepth() <= 8, "queue never exceeds its capacity");
            }
            assertEquals(0, d.queueFullDrops(), "fresh packets are not dropped");
            List<Integer> expected = new ArrayList<>();
            for (int i = 1; i <= 92; i++) {
                expected.add(i);
            }
            assertEquals(expected, onCaller, "the caller ran the 92 oldest, oldest first");
            assertEquals(92, d.inlineRuns());
            release.countDown();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (handled.get() < 101 && System.nanoTime() < deadline) {
                Thread.onSpinWait();
            }
            assertEquals(101, handled.get(), "every packet handled: 92 by the caller, 9 by the worker");
        }
        for (ByteBuf b : all) {
            assertEquals(0, b.refCnt(), "every packet is released");
        }
    }

    @Test
    void everyPacketIsHandledOrCountedUnderConcurrentOverload() throws Exception {
        AtomicInteger handled = new AtomicInteger();
        PacketHandler handler = (p, r) -> {
            p.release();
            handled.incrementAndGet();
        };
        int producers = 2;
        int perProducer = 50_000;
        PacketDispatcher d = PacketDispatchers.workers(handler, 2, 16, "test");
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < producers; t++) {
            Thread th = new Thread(() -> {
                for (int i = 0; i < perProducer; i++) {
                    d.dispatch(packet(i), NO_REPLY);
                }
            });
            threads.add(th);
            th.start();
        }
        for (Thread th : threads) {
            th.join(30_000);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (handled.get() + d.queueFullDrops() < producers * perProducer && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        d.close();
        assertEquals(producers * perProducer, handled.get() + d.queueFullDrops());
    }

    @Test
    void firstPacketOfAReadRunsOnTheCallerWhileTheWorkersAreIdle() throws Exception {
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch handled = new CountDownLatch(2);
        try (PacketDispatcher d = PacketDispatchers.workers((p, r) -> {
            p.release();
            threads.add(Thread.currentThread().getName());
            handled.countDown();
        }, 1, 8, "inline-test")) {
            d.dispatch(packet(1), NO_REPLY, true);
            assertEquals(List.of(Thread.currentThread().getName()), threads, "ran on the calling (I/O) thread");
            d.dispatch(packet(2), NO_REPLY, false);
            assertTrue(handled.await(10, TimeUnit.SECONDS));
            assertTrue(threads.get(1).startsWith("inline-test-"), "the rest of a read goes to a worker: " + threads);
            assertEquals(1, d.inlineRuns());
        }
    }

    @Test
    void firstPacketOfAReadIsQueuedWhileAWorkerIsBusy() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        List<String> threads = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch handled = new CountDownLatch(2);
        try (PacketDispatcher d = PacketDispatchers.workers((p, r) -> {
            int seq = p.content().getInt(0);
            p.release();
            if (seq == 1) {
                entered.countDown();
                await(release);
            }
            threads.add(Thread.currentThread().getName());
            handled.countDown();
        }, 2, 8, "busy-test")) {
            d.dispatch(packet(1), NO_REPLY, false);
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            d.dispatch(packet(2), NO_REPLY, true);
            release.countDown();
            assertTrue(handled.await(10, TimeUnit.SECONDS));
            assertEquals(0, d.inlineRuns(), "a busy worker means load: the I/O thread keeps reading");
            for (String t : threads) {
                assertTrue(t.startsWith("busy-test-"), "handled by a worker: " + threads);
            }
        }
    }

    @Test
    void handlerFailureIsCountedAndThePacketReleased() throws Exception {
        CountDownLatch after = new CountDownLatch(1);
        PacketHandler handler = (p, r) -> {
            if (p.content().getInt(0) == 1) {
                throw new IllegalStateException("boom");
            }
            p.release();
            after.countDown();
        };
        try (PacketDispatcher d = PacketDispatchers.workers(handler, 1, 4, "test")) {
            InboundPacket bad = packet(1);
            d.dispatch(bad, NO_REPLY);
            d.dispatch(packet(2), NO_REPLY);
            assertTrue(after.await(10, TimeUnit.SECONDS), "the worker survives a failing handler");
            assertEquals(1, d.handlerFailures());
            assertEquals(0, bad.content().refCnt());
        }
    }

    @Test
    void idleWorkersParkInsteadOfSpinning() throws Exception {
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        CountDownLatch handled = new CountDownLatch(1);
        try (PacketDispatcher d = PacketDispatchers.workers((p, r) -> {
            p.release();
            handled.countDown();
        }, 2, 4, "idle-test")) {
            d.dispatch(packet(1), NO_REPLY);
            assertTrue(handled.await(10, TimeUnit.SECONDS));
            List<Long> ids = new ArrayList<>();
            for (Thread t : Thread.getAllStackTraces().keySet()) {
                if (t.getName().startsWith("idle-test-")) {
                    ids.add(t.getId());
                }
            }
            assertEquals(2, ids.size());
            long before = cpu(mx, ids);
            // An idle interval is what this test is about; nothing to wait for but time.
            Thread.sleep(500);
            long used = cpu(mx, ids) - before;
            assertTrue(used < TimeUnit.MILLISECONDS.toNanos(100),
                    "two idle workers used " + used / 1_000_000 + " ms CPU in 500 ms");
        }
    }

    private static long cpu(ThreadMXBean mx, List<Long> ids) {
        long sum = 0;
        for (long id : ids) {
            sum += Math.max(0, mx.getThreadCpuTime(id));
        }
        return sum;
    }

    private static void await(CountDownLatch l) {
        try {
            l.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
