package io.leasehold.dhcp.control;

import io.leasehold.dhcp.control.internal.ConnectionGuard;
import io.leasehold.dhcp.control.internal.TlsRefusals;
import io.leasehold.dhcp.control.internal.HttpCommandHandler;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollServerSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Kea's command channel over HTTP(S), as its Control Agent and the HA dedicated listener answer it: {@code POST /}
 * with {@code Content-Type: application/json}, answer is a JSON array with one answer map per entry of the
 * request's {@code service} list (or one when there is none), see {@link CommandRegistry#executeForServices}.
 * Optional TLS with client certificates, optional basic authentication (HTTP 401 without valid credentials), extra
 * response headers, bounded request bodies (HTTP 413), keep-alive with an idle timeout.
 * {@code GET} paths can be served by extra handlers (Leasehold's {@code /metrics}).
 */
public final class HttpCommandServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.control");

    private final Builder b;
    private EventLoopGroup group;
    private Channel server;
    private ThreadPoolExecutor executor;
    private ConnectionGuard guard;
    /** Every accepted connection while open, closed by {@link #close()} before the event loops stop. */
    private final ChannelGroup connections = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);

    private HttpCommandServer(Builder b) {
        this.b = b;
    }

    public static Builder builder(CommandRegistry registry) {
        return new Builder(registry);
    }

    public synchronized HttpCommandServer start() throws IOException {
        ConnectionGuard guard = new ConnectionGuard(b.name, b.maxConnections, b.requestTimeoutMillis);
        TlsRefusals tlsRefusals = new TlsRefusals(b.name);
        this.guard = guard;
        boolean epoll = Epoll.isAvailable();
        group = new MultiThreadIoEventLoopGroup(b.ioThreads,
                new DefaultThreadFactory(b.name + "-io", true, b.threadPriority),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        executor = new ThreadPoolExecutor(b.workerThreads, b.workerThreads, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(1024), new DefaultThreadFactory(b.name + "-cmd", true, b.threadPriority),
                new ThreadPoolExecutor.AbortPolicy());
        try {
            server = new ServerBootstrap().group(group)
                    .channel(epoll ? EpollServerSocketChannel.class : NioServerSocketChannel.class)
                    .childHandler(new ChannelInitializer<SocketChannel>() {
                        @Override
                        protected void initChannel(SocketChannel ch) {
                            connections.add(ch);
                            ch.pipeline().addLast(guard);
                            if (b.tls != null) {
                                ch.pipeline().addLast(b.tls.newHandler(ch.alloc())).addLast(tlsRefusals);
                            }
                            ch.pipeline().addLast(new IdleStateHandler(0, 0, b.idleSeconds))
                                    .addLast(new HttpServerCodec(4096, 8192, 8192))
                                    .addLast(new HttpObjectAggregator(b.maxBodyBytes))
                                    .addLast(guard.requestDone())
                                    .addLast(new HttpCommandHandler(b.registry, executor, b.credentials, b.getHandlers,
                                            b.origin, b.realm, b.headers));
                        }
                    }).bind(b.address).sync().channel();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IOException("interrupted while binding " + b.address, e);
        } catch (RuntimeException e) {
            close();
            throw new IOException("cannot listen on " + b.address + ": " + e.getMessage(), e);
        }
        LOG.info("LH_HTTP_LISTENING {} listening on {}{}", b.name, localAddress(), b.tls == null ? "" : " (TLS)");
        return this;
    }

    /** Connections open now. */
    public synchronized int openConnections() {
        return guard == null ? 0 : guard.open();
    }

    /** Connections closed because {@link Builder#maxConnections} were open. */
    public synchronized long refusedConnections() {
        return guard == null ? 0 : guard.refused();
    }

    /** Connections closed because a request did not arrive whole within {@link Builder#requestTimeoutMillis}. */
    public synchronized long timedOutConnections() {
        return guard == null ? 0 : guard.cutOff();
    }

    public synchronized InetSocketAddress localAddress() {
        return (InetSocketAddress) server.localAddress();
    }

    @Override
    public synchronized void close() {
        if (server != null) {
            server.close().syncUninterruptibly();
            server = null;
        }
        // Close the open connections explicitly: a stopped event loop does not always close them (a peer's
        // keep-alive connection was seen staying ESTABLISHED, unanswered, after the group had terminated), and a
        // partner must see the connection end, as when a process dies, not wait for its request timeout.
        connections.close().awaitUninterruptibly(2, TimeUnit.SECONDS);
        if (group != null) {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    /** Settings. */
    public static final class Builder {
        private final CommandRegistry registry;
        private InetSocketAddress address = new InetSocketAddress("127.0.0.1", 8000);
        private SslContext tls;
        private Map<String, String> credentials;
        private Map<String, Supplier<String>> getHandlers = Map.of();
        private int maxBodyBytes = 16 << 20;
        private int idleSeconds = 30;
        private int maxConnections = 4096;
        private long requestTimeoutMillis = 10_000;
        private int ioThreads = 1;
        private int workerThreads = 2;
        private int threadPriority = Thread.NORM_PRIORITY;
        private String name = "leasehold-http";
        private String origin = "http";
        private String realm = "";
        private Map<String, String> headers = Map.of();

        private Builder(CommandRegistry registry) {
            this.registry = Objects.requireNonNull(registry);
        }

        /**
         * The Java priority of the listener's threads (I/O and command workers); {@link Thread#NORM_PRIORITY} by
         * default. An HA peer listener, which answers the lease updates a partner waits for before each ACK, runs at
         * {@link Thread#MAX_PRIORITY}, as the DHCP transport's threads do (what the priorities mean, and when: see
         * {@code bin/leasehold-dhcp4}).
         */
        public Builder threadPriority(int v) {
            if (v < Thread.MIN_PRIORITY || v > Thread.MAX_PRIORITY) {
                throw new IllegalArgumentException("threadPriority must be " + Thread.MIN_PRIORITY + "-"
                        + Thread.MAX_PRIORITY + ", got " + v);
            }
            this.threadPriority = v;
            return this;
        }

        public Builder address(InetSocketAddress v) {
            this.address = v;
            return this;
        }

        /** TLS context from {@link TlsFiles#serverContext()}, or null for plain HTTP. */
        public Builder tls(SslContext v) {
            this.tls = v;
            return this;
        }

        /** Accepted basic-auth user → password; null or empty for no authentication. */
        public Builder credentials(Map<String, String> v) {
            this.credentials = v == null || v.isEmpty() ? null : Map.copyOf(v);
            return this;
        }

        /** Text bodies for GET paths, e.g. {@code "/metrics"}. */
        public Builder getHandlers(Map<String, Supplier<String>> v) {
            this.getHandlers = Map.copyOf(v);
            return this;
        }

        public Builder maxBodyBytes(int v) {
            this.maxBodyBytes = v;
            return this;
        }

        /** Connections open at once beyond which new ones are closed at once (default 4096). */
        public Builder maxConnections(int v) {
            if (v < 1) {
                throw new IllegalArgumentException("maxConnections must be at least 1, got " + v);
            }
            this.maxConnections = v;
            return this;
        }

        /**
         * Time a request has to arrive whole, counted from the connection's opening (including a TLS handshake) or
         * from the first byte of a further request (default 10 s, Kea's HTTP request timeout).
         */
        public Builder requestTimeoutMillis(long v) {
            if (v < 1) {
                throw new IllegalArgumentException("requestTimeoutMillis must be at least 1, got " + v);
            }
            this.requestTimeoutMillis = v;
            return this;
        }

        public Builder workerThreads(int v) {
            this.workerThreads = Math.max(1, v);
            return this;
        }

        public Builder name(String v) {
            this.name = v;
            return this;
        }

        /** The realm named in {@code WWW-Authenticate} when a request is not authorised (default empty). */
        public Builder realm(String v) {
            this.realm = Objects.requireNonNull(v);
            return this;
        }

        /** Headers added to every response (Kea's {@code http-headers}). */
        public Builder headers(Map<String, String> v) {
            this.headers = Collections.unmodifiableMap(new LinkedHashMap<>(v));
            return this;
        }

        /** Origin recorded on commands from this listener (e.g. {@code ha-listener}). */
        public Builder origin(String v) {
            this.origin = v;
            return this;
        }

        public HttpCommandServer build() {
            return new HttpCommandServer(this);
        }
    }
}
