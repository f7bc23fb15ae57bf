package io.leasehold.dhcp.transport.internal;

import io.leasehold.dhcp.transport.InboundPacket;
import io.leasehold.dhcp.transport.PacketDispatcher;
import io.leasehold.dhcp.transport.PacketHandler;
import io.leasehold.dhcp.transport.Responder;
import org.jctools.queues.atomic.MpmcAtomicArrayQueue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Kea's packet queue on JCTools: one shared bounded MPMC queue, N workers.
 *
 * <p>Algorithm. The I/O thread offers each packet; while the queue holds {@code capacity} packets it polls the oldest
 * (legal because the queue is multi-consumer, the producer is just one more consumer), so the queue never exceeds its
 * capacity. What happens to that oldest packet depends on its age. Older than {@link #STALE_NANOS}, it is dropped, as
 * Kea drops the oldest of a full queue: under lasting overload fresh packets win. Younger, the queue is full only
 * because of a burst (the packets that queued in the socket while every thread of the process stood still in a
 * garbage collection or a compilation, and arrive at once after it), and the I/O thread runs that packet itself
 * (caller runs). While it does, it reads nothing, so the rest of the burst waits in the socket's receive buffer
 * ({@link ChannelOpener#RECEIVE_BUFFER}) instead of being dropped: a pause of a few ms costs latency, not leases. With
 * the server on one core at 12,000 DORA/s, collections of 2-8 ms made the drop-oldest rule alone lose 0.2 % of the
 * DISCOVERs while the core was half idle. A worker polls; when the queue is empty it spins
 * briefly, yields, then registers as a sleeper, re-checks the queue and parks. The producer unparks one sleeper per
 * packet only when the sleeper count is non-zero: one volatile read per packet while workers are busy, and idle
 * workers burn no CPU. The park has a timeout only as a safety net against a lost wake-up.
 *
 * <p>Caller runs when idle. A packet the I/O thread marks as {@code mayRunInline} (it has spent under half of its
 * recent time running packets) runs on the I/O thread itself when no worker is handling a packet and the queue is
 * empty: at low and moderate load packets arrive one at a time, and handing each over would cost a futex wake-up,
 * two context switches and the packet's cache lines moving to another core (on the 2-core benchmark machine that
 * nearly doubled the CPU per DORA). Everything else goes through the queue, so under load (busy workers, or the I/O
 * thread's share used up) the workers take over and the I/O thread reads. Per-client ordering does not depend on
 * the thread: the packet pipeline serialises each client's packets itself.
 *
 * <p>The atomic (Unsafe-free) JCTools variant is used so that no {@code sun.misc.Unsafe} warning appears on JDK 24+.
 */
public final class QueueDispatcher implements PacketDispatcher {
    /** Kea's {@code packet-queue-size: 0} means unbounded; Leasehold bounds it here. */
    public static final int UNBOUNDED_CAP = 65536;

    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.transport");
    private static final int SPINS = 64;
    private static final int YIELDS = 16;
    private static final long PARK_NANOS = 50_000_000L;
    /**
     * Age after which the oldest packet of a full queue is dropped rather than run by the I/O thread: well under
     * any client's retransmission time (4 s at the first retry in RFC 2131 4.1) and perfdhcp's 1-s drop time, and
     * long enough for a collection or a burst of compilation to be caught up.
     */
    public static final long STALE_NANOS = 200_000_000L;

    private final PacketHandler handler;
    private final int capacity;
    private final MpmcAtomicArrayQueue<Work> queue;
    private final Thread[] workers;
    private final AtomicInteger sleepers = new AtomicInteger();
    private final AtomicIntegerArray parked;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final LongAdder drops = new LongAdder();
    private final LongAdder failures = new LongAdder();
    private final LongAdder inlined = new LongAdder();
    /** Workers inside the handler now. */
    private final AtomicInteger busy = new AtomicInteger();

    private record Work(InboundPacket packet, Responder responder) {
    }

    public QueueDispatcher(PacketHandler handler, int threads, int queueSize, String threadNamePrefix) {
        if (threads < 0) {
            throw new IllegalArgumentException("thread-pool-size must not be negative: " + threads);
        }
        if (queueSize < 0) {
            throw new IllegalArgumentException("packet-queue-size must not be negative: " + queueSize);
        }
        this.handler = handler;
        this.capacity = queueSize == 0 ? UNBOUNDED_CAP : Math.min(queueSize, UNBOUNDED_CAP);
        this.queue = new MpmcAtomicArrayQueue<>(Math.max(2, capacity));
        int n = threads == 0 ? Runtime.getRuntime().availableProcessors() : threads;
        this.workers = new Thread[n];
        this.parked = new AtomicIntegerArray(n);
        for (int i = 0; i < n; i++) {
            Thread t = new Thread(this::runWorker, threadNamePrefix + "-" + i);
            t.setDaemon(true);
            // as the transport's I/O threads (see DhcpTransport)
            t.setPriority(Thread.MAX_PRIORITY);
            workers[i] = t;
        }
        for (Thread t : workers) {
            t.start();
        }
    }

    /** Number of worker threads. */
    public int threads() {
        return workers.length;
    }

    @Override
    public void dispatch(InboundPacket packet, Responder responder) {
        if (closed.get()) {
            packet.release();
            return;
        }
        Work w = new Work(packet, responder);
        while (queue.size() >= capacity || !queue.offer(w)) {
            Work oldest = queue.poll();
            if (oldest == null) {
                continue;
            }
            if (System.nanoTime() - oldest.packet.receivedNanos() > STALE_NANOS) {
                drops.increment();
                oldest.packet.release();
                if (LOG.isDebugEnabled()) {
                    LOG.debug("LH_PACKET_QUEUE_FULL dropped the oldest queued packet, from {}", oldest.packet.sender());
                }
            } else {
                inlined.increment();       // a burst, not overload: the caller runs it (see the class comment)
                HandlerInvoker.invoke(handler, oldest.packet, oldest.responder, failures);
            }
        }
        if (sleepers.get() > 0) {
            wakeOne();
        }
    }

    @Override
    public void dispatch(InboundPacket packet, Responder responder, boolean mayRunInline) {
        if (mayRunInline && busy.get() == 0 && queue.isEmpty() && !closed.get()) {
            inlined.increment();
            HandlerInvoker.invoke(handler, packet, responder, failures);
            return;
        }
        dispatch(packet, responder);
    }

    @Override
    public long inlineRuns() {
        return inlined.sum();
    }

    private void wakeOne() {
        for (int i = 0; i < workers.length; i++) {
            if (parked.get(i) == 1 && parked.compareAndSet(i, 1, 0)) {
                LockSupport.unpark(workers[i]);
                return;
            }
        }
    }

    private void runWorker() {
        int self = indexOf(Thread.currentThread());
        int idle = 0;
        while (!closed.get()) {
            Work w = queue.poll();
            if (w != null) {
                idle = 0;
                busy.incrementAndGet();
                try {
                    HandlerInvoker.invoke(handler, w.packet, w.responder, failures);
                } finally {
                    busy.decrementAndGet();
                }
                continue;
            }
            if (idle < SPINS) {
                Thread.onSpinWait();
                idle++;
            } else if (idle < SPINS + YIELDS) {
                Thread.yield();
                idle++;
            } else {
                parked.set(self, 1);
                sleepers.incrementAndGet();
                try {
                    if (queue.isEmpty() && !closed.get()) {
                        LockSupport.parkNanos(this, PARK_NANOS);
                    }
                } finally {
                    sleepers.decrementAndGet();
                    parked.set(self, 0);
                }
                idle = 0;
            }
        }
    }

    private int indexOf(Thread t) {
        for (int i = 0; i < workers.length; i++) {
            if (workers[i] == t) {
                return i;
            }
        }
        throw new IllegalStateException("not a worker: " + t);
    }

    @Override
    public long queueFullDrops() {
        return drops.sum();
    }

    @Override
    public long handlerFailures() {
        return failures.sum();
    }

    @Override
    public int queueDepth() {
        return queue.size();
    }

    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        for (Thread t : workers) {
            LockSupport.unpark(t);
        }
        List<Thread> alive = new ArrayList<>(List.of(workers));
        for (Thread t : alive) {
            if (t != Thread.currentThread()) {
                try {
                    t.join(5_000);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        Work w;
        while ((w = queue.poll()) != null) {
            w.packet.release();
        }
    }
}
