package io.leasehold.dhcp.transport.internal;

import io.leasehold.dhcp.transport.InboundPacket;
import io.leasehold.dhcp.transport.ListenerInfo;
import io.leasehold.dhcp.transport.PacketDispatcher;
import io.leasehold.dhcp.transport.TransportException;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.epoll.EpollChannelOption;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.SocketProtocolFamily;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.netty.channel.unix.RawUnixChannelOption;

import java.io.IOException;
import java.net.BindException;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/** Opens and configures the datagram channels of a {@link io.leasehold.dhcp.transport.DhcpTransport}. */
public final class ChannelOpener {
    /** Largest DHCP datagram we accept; bigger ones are truncated by the kernel and fail to decode. */
    static final int MAX_DATAGRAM = 2048;
    /** Datagrams per recvmmsg batch (when packets arrive in bursts: {@link DatagramReadSizer}). */
    static final int BATCH = 16;
    /** Window over which the I/O thread's share of time spent running packets itself is capped at a half. */
    static final long INLINE_WINDOW_NANOS = 2_000_000L;
    /**
     * SO_RCVBUF asked for every DHCP socket: 4 MiB, some thousands of queries in the kernel's accounting (a 300-byte
     * query takes about 1 KB of it). The system default (208 KiB, a few hundred queries) overflows in any pause of the
     * process longer than ~10 ms at 15,000 queries/s, and a JVM pauses that long now and then (a young collection,
     * a safepoint); the packets then wait in the kernel instead of being lost (see {@link QueueDispatcher}). The
     * kernel caps the request at {@code net.core.rmem_max} without an error.
     */
    static final int RECEIVE_BUFFER = 4 << 20;
    private static final int SOL_SOCKET = 1;
    private static final int SO_BINDTODEVICE = 25;
    private static final int IFNAMSIZ = 16;

    private final EventLoopGroup group;
    private final PacketDispatcher dispatcher;
    private final int port;

    public ChannelOpener(EventLoopGroup group, PacketDispatcher dispatcher, int port) {
        this.group = group;
        this.dispatcher = dispatcher;
        this.port = port;
    }

    /**
     * Binds 0.0.0.0:port once without SO_REUSEADDR, as Kea does, so that another DHCP server already on the port is
     * detected instead of silently sharing it.
     */
    public void probeFreePort() {
        try (DatagramSocket probe = new DatagramSocket(null)) {
            probe.setReuseAddress(false);
            probe.bind(new InetSocketAddress(port));
        } catch (SocketException e) {
            throw bindFailure(new InetSocketAddress(port), e);
        }
    }

    public ListenerChannel openPinned(int index, String ifname, List<Integer> addresses) {
        byte[] name = ifname.getBytes(StandardCharsets.US_ASCII);
        if (name.length >= IFNAMSIZ) {
            throw new TransportException("interface name '" + ifname + "' is longer than " + (IFNAMSIZ - 1) + " bytes");
        }
        ByteBuffer dev = ByteBuffer.allocateDirect(IFNAMSIZ);
        dev.put(name);
        dev.position(0);
        ListenerInfo info = new ListenerInfo(index, ifname, addresses);
        Bootstrap b = epollBootstrap()
                .option(new RawUnixChannelOption("SO_BINDTODEVICE", SOL_SOCKET, SO_BINDTODEVICE, IFNAMSIZ), dev);
        return bind(b, info, new InetSocketAddress(port), false);
    }

    public ListenerChannel openRelay(int index) {
        ListenerInfo info = new ListenerInfo(index, null, List.of());
        return bind(epollBootstrap(), info, new InetSocketAddress(port), true);
    }

