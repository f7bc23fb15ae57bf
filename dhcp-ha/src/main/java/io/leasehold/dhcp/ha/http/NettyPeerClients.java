package io.leasehold.dhcp.ha.http;

import io.leasehold.dhcp.config.HaMultiThreading;
import io.leasehold.dhcp.config.HaPeer;
import io.leasehold.dhcp.config.HaRelationship;
import io.leasehold.dhcp.config.HaTls;
import io.leasehold.dhcp.control.TlsFiles;
import io.leasehold.dhcp.ha.PeerClient;
import io.leasehold.dhcp.ha.http.internal.HttpPeerClient;
import io.leasehold.dhcp.ha.http.internal.PeerEndpoint;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioSocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.util.concurrent.DefaultThreadFactory;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * Makes {@link PeerClient}s that speak Kea's HA HTTP protocol, all sharing one I/O thread (epoll when available,
 * else NIO) that this factory owns and stops on {@link #close()}.
 *
 * <pre>{@code
 * NettyPeerClients clients = NettyPeerClients.create();
 * Function<HaPeer, PeerClient> factory = clients.forRelationship(relationship);
 * PeerClient partner = factory.apply(relationship.partner().orElseThrow());
 * partner.send("ha-heartbeat", null, 10_000).thenAccept(answer -> ...);
 * ...
 * clients.close(); // closes every client made here
 * }</pre>
 *
 * <p>Per peer, from the configuration, as Kea does: TLS is used when the relationship or the peer entry sets
 * {@code trust-anchor}, {@code cert-file} and {@code key-file} (Kea 2.2 decides by those, not by the URL scheme;
 * an {@code https} URL without them is refused); the server certificate must chain to the trust anchor, and its
 * names are checked only with {@link PeerClientSettings#verifyPeerAddress()}, since Kea never checks them. The
 * target's {@code basic-auth-user} with {@code basic-auth-password} or the first line of
 * {@code basic-auth-password-file} gives the {@code Authorization: Basic} header.
 */
public final class NettyPeerClients implements AutoCloseable {
    private final PeerClientSettings settings;
    private final EventLoopGroup group;
    private final Class<? extends Channel> channelType;
    private final String transport;
    private final Set<HttpPeerClient> clients = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private NettyPeerClients(PeerClientSettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
        boolean epoll = settings.nativeTransport() && Epoll.isAvailable();
        // the lease updates our clients' ACKs wait for: the priority of the threads answering clients (what it
        // means, and when: bin/leasehold-dhcp4)
        this.group = new MultiThreadIoEventLoopGroup(1,
                new DefaultThreadFactory(settings.threadName(), true, Thread.MAX_PRIORITY),
                epoll ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        this.channelType = epoll ? EpollSocketChannel.class : NioSocketChannel.class;
        this.transport = epoll ? "epoll" : "nio";
    }

    /** A factory with default settings. */
    public static NettyPeerClients create() {
        return new NettyPeerClients(PeerClientSettings.DEFAULTS);
    }

    public static NettyPeerClients create(PeerClientSettings settings) {
        return new NettyPeerClients(settings);
    }

    /**
     * A client sending to {@code target} with the TLS files, credentials and connection count that
     * {@code relationship} gives for it.
     *
     * @throws IllegalArgumentException when the TLS files or the password file cannot be read, or the URL is
     *                                  {@code https} without TLS files (the message names the setting and peer)
     * @throws IllegalStateException    after {@link #close()}
     */
    public PeerClient client(HaRelationship relationship, HaPeer target) {
        Objects.requireNonNull(relationship, "relationship");
        Objects.requireNonNull(target, "target");
        if (closed) {
            throw new IllegalStateException("NettyPeerClients is closed");
        }
        PeerEndpoint endpoint = new PeerEndpoint(target.name(), target.url().toString(), address(target),
                target.host(), authorization(target), tls(relationship, target), settings.verifyPeerAddress());
        int max = settings.maxConnections() > 0 ? settings.maxConnections()
                : maxConnections(relationship.multiThreading());
        HttpPeerClient[] self = new HttpPeerClient[1];
        HttpPeerClient client = new HttpPeerClient(endpoint, settings, max, group.next(), channelType,
                () -> clients.remove(self[0]));
        self[0] = client;
        clients.add(client);
        if (closed) {
            client.close();
        }
        return client;
    }

    /** {@link #client(HaRelationship, HaPeer)} for the peers of one relationship: what the HA service takes. */
    public Function<HaPeer, PeerClient> forRelationship(HaRelationship relationship) {
        Objects.requireNonNull(relationship, "relationship");
        return target -> client(relationship, target);
    }

    /** {@code "epoll"} or {@code "nio"}. */
    public String transport() {
        return transport;
    }

    public PeerClientSettings settings() {
        return settings;
    }

    /** Closes every client made here (their pending sends fail), then stops the I/O thread. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        List<CompletableFuture<Void>> closing = new ArrayList<>();
        for (HttpPeerClient c : new ArrayList<>(clients)) {
            closing.add(c.closeAsync());
        }
        try {
            CompletableFuture.allOf(closing.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException | TimeoutException e) {
            // stop the loop anyway
        }
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    /** Kea: one connection per peer without HA multi-threading, else {@code http-client-threads} of them. */
    static int maxConnections(HaMultiThreading mt) {
        if (!mt.enableMultiThreading()) {
            return 1;
        }
        long threads = mt.httpClientThreads() > 0 ? mt.httpClientThreads()
                : Runtime.getRuntime().availableProcessors();
        return (int) Math.max(1, Math.min(threads, 256));
    }

    private static InetSocketAddress address(HaPeer target) {
        try {
            // A literal address (the configuration rejects names), so no lookup happens.
            return new InetSocketAddress(InetAddress.getByName(target.host()), target.port());
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("peer " + target.name() + ": url '" + target.url()
                    + "' has no literal IP address", e);
        }
    }

    private static String authorization(HaPeer target) {
        Optional<String> user = target.basicAuthUser().filter(u -> !u.isEmpty());
        if (user.isEmpty()) {
            return null;
        }
        String password;
        if (target.basicAuthPassword().isPresent()) {
            password = target.basicAuthPassword().get();
        } else if (target.basicAuthPasswordFile().isPresent()) {
            password = firstLine(target, target.basicAuthPasswordFile().get());
        } else {
            password = "";
        }
        String pair = user.get() + ":" + password;
        return "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8));
    }

    /** Kea reads the password file's first line (without its end of line). */
    private static String firstLine(HaPeer target, String file) {
        try (BufferedReader r = Files.newBufferedReader(Path.of(file), StandardCharsets.UTF_8)) {
            String line = r.readLine();
            return line == null ? "" : line;
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("peer " + target.name() + ": cannot read basic-auth-password-file '"
                    + file + "': " + e, e);
        }
    }

    private static SslContext tls(HaRelationship relationship, HaPeer target) {
        Optional<HaTls> files = relationship.tlsFor(target);
        if (files.isEmpty()) {
            if (target.https()) {
                throw new IllegalArgumentException("peer " + target.name() + ": url '" + target.url()
                        + "' is https but trust-anchor, cert-file and key-file are not all set");
            }
            return null;
        }
        HaTls t = files.get();
        try {
            return new TlsFiles(Path.of(t.trustAnchor()), Path.of(t.certFile()), Path.of(t.keyFile()), true)
                    .clientContext();
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("peer " + target.name() + ": bad TLS settings (trust-anchor '"
                    + t.trustAnchor() + "', cert-file '" + t.certFile() + "', key-file '" + t.keyFile() + "'): "
                    + e.getMessage(), e);
        }
    }
}
