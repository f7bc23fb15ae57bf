package io.leasehold.dhcp.transport;

import io.netty.buffer.ByteBuf;
import io.netty.util.ReferenceCounted;

import java.net.InetSocketAddress;

/**
 * A received UDP datagram and what the transport knows about its arrival. It owns one reference to its content:
 * whoever finishes with the packet calls {@link #release()} exactly once (the dispatcher does it for dropped packets).
 *
 * @param content        the UDP payload
 * @param sender         source address and port
 * @param recipient      destination the packet was sent to (e.g. 255.255.255.255:67 for a broadcast), or
 *                       {@code null} when the transport cannot tell
 * @param interfaceName  the interface the packet arrived on, or {@code null} when it came through the relay socket
 *                       (or on a transport that cannot tell, such as NIO)
 * @param interfaceIndex a dense index of the receiving listener, used to send replies out the same way
 * @param receivedNanos  {@link System#nanoTime()} at reception, for queue-latency accounting
 */
public record InboundPacket(ByteBuf content, InetSocketAddress sender, InetSocketAddress recipient,
                            String interfaceName, int interfaceIndex, long receivedNanos) {

    /** Whether the packet was sent to the limited broadcast address. */
    public boolean isBroadcast() {
        return recipient != null && recipient.getAddress() != null && isLimitedBroadcast(recipient);
    }

    /** Releases the content. */
    public void release() {
        ReferenceCounted c = content;
        if (c.refCnt() > 0) {
            c.release();
        }
    }

    private static boolean isLimitedBroadcast(InetSocketAddress a) {
        byte[] b = a.getAddress().getAddress();
        return b.length == 4 && b[0] == (byte) 255 && b[1] == (byte) 255 && b[2] == (byte) 255 && b[3] == (byte) 255;
    }
}