    public ListenerChannel openNio(int index, InetAddress bindAddress) {
        InetSocketAddress at = bindAddress == null ? new InetSocketAddress(port) : new InetSocketAddress(bindAddress, port);
        int a = 0;
        if (bindAddress != null && bindAddress.getAddress().length == 4) {
            byte[] x = bindAddress.getAddress();
            a = (x[0] & 0xff) << 24 | (x[1] & 0xff) << 16 | (x[2] & 0xff) << 8 | (x[3] & 0xff);
        }
        ListenerInfo info = new ListenerInfo(index, null, a == 0 ? List.of() : List.of(a));
        Bootstrap b = new Bootstrap().group(group)
                .channelFactory(() -> new NioDatagramChannel(SocketProtocolFamily.INET))
                .option(ChannelOption.SO_BROADCAST, true)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                .option(ChannelOption.RECVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM));
        return bind(b, info, at, false);
    }

    private Bootstrap epollBootstrap() {
        return new Bootstrap().group(group)
                .channelFactory(() -> new EpollDatagramChannel(SocketProtocolFamily.INET))
                .option(ChannelOption.SO_BROADCAST, true)
                .option(ChannelOption.SO_REUSEADDR, true)
                .option(ChannelOption.SO_RCVBUF, RECEIVE_BUFFER)
                .option(EpollChannelOption.IP_RECVORIGDSTADDR, true)
                .option(EpollChannelOption.MAX_DATAGRAM_PAYLOAD_SIZE, MAX_DATAGRAM)
                // one datagram per read (recvmsg) while packets come one per wake-up, BATCH (recvmmsg) in bursts
                .option(ChannelOption.RECVBUF_ALLOCATOR, new DatagramReadSizer(MAX_DATAGRAM, BATCH));
    }

    private ListenerChannel bind(Bootstrap b, ListenerInfo info, InetSocketAddress at, boolean ignoreBroadcast) {
        ListenerChannel[] holder = new ListenerChannel[1];
        b.handler(new SimpleChannelInboundHandler<DatagramPacket>(false) {
            // Event-loop confined, like the handler: the I/O thread's time inside dispatch during the current
            // window. While it is under half the window the thread has time to run a packet itself (see
            // PacketDispatcher#dispatch(InboundPacket, Responder, boolean)); above that it only reads.
            private long windowStart;
            private long busyInWindow;

            @Override
            protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket msg) {
                InboundPacket p = new InboundPacket(msg.content(), msg.sender(), msg.recipient(),
                        info.interfaceName(), info.index(), System.nanoTime());
                if (ignoreBroadcast && p.isBroadcast()) {
                    // The pinned sockets receive broadcasts with their interface; the relay socket sees them too.
                    p.release();
                    return;
                }
                long start = p.receivedNanos();
                if (start - windowStart > INLINE_WINDOW_NANOS) {
                    windowStart = start;
                    busyInWindow = 0;
                }
                dispatcher.dispatch(p, holder[0], busyInWindow < INLINE_WINDOW_NANOS / 2);
                busyInWindow += System.nanoTime() - start;
            }
        });
        ChannelFuture f = b.bind(at).awaitUninterruptibly();
        if (!f.isSuccess()) {
            throw bindFailure(at, f.cause());
        }
        Channel ch = f.channel();
        holder[0] = new ListenerChannel(ch, info);
        return holder[0];
    }

    static TransportException bindFailure(InetSocketAddress at, Throwable cause) {
        String m = String.valueOf(cause.getMessage());
        String where = at.getAddress().getHostAddress() + ":" + at.getPort();
        if (cause instanceof BindException || m.contains("Address already in use")) {
            if (m.contains("ermission") || m.contains("EACCES")) {
                return new TransportException("no permission to bind " + where + ": ports below 1024 need root or "
                        + "CAP_NET_BIND_SERVICE (or use -p to pick an unprivileged port)", cause);
            }
            return new TransportException("cannot bind " + where + ": the port is already in use (is another DHCP "
                    + "server running?)", cause);
        }
        if (m.contains("ermission") || m.contains("EACCES") || m.contains("EPERM")) {
            return new TransportException("no permission to bind " + where + ": ports below 1024 need root or "
                    + "CAP_NET_BIND_SERVICE (or use -p to pick an unprivileged port)", cause);
        }
        if (cause instanceof IOException || cause instanceof RuntimeException) {
            return new TransportException("cannot open socket on " + where + ": " + m, cause);
        }
        return new TransportException("cannot open socket on " + where + ": " + cause, cause);
    }
}
