package io.leasehold.dhcp.control;

import io.leasehold.dhcp.control.internal.CompleteJsonDetector;
import io.leasehold.dhcp.control.internal.Json;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerDomainSocketChannel;
import io.netty.channel.unix.DomainSocketAddress;
import io.netty.channel.unix.DomainSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Kea's control channel on a unix stream socket ({@code control-socket} with {@code socket-type: unix}): the client
 * writes one JSON command, the server answers with one JSON object and closes the connection. A command not
 * complete within the timeout (10 s, as Kea) is answered with Kea's "timed out" error. The socket file is created
 * owner-only (0600) without a window where it is reachable with wider permissions: it is bound under a temporary
 * name, restricted, then renamed into place. A stale socket file is replaced; a live one (another server) is an
 * error.
 */
public final class UnixControlSocket implements AutoCloseable {
    /** Largest command accepted (config-set carries a whole configuration). */
    public static final int MAX_COMMAND_BYTES = 16 << 20;
    /** Commands waiting for the (single) command thread beyond which new ones are refused. */
    public static final int MAX_QUEUED = 256;
    /**
     * Connections open at once beyond which a new one is answered "too many connections" and closed at once, so
     * idle or slow clients can neither exhaust the process's file descriptors nor starve the server.
     */
    public static final int MAX_CONNECTIONS = 2048;
    /**
     * Bytes of partial commands buffered over all connections at once; a connection that would pass it is answered
     * "server busy" and closed. Bounds memory whatever many clients send (one command alone may have
     * {@link #MAX_COMMAND_BYTES}).
     */
    public static final long MAX_BUFFERED_BYTES = 4L * MAX_COMMAND_BYTES;
    /** How long the rest of a refused oversized command is read and discarded before the connection closes. */
    static final long DRAIN_MILLIS = 5_000;
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.control");

    private final Path path;
    private final CommandRegistry registry;
    private final long timeoutMillis;
    private EventLoopGroup group;
    private Channel server;
    private ExecutorService executor;
    private final AtomicInteger connections = new AtomicInteger();
    private final AtomicLong buffered = new AtomicLong();

    public UnixControlSocket(Path path, CommandRegistry registry) {
        this(path, registry, 10_000);
    }

    public UnixControlSocket(Path path, CommandRegistry registry, long timeoutMillis) {
        this.path = path.toAbsolutePath();
        this.registry = registry;
        this.timeoutMillis = timeoutMillis;
    }

    public Path path() {
        return path;
    }

