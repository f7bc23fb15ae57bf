package io.leasehold.dhcp.ha.http.internal;

import io.leasehold.dhcp.control.ControlResult;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.ha.http.PeerClientSettings;
import io.leasehold.dhcp.ha.http.internal.PeerConnection.State;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpRequest;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.AsciiString;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;
import java.nio.channels.ClosedChannelException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * {@link PeerClient} over Netty: a small pool of keep-alive HTTP/1.1 connections to one peer, one request in flight
 * per connection (so an answer always belongs to the connection's current request), requests beyond the free
 * connections queued in order. All state lives on one event loop; callers only enqueue.
 *
 * <p>Failure rules: a request is sent again once, on a fresh connection, only if the connection closed before the
 * whole request reached the socket (a keep-alive connection the peer had just closed); once written it is never
 * repeated. When a connection attempt fails and no other connection is open, every waiting request fails with that
 * cause. A timeout counts from {@link #send} and closes the connection carrying the request, since its late answer
 * could not be told apart from the next one.
 *
 * <p>Length: one algorithm that reads best whole, a bounded pool of keep-alive connections over one request
 * queue (dispatch, connect, answer, fail, time out, shut down all change the same queue and connection set on the
 * event loop); splitting it would spread one invariant over several files.
 */
public final class HttpPeerClient implements PeerClient {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.ha");
    private static final AsciiString HOST = AsciiString.cached("Host");
    private static final AsciiString CONTENT_LENGTH = AsciiString.cached("Content-Length");
    private static final AsciiString CONTENT_TYPE = AsciiString.cached("Content-Type");
    private static final AsciiString AUTHORIZATION = AsciiString.cached("Authorization");
    private static final Pattern NATIVE_PREFIX = Pattern.compile("^\\w+\\(\\.\\.\\) failed( with error\\(-?\\d+\\))?: ");

    private final PeerEndpoint peer;
    private final PeerClientSettings settings;
    private final int maxConnections;
    private final EventLoop loop;
    private final Bootstrap bootstrap;
    private final Runnable onClose;
    private final String label;

    // Confined to the event loop.
    private final ArrayDeque<PeerRequest> waiting = new ArrayDeque<>();
    private final ArrayDeque<PeerConnection> idle = new ArrayDeque<>();
    private final Set<PeerConnection> connections = new HashSet<>();
    private int connecting;
    private boolean closed;

    private volatile boolean closing;
    private final CompletableFuture<Void> shutDown = new CompletableFuture<>();

    /**
     * @param maxConnections most connections to keep to this peer
     * @param channelType    socket channel class matching {@code loop}'s transport
     * @param onClose        run once when this client is closed
     */
    public HttpPeerClient(PeerEndpoint peer, PeerClientSettings settings, int maxConnections, EventLoop loop,
                          Class<? extends Channel> channelType, Runnable onClose) {
        this.peer = Objects.requireNonNull(peer, "peer");
        this.settings = Objects.requireNonNull(settings, "settings");
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1, was " + maxConnections);
        }
        this.maxConnections = maxConnections;
        this.loop = Objects.requireNonNull(loop, "loop");
        this.onClose = onClose == null ? () -> { } : onClose;
        this.label = peer.name() + " (" + peer.url() + ")";
        this.bootstrap = new Bootstrap().group(loop).channel(channelType).remoteAddress(peer.address())
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) settings.connectTimeoutMillis())
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.SO_KEEPALIVE, true);
    }

    /**
     * {@inheritDoc}
     *
     * @throws NullPointerException     if {@code command} is null
     * @throws IllegalArgumentException if {@code timeoutMillis} is not positive or an argument is not a JSON value
     *                                  (programming errors, not peer failures)
     */
    @Override
    public CompletableFuture<ControlResult> send(String command, Map<String, Object> arguments, long timeoutMillis) {
        Objects.requireNonNull(command, "command");
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("timeoutMillis must be positive, was " + timeoutMillis);
        }
        PeerRequest r = new PeerRequest(command, CommandBody.encode(command, arguments), timeoutMillis,
                settings.callbackExecutor());
        if (closing) {
            r.fail(error(r, "client closed"));
            return r.future;
        }
        try {
            loop.execute(() -> submit(r));
        } catch (RejectedExecutionException e) {
            r.fail(error(r, "client closed (its event loop has stopped)"));
        }
        return r.future;
    }

    @Override
    public void close() {
        closeAsync();
    }

    /** Closes this client; the future completes once pending requests have failed and connections are closing. */
    public CompletableFuture<Void> closeAsync() {
        synchronized (this) {
            if (closing) {
                return closed();
            }
            closing = true;
        }
        try {
            if (loop.inEventLoop()) {
                shutdown();
            } else {
                loop.execute(this::shutdown);
            }
        } catch (RejectedExecutionException e) {
            LOG.debug("event loop already stopped when closing the client of {}", label);
            shutDown.complete(null);
        }
        onClose.run();
        return closed();
    }

    private CompletableFuture<Void> closed() {
        return shutDown.copy();
    }

    /** Open or opening connections, counted on the event loop (for tests and status). */
    public CompletableFuture<Integer> openConnections() {
        CompletableFuture<Integer> f = new CompletableFuture<>();
        loop.execute(() -> f.complete(connections.size()));
        return f;
    }

    @Override
    public String toString() {
        return "HttpPeerClient{" + label + ", maxConnections=" + maxConnections + "}";
    }

    // ---- event loop from here on ----

    private void submit(PeerRequest r) {
        if (closed) {
            r.fail(error(r, "client closed"));
            return;
        }
        if (waiting.size() >= settings.maxPendingRequests()) {
            r.fail(error(r, "too many requests waiting for a connection (maxPendingRequests "
                    + settings.maxPendingRequests() + ")"));
            return;
        }
        r.timeout = loop.schedule(() -> timedOut(r), r.timeoutMillis, TimeUnit.MILLISECONDS);
        waiting.addLast(r);
        dispatch();
    }

    /** Gives waiting requests to idle connections, then opens connections for those still waiting. */
    private void dispatch() {
        if (closed) {
            return;
        }
        while (!waiting.isEmpty()) {
            PeerRequest r = waiting.peekFirst();
            if (r.finished()) {
                waiting.pollFirst();
                continue;
            }
            PeerConnection c = idle.pollLast(); // most recently used: lets surplus connections go idle and close
            if (c == null) {
                break;
            }
            if (c.state == State.READY && c.channel.isActive()) {
                waiting.pollFirst();
                write(c, r);
            }
        }
        int wanted = waiting.size() - connecting;
        while (wanted-- > 0 && !waiting.isEmpty() && connections.size() < maxConnections) {
            connect();
        }
    }

    private void write(PeerConnection c, PeerRequest r) {
        c.inFlight = r;
        r.connection = c;
        r.attempts++;
        FullHttpRequest req = new DefaultFullHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.POST, "/",
                Unpooled.wrappedBuffer(r.body));
        HttpHeaders h = req.headers(); // Kea's order and spelling; nothing else (no Connection: keep-alive is implied)
        h.set(HOST, peer.hostHeader());
        h.setInt(CONTENT_LENGTH, r.body.length);
        h.set(CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        if (peer.authorization() != null) {
            h.set(AUTHORIZATION, peer.authorization());
        }
        c.channel.writeAndFlush(req).addListener(f -> {
            if (f.isSuccess()) {
                r.written = true;
            } else {
                if (c.lastError == null) {
                    c.lastError = f.cause();
                }
                c.channel.close();
            }
        });
    }

    private void connect() {
        PeerConnection c = new PeerConnection(this);
        connections.add(c);
        connecting++;
        ChannelFuture f = bootstrap.clone().handler(new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                pipeline(ch, c);
            }
        }).connect();
        c.channel = f.channel();
        f.addListener((ChannelFuture cf) -> {
            if (!cf.isSuccess()) {
                connectFailed(c, "cannot connect", cf.cause());
            } else if (c.tls == null) {
                ready(c);
            } else {
                c.tls.handshakeFuture().addListener(hf -> {
                    if (hf.isSuccess()) {
                        ready(c);
                    } else {
                        connectFailed(c, "TLS handshake failed", hf.cause());
                    }
                });
            }
        });
    }

    private void pipeline(Channel ch, PeerConnection c) {
        c.channel = ch;
        ChannelPipeline p = ch.pipeline();
        if (peer.tls() != null) {
            SslHandler tls = peer.tls().newHandler(ch.alloc(), peer.hostHeader(), peer.address().getPort());
            SSLEngine engine = tls.engine();
            SSLParameters params = engine.getSSLParameters();
            // Kea checks only the chain; "HTTPS" identification also requires the URL's IP in the certificate.
            // Empty, not null: the JDK ignores null and Netty 4.2 client contexts default to "HTTPS".
            params.setEndpointIdentificationAlgorithm(peer.verifyPeerAddress() ? "HTTPS" : "");
            engine.setSSLParameters(params);
            tls.setHandshakeTimeoutMillis(settings.connectTimeoutMillis());
            c.tls = tls;
            p.addLast("tls", tls);
        }
        p.addLast("http", new HttpClientCodec());
        p.addLast("aggregate", new HttpObjectAggregator(settings.maxResponseBytes()));
        if (settings.idleTimeoutMillis() > 0) {
            p.addLast("idle", new IdleStateHandler(0, 0, settings.idleTimeoutMillis(), TimeUnit.MILLISECONDS));
        }
        p.addLast("peer", c);
    }

    private void ready(PeerConnection c) {
        if (c.state != State.CONNECTING) {
            c.channel.close();
            return;
        }
        c.state = State.READY;
        connecting--;
        LOG.debug("connected to {} from {}", label, c.channel.localAddress());
        release(c);
    }

    private void connectFailed(PeerConnection c, String what, Throwable cause) {
        if (c.state != State.CONNECTING) {
            return;
        }
        c.state = State.CLOSED;
        connecting--;
        connections.remove(c);
        c.channel.close();
        if (closed) {
            return;
        }
        String reason = what + ": " + describe(cause != null ? cause : c.lastError);
        LOG.debug("{}: {}", label, reason);
        if (connections.isEmpty()) {
            // Nothing else can serve the queue: the peer is unreachable for all of it.
            PeerRequest r;
            while ((r = waiting.pollFirst()) != null) {
                r.fail(error(r, reason));
            }
        }
    }

    private void release(PeerConnection c) {
        if (c.state == State.READY && c.channel.isActive() && !closed) {
            idle.addLast(c);
            dispatch();
        }
    }

    void answered(PeerConnection c, FullHttpResponse response) {
        PeerRequest r = c.inFlight;
        if (r != null && response.status().codeClass() == HttpStatusClass.INFORMATIONAL
                && response.decoderResult().isSuccess()) {
            return; // e.g. "100 Continue": the answer follows on the same connection
        }
        c.inFlight = null;
        if (r == null) {
            c.lastError = new IllegalStateException("answer without a request");
            c.channel.close();
            return;
        }
        if (!response.decoderResult().isSuccess()) {
            r.fail(error(r, "malformed HTTP answer: " + describe(response.decoderResult().cause())));
            c.channel.close();
            return;
        }
        try {
            r.succeed(AnswerParser.parse(response.status(), response.content()));
        } catch (AnswerParser.AnswerException e) {
            r.fail(error(r, e.getMessage()));
        }
        if (HttpUtil.isKeepAlive(response)) {
            release(c);
        } else {
            c.channel.close();
        }
    }

    void failed(PeerConnection c, Throwable cause) {
        if (c.lastError == null) {
            c.lastError = cause;
        }
        Throwable root = unwrap(cause);
        if (root instanceof TooLongFrameException && c.inFlight != null) {
            PeerRequest r = c.inFlight;
            c.inFlight = null;
            r.fail(error(r, "answer larger than maxResponseBytes (" + settings.maxResponseBytes() + " bytes)"));
        }
        c.channel.close();
    }

    void closed(PeerConnection c) {
        if (c.state == State.CONNECTING) {
            connectFailed(c, c.tls != null ? "TLS handshake failed" : "cannot connect",
                    c.lastError != null ? c.lastError : new ClosedChannelException());
            return;
        }
        if (c.state == State.CLOSED) {
            return;
        }
        c.state = State.CLOSED;
        connections.remove(c);
        idle.remove(c);
        PeerRequest r = c.inFlight;
        c.inFlight = null;
        if (r != null && !r.finished()) {
            if (!r.written && r.attempts < 2 && !closed) {
                LOG.debug("{}: connection closed before '{}' was sent, sending it again", label, r.command);
                r.connection = null;
                waiting.addFirst(r);
            } else {
                r.fail(error(r, "connection closed before the answer"
                        + (c.lastError != null ? ": " + describe(c.lastError) : "")));
            }
        } else {
            LOG.debug("connection to {} closed{}", label, c.lastError != null ? ": " + describe(c.lastError) : "");
        }
        dispatch();
    }

    private void timedOut(PeerRequest r) {
        if (r.finished()) {
            return;
        }
        PeerConnection c = r.connection;
        r.fail(error(r, "timeout after " + r.timeoutMillis + " ms waiting for "
                + (c == null ? "a connection" : "the answer")));
        if (c != null) {
            c.channel.close();
        } else {
            waiting.remove(r);
        }
    }

    private void shutdown() {
        closed = true;
        PeerRequest r;
        while ((r = waiting.pollFirst()) != null) {
            r.fail(error(r, "client closed"));
        }
        for (PeerConnection c : new ArrayList<>(connections)) {
            if (c.state == State.CONNECTING) {
                connecting--;
            }
            c.state = State.CLOSED;
            if (c.inFlight != null) {
                c.inFlight.fail(error(c.inFlight, "client closed"));
                c.inFlight = null;
            }
            c.channel.close();
        }
        connections.clear();
        idle.clear();
        shutDown.complete(null);
    }

    private PeerException error(PeerRequest r, String reason) {
        return new PeerException("'" + r.command + "' to " + label + ": " + reason);
    }

    private static Throwable unwrap(Throwable t) {
        while (t instanceof DecoderException && t.getCause() != null) {
            t = t.getCause();
        }
        return t;
    }

    private static String describe(Throwable t) {
        if (t == null) {
            return "closed";
        }
        t = unwrap(t);
        String m = t.getMessage();
        if (m != null) {
            m = NATIVE_PREFIX.matcher(m).replaceFirst(""); // epoll: "finishConnect(..) failed with error(-111): "
        }
        String type = t instanceof SSLException ? "TLS " + t.getClass().getSimpleName() : t.getClass().getSimpleName();
        return m == null || m.isBlank() ? type : (t instanceof SSLException ? type + ": " + m : m);
    }
}
