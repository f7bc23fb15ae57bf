package io.leasehold.dhcp.ha.http.internal;

import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;

/**
 * One keep-alive connection to a peer, carrying at most one request at a time. The last handler of the pipeline:
 * it hands answers, errors and the close to its {@link HttpPeerClient}, which owns all decisions. Confined to the
 * client's event loop.
 */
final class PeerConnection extends ChannelInboundHandlerAdapter {
    enum State { CONNECTING, READY, CLOSED }

    private final HttpPeerClient client;
    Channel channel;
    SslHandler tls;
    State state = State.CONNECTING;
    /** The request whose answer is awaited, or null when idle. */
    PeerRequest inFlight;
    /** The first error seen on this connection, reported when it closes. */
    Throwable lastError;

    PeerConnection(HttpPeerClient client) {
        this.client = client;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof FullHttpResponse response)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        try {
            client.answered(this, response);
        } finally {
            response.release();
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        // Runs after the HTTP decoder has handed over an answer delimited by the close, unlike a closeFuture listener.
        client.closed(this);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        client.failed(this, cause);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            if (inFlight == null && state == State.READY) {
                ctx.close();
            }
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }
}
