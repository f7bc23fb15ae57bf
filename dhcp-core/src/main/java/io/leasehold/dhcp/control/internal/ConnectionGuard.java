package io.leasehold.dhcp.control.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Keeps an HTTP listener serving under abuse. Two rules, both per listener:
 * <ul>
 *   <li>at most {@code maxConnections} connections open at once: a connection over the limit is closed at once,
 *       so idle clients cannot use up the process's file descriptors (Kea 2.2 stops answering, even its control
 *       socket, when they run out);</li>
 *   <li>every request must arrive whole within {@code requestMillis} of the connection opening or of the previous
 *       request: a client sending a byte a second (or a TLS handshake that never ends) is cut off, whatever the idle
 *       timer says, because each byte would reset an idle timer.</li>
 * </ul>
 * One instance is shared by all connections of a listener ({@link ChannelHandler.Sharable}) and goes first in each
 * pipeline; {@link #requestDone()} goes right after the HTTP aggregator.
 */
@ChannelHandler.Sharable
public final class ConnectionGuard extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.control");
    private static final long WARN_GAG_NANOS = TimeUnit.MINUTES.toNanos(1);

    private final String name;
    private final int maxConnections;
    private final long requestMillis;
    private final AtomicInteger open = new AtomicInteger();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong cutOff = new AtomicLong();
    private final AtomicLong lastWarn = new AtomicLong(System.nanoTime() - WARN_GAG_NANOS);

    public ConnectionGuard(String name, int maxConnections, long requestMillis) {
        this.name = name;
        this.maxConnections = maxConnections;
        this.requestMillis = requestMillis;
    }

    /** Connections open now. */
    public int open() {
        return open.get();
    }

    /** Connections closed because the limit was reached. */
    public long refused() {
        return refused.get();
    }

    /** Connections closed because a request did not arrive in time. */
    public long cutOff() {
        return cutOff.get();
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        int now = open.incrementAndGet();
        ctx.channel().closeFuture().addListener(f -> open.decrementAndGet());
        if (now > maxConnections) {
            refused.incrementAndGet();
            warn("LH_HTTP_TOO_MANY_CONNECTIONS {}: {} connections open, refusing more (limit {})", now - 1);
            ctx.close();
            return;
        }
        ctx.pipeline().addAfter(ctx.name(), null, new Deadline());
        super.channelActive(ctx);
    }

    private void warn(String format, int count) {
        long t = System.nanoTime();
        long last = lastWarn.get();
        if (t - last >= WARN_GAG_NANOS && lastWarn.compareAndSet(last, t)) {
            LOG.warn(format, name, count, maxConnections);
        }
    }

    /** The handler to place right after the HTTP aggregator: a whole request disarms the connection's deadline. */
    public ChannelHandler requestDone() {
        return requestDone;
    }

    private final ChannelHandler requestDone = new RequestDone();

    /**
     * The request deadline of one connection (first in its pipeline, so it sees raw bytes): armed when the
     * connection opens and when the first byte of a further request arrives, disarmed when the request is whole.
     * Between requests a kept-alive connection has no deadline (the listener's idle timer applies).
     */
    private final class Deadline extends ChannelInboundHandlerAdapter {
        private ScheduledFuture<?> timer;

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            ctx.channel().attr(DEADLINE).set(this);
            arm(ctx);
        }

        private void arm(ChannelHandlerContext ctx) {
            timer = ctx.executor().schedule(() -> {
                cutOff.incrementAndGet();
                LOG.debug("LH_HTTP_REQUEST_TIMEOUT {}: no complete request from {} within {} ms, closing", name,
                        ctx.channel().remoteAddress(), requestMillis);
                ctx.close();
            }, requestMillis, TimeUnit.MILLISECONDS);
        }

        void disarm() {
            if (timer != null) {
                timer.cancel(false);
                timer = null;
            }
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (timer == null) {
                arm(ctx);
            }
            super.channelRead(ctx, msg);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            disarm();
            super.channelInactive(ctx);
        }
    }

    private static final AttributeKey<Deadline> DEADLINE = AttributeKey.valueOf(ConnectionGuard.class, "deadline");

    @ChannelHandler.Sharable
    private static final class RequestDone extends ChannelInboundHandlerAdapter {
        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
            if (msg instanceof FullHttpRequest) {
                Deadline d = ctx.channel().attr(DEADLINE).get();
                if (d != null) {
                    d.disarm();
                }
            }
            super.channelRead(ctx, msg);
        }
    }
}
