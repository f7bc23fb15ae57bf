package io.leasehold.dhcp.transport;

import io.netty.buffer.ByteBuf;

/**
 * Sends the answer to one received packet. A handler may call it on any thread and later than
 * {@link PacketHandler#handle} returns (an HA lease update parks the reply until the partner answers). Call
 * {@link #send} at most once; not calling it at all means "no reply".
 */
public interface Responder {
    /**
     * Sends {@code payload} (ownership passes to the transport, which releases it) to {@code destination}, out of
     * the listener the query arrived on.
     */
    void send(ByteBuf payload, ReplyDestination destination);
}