    /** Binds the socket. */
    public synchronized UnixControlSocket start() throws IOException {
        if (!Epoll.isAvailable()) {
            throw new IOException("control socket " + path + ": unix sockets need Linux epoll: "
                    + Epoll.unavailabilityCause());
        }
        Files.createDirectories(path.getParent());
        if (Files.exists(path)) {
            if (isLive(path)) {
                throw new IOException("control socket " + path + " is in use by another process");
            }
            Files.delete(path);
        }
        Path tmp = path.resolveSibling("." + path.getFileName() + "." + ProcessHandle.current().pid() + ".tmp");
        Files.deleteIfExists(tmp);
        executor = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(MAX_QUEUED),
                new DefaultThreadFactory("leasehold-control", true), new ThreadPoolExecutor.AbortPolicy());
        group = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("leasehold-control-io", true),
                EpollIoHandler.newFactory());
        try {
            server = new ServerBootstrap().group(group).channel(EpollServerDomainSocketChannel.class)
                    .childHandler(new ChannelInitializer<DomainSocketChannel>() {
                        @Override
                        protected void initChannel(DomainSocketChannel ch) {
                            ch.pipeline().addLast(new Connection());
                        }
                    }).bind(new DomainSocketAddress(tmp.toString())).sync().channel();
            Files.setPosixFilePermissions(tmp, PosixFilePermissions.fromString("rw-------"));
            Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while binding " + path, e);
        } catch (IOException | RuntimeException e) {
            close();
            Files.deleteIfExists(tmp);
            throw new IOException("cannot create control socket " + path + ": " + e.getMessage(), e);
        }
        LOG.info("LH_CONTROL_SOCKET_OPENED command channel listening on {}", path);
        return this;
    }

    private static boolean isLive(Path p) {
        try (SocketChannel c = SocketChannel.open(StandardProtocolFamily.UNIX)) {
            c.connect(UnixDomainSocketAddress.of(p));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
        }
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            LOG.debug("could not remove {}: {}", path, e.toString());
        }
    }

    /** One connection: one command in, one answer out. */
    private final class Connection extends ChannelInboundHandlerAdapter {
        private final CompleteJsonDetector detector = new CompleteJsonDetector();
        private ByteBuf buffer;
        private ScheduledFuture<?> timeout;
        private boolean answered;
        private boolean counted;
        /** Bytes this connection holds against {@link #MAX_BUFFERED_BYTES}. */
        private long charged;

        @Override
        public void channelActive(ChannelHandlerContext ctx) {
            buffer = ctx.alloc().buffer(256);
            counted = true;
            int open = connections.incrementAndGet();
            if (open > MAX_CONNECTIONS) {
                LOG.warn("LH_CONTROL_TOO_MANY_CONNECTIONS {} control connections are open; refusing more on {}",
                        open - 1, path);
                // closed at once, not drained: a flood of connections must not hold descriptors for seconds
                answered = true;
                send(ctx, ControlResult.error("too many control connections (more than " + MAX_CONNECTIONS
                        + "); try again").toMap());
                return;
            }
            timeout = ctx.executor().schedule(() -> answer(ctx, ControlResult.error(
                    "Connection over control channel timed out, discarded partial command of "
                            + buffer.readableBytes() + " bytes").toMap()), timeoutMillis, TimeUnit.MILLISECONDS);
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            ByteBuf in = (ByteBuf) msg;
            try {
                if (answered) {
                    return;
                }
                if (buffer.readableBytes() + in.readableBytes() > MAX_COMMAND_BYTES) {
                    refuseAndDrain(ctx, ControlResult.error("command larger than " + MAX_COMMAND_BYTES + " bytes")
                            .toMap());
                    return;
                }
                long n = in.readableBytes();
                if (buffered.addAndGet(n) > MAX_BUFFERED_BYTES) {
                    buffered.addAndGet(-n);
                    LOG.warn("LH_CONTROL_BUFFERS_FULL partial commands on {} hold more than {} bytes; refusing one",
                            path, MAX_BUFFERED_BYTES);
                    answer(ctx, ControlResult.error("server busy: too many partial commands are buffered; try again")
                            .toMap());
                    return;
                }
                charged += n;
                int start = buffer.writerIndex();
                buffer.writeBytes(in);
                CompleteJsonDetector.State s = detector.feed(buffer, start);
                if (s == CompleteJsonDetector.State.COMPLETE || s == CompleteJsonDetector.State.INVALID) {
                    String text = buffer.toString(StandardCharsets.UTF_8);
                    answered = true;
                    timeout.cancel(false);
                    try {
                        executor.execute(() -> {
                            Map<String, Object> answer = registry.executeJson(text, "unix");
                            ctx.executor().execute(() -> send(ctx, answer));
                        });
                    } catch (RejectedExecutionException e) {
                        send(ctx, ControlResult.error("server busy: more than " + MAX_QUEUED
                                + " commands are waiting; try again").toMap());
                    }
                }
            } finally {
                in.release();
            }
        }

        /**
         * Answers a client that may still be sending (its command is too large, timed out, or refused before it
         * was complete), then discards what it sends for up to {@link #DRAIN_MILLIS} before closing: closing with
         * unread data would reset the connection, and a client still writing would get a broken pipe instead of
         * the answer.
         */
        private void refuseAndDrain(ChannelHandlerContext ctx, Map<String, Object> answer) {
            answered = true;
            if (timeout != null) {
                timeout.cancel(false);
            }
            buffer.clear();
            buffered.addAndGet(-charged);
            charged = 0;
            ctx.writeAndFlush(Unpooled.copiedBuffer(Json.write(answer), StandardCharsets.UTF_8))
                    .addListener(f -> ((DomainSocketChannel) ctx.channel()).shutdownOutput());
            ctx.executor().schedule(() -> ctx.close(), DRAIN_MILLIS, TimeUnit.MILLISECONDS);
        }

        private void answer(ChannelHandlerContext ctx, Map<String, Object> answer) {
            if (!answered) {
                refuseAndDrain(ctx, answer);
            }
        }

        private void send(ChannelHandlerContext ctx, Map<String, Object> answer) {
            ctx.writeAndFlush(Unpooled.copiedBuffer(Json.write(answer), StandardCharsets.UTF_8))
                    .addListener(ChannelFutureListener.CLOSE);
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (counted) {
                connections.decrementAndGet();
                counted = false;
            }
            buffered.addAndGet(-charged);
            charged = 0;
            if (timeout != null) {
                timeout.cancel(false);
            }
            if (buffer != null) {
                buffer.release();
                buffer = null;
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            LOG.debug("control connection failed: {}", cause.toString());
            ctx.close();
        }
    }
}
