package io.leasehold.dhcp.transport;

import io.leasehold.dhcp.transport.internal.ChannelOpener;
import io.leasehold.dhcp.transport.internal.InterfaceResolver;
import io.leasehold.dhcp.transport.internal.ListenerChannel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Sockets for DHCPv4, laid out as Kea's {@code udp} socket type does.
 *
 * <p><b>Linux (epoll):</b> one datagram channel per interface named in {@code interfaces-config}, all bound to the
 * server port on 0.0.0.0 and pinned to their interface with {@code SO_BINDTODEVICE}, so a broadcast DISCOVER is known
 * by the interface it came in on and the broadcast reply leaves through the same one; plus one unpinned socket for
 * relayed (unicast) traffic, which ignores broadcasts (the pinned sockets own those). Reception uses
 * {@code recvmmsg} batches.
 *
 * <p><b>Elsewhere, or without interfaces (tests, no root):</b> one NIO channel on any address and port, in relay
 * mode: it serves relayed and unicast traffic and cannot tell interfaces apart.
 *
 * <p>Start-up fails with a {@link TransportException} that names the interface, address and port and what to do.
 */
public final class DhcpTransport implements AutoCloseable {
    /** Which socket implementation to use. */
    public enum Mode {
        /** Epoll with per-interface sockets when available and interfaces are configured, NIO otherwise. */
        AUTO,
        /** Linux epoll; fails at start if unavailable. */
        EPOLL,
        /** NIO relay mode on {@link Builder#bindAddress}. */
        NIO
    }

    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.transport");

    private final Builder config;
    private final List<ListenerChannel> channels = new ArrayList<>();
    private EventLoopGroup group;
    private Mode effectiveMode;

    private DhcpTransport(Builder b) {
        this.config = b;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Opens every socket; on failure closes what was opened and throws. */
    public synchronized DhcpTransport start() {
        if (group != null) {
            throw new IllegalStateException("already started");
        }
        Mode mode = config.mode;
        if (mode == Mode.AUTO) {
            mode = !config.interfaces.isEmpty() && Epoll.isAvailable() ? Mode.EPOLL : Mode.NIO;
        }
        if (mode == Mode.EPOLL && !Epoll.isAvailable()) {
            throw new TransportException("native epoll transport is not available on this system: "
                    + Epoll.unavailabilityCause());
        }
        effectiveMode = mode;
        // The threads answering clients run at the highest Java priority. It means nothing to the JVM unless thread
        // priorities are on (-XX:ThreadPriorityPolicy=1, as root); bin/leasehold-dhcp4 turns them on and maps it to
        // nice -10, so that the JIT's compilations (nice 0) and the rest of the server never delay an answer.
        group = new MultiThreadIoEventLoopGroup(config.ioThreads,
                new DefaultThreadFactory("leasehold-dhcp-io", true, Thread.MAX_PRIORITY),
                mode == Mode.EPOLL ? EpollIoHandler.newFactory() : NioIoHandler.newFactory());
        try {
            ChannelOpener opener = new ChannelOpener(group, config.dispatcher, config.serverPort);
            if (mode == Mode.EPOLL) {
                List<InterfaceResolver.Resolved> resolved = InterfaceResolver.resolve(config.interfaces);
                opener.probeFreePort();
                for (InterfaceResolver.Resolved r : resolved) {
                    channels.add(opener.openPinned(channels.size(), r.name(), r.addresses()));
                }
                if (config.relaySocket) {
                    channels.add(opener.openRelay(channels.size()));
                }
            } else {
                channels.add(opener.openNio(channels.size(), config.bindAddress));
            }
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        for (ListenerChannel c : channels) {
            LOG.info("LH_TRANSPORT_LISTENING {} on {} ({})", c.info().interfaceName() == null ? "relay socket"
                    : "interface " + c.info().interfaceName(), c.localAddress(), effectiveMode);
        }
        return this;
    }

    /** The sockets in use, indexed by {@link InboundPacket#interfaceIndex()}. */
    public synchronized List<ListenerInfo> listeners() {
        List<ListenerInfo> out = new ArrayList<>();
        for (ListenerChannel c : channels) {
            out.add(c.info());
        }
        return out;
    }

    /** The local address of the first socket (useful with port 0). */
    public synchronized InetSocketAddress localAddress() {
        if (channels.isEmpty()) {
            throw new IllegalStateException("not started");
        }
        return channels.get(0).localAddress();
    }

    /** The mode actually in use after {@link #start()}. */
    public synchronized Mode mode() {
        return effectiveMode;
    }

    /** Datagrams that could not be sent (e.g. no route). */
    public synchronized long sendFailures() {
        long n = 0;
        for (ListenerChannel c : channels) {
            n += c.sendFailures();
        }
        return n;
    }

    /** Closes every socket and stops the I/O thread; returns when they are released. Idempotent. */
    @Override
    public synchronized void close() {
        for (ListenerChannel c : channels) {
            c.close();
        }
        channels.clear();
        if (group != null) {
            group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
            group = null;
        }
    }

    /** Settings of a {@link DhcpTransport}. */
    public static final class Builder {
        private List<InterfaceSpec> interfaces = List.of();
        private int serverPort = 67;
        private InetAddress bindAddress;
        private Mode mode = Mode.AUTO;
        private PacketDispatcher dispatcher;
        private boolean relaySocket = true;
        private int ioThreads = 1;

        private Builder() {
        }

        /** Interfaces to serve directly connected clients on (Kea's {@code interfaces-config.interfaces}). */
        public Builder interfaces(List<InterfaceSpec> v) {
            this.interfaces = List.copyOf(v);
            return this;
        }

        /** Port to listen on (Kea's {@code -p}); 67 by default, 0 for an ephemeral port in NIO mode. */
        public Builder serverPort(int v) {
            if (v < 0 || v > 65535) {
                throw new IllegalArgumentException("server port out of range 0..65535: " + v);
            }
            this.serverPort = v;
            return this;
        }

        /** Address the NIO socket binds to; the wildcard address by default. */
        public Builder bindAddress(InetAddress v) {
            this.bindAddress = v;
            return this;
        }

        public Builder mode(Mode v) {
            this.mode = Objects.requireNonNull(v);
            return this;
        }

        /** Whether epoll mode also opens the unpinned socket for relayed traffic (default true). */
        public Builder relaySocket(boolean v) {
            this.relaySocket = v;
            return this;
        }

        public Builder dispatcher(PacketDispatcher v) {
            this.dispatcher = Objects.requireNonNull(v);
            return this;
        }

        public DhcpTransport build() {
            if (dispatcher == null) {
                throw new IllegalStateException("a dispatcher is required");
            }
            return new DhcpTransport(this);
        }
    }
}
