package io.leasehold.dhcp.transport.internal;

import io.leasehold.dhcp.transport.ListenerInfo;
import io.leasehold.dhcp.transport.ReplyDestination;
import io.leasehold.dhcp.transport.Responder;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.socket.DatagramPacket;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.concurrent.atomic.LongAdder;

/** One open socket and the {@link Responder} that sends replies out of it. */
public final class ListenerChannel implements Responder {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.transport");

    private final Channel channel;
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
        InetSocketAddress to = new InetSocketAddress(toInet(destination.address()), destination.port());
        channel.writeAndFlush(new DatagramPacket(payload, to)).addListener(onSent);
    }

    public void close() {
        channel.close().syncUninterruptibly();
    }

    static InetAddress toInet(int address) {
        try {
            return InetAddress.getByAddress(new byte[] {(byte) (address >>> 24), (byte) (address >>> 16),
                    (byte) (address >>> 8), (byte) address});
        } catch (UnknownHostException e) {
            throw new AssertionError(e);
        }
    }
}
