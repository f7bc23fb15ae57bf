package io.leasehold.dhcp.transport.internal;

import io.leasehold.dhcp.transport.ListenerInfo;
import io.leasehold.dhcp.transport.ReplyDestination;
import io.leasehold.dhcp.transport.Responder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.epoll.EpollDatagramChannel;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.unix.FileDescriptor;
import io.netty.channel.unix.Socket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.io.IOException;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * One open socket and the {@link Responder} that sends replies out of it.
 *
 * <h2>Sending from any thread</h2>
 * On an epoll socket a reply is sent with one {@code sendto(2)} on the calling thread (a worker, usually), not handed
 * to the event loop: a hand-off would cost an event-loop task, an {@code eventfd} wake-up of the I/O thread and a
 * context switch per reply. Datagram sends on one socket from several threads are safe in the kernel (each datagram
 * is one atomic send). Only when the socket buffer is full ({@code EAGAIN}) does the reply go through the channel,
 * whose outbound buffer waits for the socket to drain. To keep a racing send off a descriptor number that
 * {@link #close} has released (and the kernel may have reused), sends register in {@code inFlight} and close waits
 * for them.
 */
public final class ListenerChannel implements Responder {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.transport");
    /** Sends in progress; {@link #CLOSING} is added once close begins, after which no direct send starts. */
    private final AtomicInteger inFlight = new AtomicInteger();
    private static final int CLOSING = 1 << 30;

    private final Channel channel;
    /** The epoll socket for direct sends, or {@code null} (NIO channel): replies then go through the channel. */
    private final Socket socket;
    private final ListenerInfo info;
    private final LongAdder sendFailures = new LongAdder();
    private final ChannelFutureListener onSent = f -> {
        if (!f.isSuccess()) {
            sendFailures.increment();
            LOG.debug("LH_TRANSPORT_SEND_FAILED {}", f.cause().toString());
        }
    };

    ListenerChannel(Channel channel, ListenerInfo info) {
        this.channel = channel;
        this.info = info;
        Socket direct = null;
        if (channel instanceof EpollDatagramChannel epoll) {
            FileDescriptor fd = epoll.fd();
            if (fd instanceof Socket sock) {
                direct = sock;
            }
        }
        this.socket = direct;
    }

    public ListenerInfo info() {
        return info;
    }

    public InetSocketAddress localAddress() {
        return (InetSocketAddress) channel.localAddress();
    }

    public long sendFailures() {
        return sendFailures.sum();
    }

    @Override
    public void send(ByteBuf payload, ReplyDestination destination) {
        if (inFlight.get() >= CLOSING) {
            // closed or closing: a reply finished after shutdown is dropped here, not handed to a dead event loop
            payload.release();
            sendFailures.increment();
            return;
        }
        InetAddress to = toInet(destination.address());
        if (socket != null && payload.isDirect() && sendDirect(payload, to, destination.port())) {
            return;
        }
        channel.writeAndFlush(new DatagramPacket(payload, new InetSocketAddress(to, destination.port())))
                .addListener(onSent);
    }

    /** One {@code sendto(2)} on this thread; {@code false} leaves the payload to the channel (busy socket, closing). */
    private boolean sendDirect(ByteBuf payload, InetAddress to, int port) {
        if (inFlight.incrementAndGet() >= CLOSING) {
            inFlight.decrementAndGet();
            return false;
        }
        try {
            int sent;
            if (payload.hasMemoryAddress()) {
                sent = socket.sendToAddress(payload.memoryAddress(), payload.readerIndex(), payload.writerIndex(),
                        to, port);
            } else {
                ByteBuffer nio = payload.internalNioBuffer(payload.readerIndex(), payload.readableBytes());
                sent = socket.sendTo(nio, nio.position(), nio.limit(), to, port);
            }
            if (sent == 0 && payload.isReadable()) {
                return false; // EAGAIN: the channel queues it until the socket is writable
            }
            payload.release();
            return true;
        } catch (IOException | RuntimeException e) {
            payload.release();
            sendFailures.increment();
            LOG.debug("LH_TRANSPORT_SEND_FAILED {}", e.toString());
            return true;
        } finally {
            inFlight.decrementAndGet();
        }
    }

    public synchronized void close() {
        if (inFlight.get() >= CLOSING) {
            return; // closed already (a second CLOSING would overflow the counter; the event loop may be gone)
        }
        inFlight.addAndGet(CLOSING);
        // direct sends already under way finish within a system call; wait for them before the descriptor goes
        for (int spins = 0; inFlight.get() != CLOSING && spins < 1_000_000; spins++) {
            Thread.onSpinWait();
        }
        channel.close().syncUninterruptibly();
    }

    /** A destination address and its {@link InetAddress}, for {@link #RECENT}. */
    private record Destination(int address, InetAddress inet) {
    }

    /**
     * Recent destinations: replies go to a few relays (and the broadcast address) over and over, so their
     * {@code InetAddress} is made once rather than per reply. Direct-mapped, 64 entries, an entry used only for its
     * own address; the array's volatile reads publish each entry safely to every thread.
     */
    private static final AtomicReferenceArray<Destination> RECENT = new AtomicReferenceArray<>(64);

    static InetAddress toInet(int address) {
        int i = (address * 0x9E3779B9) >>> 26;
        Destination d = RECENT.get(i);
        if (d != null && d.address == address) {
            return d.inet;
        }
        try {
            InetAddress inet = InetAddress.getByAddress(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16),
                    (byte) (address >>> 8), (byte) address});
            RECENT.set(i, new Destination(address, inet));
            return inet;
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
