package io.leasehold.dhcp.control.internal;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.TimeUnit;

/**
 * Logs TLS handshakes an HTTP listener refused (no client certificate, one from another CA, an expired one, plain
 * HTTP to a TLS port), at most one line per 10 s with the count of the others; the refusal itself is the TLS
 * handler's. Placed right after the {@code SslHandler}.
 */
@ChannelHandler.Sharable
public final class TlsRefusals extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.control");
    private final String name;
    private final Gag gag = new Gag(10, TimeUnit.SECONDS);

    public TlsRefusals(String name) {
        this.name = name;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent e && !e.isSuccess()) {
            long held = gag.pass();
            if (held >= 0) {
                Throwable c = e.cause();
                while (c.getCause() != null && c.getCause() != c) {
                    c = c.getCause();
                }
                LOG.warn("LH_HTTP_TLS_REFUSED {}: TLS handshake from {} refused: {} ({} more since the last such line)",
                        name, ctx.channel().remoteAddress(), c.getMessage() == null ? c.toString() : c.getMessage(),
                        held);
            }
        }
        super.userEventTriggered(ctx, evt);
    }
}
