package io.leasehold.dhcp.ddns.internal;

import io.leasehold.dhcp.ddns.NameChangeRequest;
import io.leasehold.dhcp.ddns.NameChangeSink;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kea's {@code NameChangeUDPSender}: name change requests wait in a queue of at most {@code max-queue-size} and
 * one thread sends them, one datagram each, from {@code sender-ip:sender-port} to {@code server-ip:server-port}.
 * {@link #send} never blocks: a request that finds the queue full is dropped and counted (Kea 2.2 would suspend
 * all updates until reconfigured; Leasehold keeps sending the rest). Problems are logged at most once per 10 s with
 * a count of what was suppressed.
 */
public final class NcrUdpSender implements NameChangeSink, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ddns");
    private static final long LOG_INTERVAL_NANOS = TimeUnit.SECONDS.toNanos(10);
    private static final long POLL_MILLIS = 200;
    private static final long DRAIN_MILLIS = 1000;

    private final DatagramSocket socket;
    private final SocketAddress server;
    private final long maxQueue;
    private final BlockingQueue<NameChangeRequest> queue;
    private final Thread thread;
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong queueFull = new AtomicLong();
    private final AtomicLong sendFailed = new AtomicLong();
    private final RateLimit fullLog = new RateLimit();
    private final RateLimit failLog = new RateLimit();
    private volatile boolean closed;

    /**
     * Binds the sending socket and starts the sender thread.
     *
     * @throws IOException when the socket cannot be bound (address not on this host, port in use)
     */
    public NcrUdpSender(InetSocketAddress from, InetSocketAddress to, long maxQueueSize) throws IOException {
        this.socket = new DatagramSocket(from);
        this.server = to;
        this.maxQueue = maxQueueSize;
        this.queue = new ArrayBlockingQueue<>((int) Math.max(1, Math.min(maxQueueSize, 1 << 20)));
        this.thread = new Thread(this::run, "leasehold-ddns-sender");
        thread.setDaemon(true);
        thread.start();
        LOG.info("LH_DDNS_SENDER_STARTED sending name change requests from {} to {} (queue of {})",
                socket.getLocalSocketAddress(), to, maxQueueSize);
    }

    @Override
    public void send(NameChangeRequest ncr) {
        if (closed || maxQueue == 0 || !queue.offer(ncr)) {
            long n = queueFull.incrementAndGet();
            long suppressed = fullLog.due();
            if (suppressed >= 0) {
                LOG.warn("LH_DDNS_QUEUE_FULL name change request for {} {} dropped: {} waiting of at most {} "
                        + "({} dropped in all, {} not logged since the last line)", ncr.fqdn(), ncr.ipAddress(),
                        queue.size(), maxQueue, n, suppressed);
            }
        }
    }

    private void run() {
        while (!closed) {
            try {
                NameChangeRequest n = queue.poll(POLL_MILLIS, TimeUnit.MILLISECONDS);
                if (n != null) {
                    transmit(n);
                }
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void transmit(NameChangeRequest n) {
        try {
            byte[] payload = NcrJson.frame(n);
            socket.send(new DatagramPacket(payload, payload.length, server));
            sent.incrementAndGet();
            if (LOG.isDebugEnabled()) {
                LOG.debug("LH_DDNS_NCR_SENT {}", n.toJson());
            }
        } catch (IOException | RuntimeException e) {
            long n2 = sendFailed.incrementAndGet();
            long suppressed = failLog.due();
            if (suppressed >= 0) {
                LOG.warn("LH_DDNS_SEND_FAILED name change request for {} {} not sent to {}: {} ({} failed in all, "
                        + "{} not logged since the last line)", n.fqdn(), n.ipAddress(), server, e.toString(), n2,
                        suppressed);
            }
        }
    }

    /** Requests sent (handed to the socket). */
    public long sent() {
        return sent.get();
    }

    /** Requests dropped because the queue was full. */
    public long queueFull() {
        return queueFull.get();
    }

    /** Requests the socket refused. */
    public long sendFailed() {
        return sendFailed.get();
    }

    /** Requests waiting to be sent. */
    public int pending() {
        return queue.size();
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) socket.getLocalSocketAddress();
    }

    public SocketAddress serverAddress() {
        return server;
    }

    /** Stops taking requests, sends what is queued (for at most a second), then closes the socket. Idempotent. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            thread.join(POLL_MILLIS * 2);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(DRAIN_MILLIS);
        NameChangeRequest n;
        while (System.nanoTime() < deadline && (n = queue.poll()) != null) {
            transmit(n);
        }
        int left = queue.size();
        queue.clear();
        socket.close();
        LOG.info("LH_DDNS_SENDER_STOPPED stopped sending name change requests to {} ({} sent, {} dropped on a full "
                + "queue, {} failed, {} left unsent)", server, sent.get(), queueFull.get(), sendFailed.get(), left);
    }

    /** At most one log line per interval; {@link #due} answers how many were suppressed, or -1 when not due. */
    private static final class RateLimit {
        private long last = System.nanoTime() - LOG_INTERVAL_NANOS;
        private long suppressed;

        synchronized long due() {
            long now = System.nanoTime();
            if (now - last >= LOG_INTERVAL_NANOS) {
                last = now;
                long s = suppressed;
                suppressed = 0;
                return s;
            }
            suppressed++;
            return -1;
        }
    }
}
