package io.leasehold.dhcp.control.internal;

import io.leasehold.dhcp.control.CommandRegistry;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.TooLongHttpContentException;
import io.netty.handler.timeout.IdleStateEvent;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/** One HTTP command connection: authenticate, check method and content type, execute off the I/O thread. */
public final class HttpCommandHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger("io.leasehold.dhcp.control");
    private static final Gag AUTH_GAG = new Gag(10, TimeUnit.SECONDS);
    private static final Gag BAD_GAG = new Gag(10, TimeUnit.SECONDS);
    private final CommandRegistry registry;
    private final Executor executor;
    private final Map<String, String> credentials;
    private final Map<String, Supplier<String>> getHandlers;
    private final String origin;
    private final String realm;
    private final Map<String, String> headers;

    /**
     * @param credentials user to password for basic authentication, or null for none
     * @param getHandlers text bodies served for GET paths
     * @param origin      recorded on commands for logs
     * @param realm       the basic-authentication realm
     * @param headers     extra headers added to every response (Kea's {@code http-headers})
     */
    public HttpCommandHandler(CommandRegistry registry, Executor executor, Map<String, String> credentials,
                              Map<String, Supplier<String>> getHandlers, String origin, String realm,
                              Map<String, String> headers) {
        this.registry = registry;
        this.executor = executor;
        this.credentials = credentials;
        this.getHandlers = getHandlers;
        this.origin = origin;
        this.realm = realm;
        this.headers = headers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        if (!req.decoderResult().isSuccess()) {
            refused(ctx, "malformed HTTP request");
            bare(ctx, HttpResponseStatus.BAD_REQUEST, "Bad Request", false);
            return;
        }
        if (credentials != null && !authorized(req.headers().get(HttpHeaderNames.AUTHORIZATION))) {
            long held = AUTH_GAG.pass();
            if (held >= 0) {
                LOG.warn("LH_HTTP_UNAUTHORIZED {}: request from {} refused: {} credentials ({} more since the last"
                        + " such line)", origin, ctx.channel().remoteAddress(),
                        req.headers().contains(HttpHeaderNames.AUTHORIZATION) ? "wrong" : "no", held);
            }
            FullHttpResponse r = response(HttpResponseStatus.UNAUTHORIZED,
                    "{ \"result\": 401, \"text\": \"Unauthorized\" }", "application/json");
            r.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Basic realm=\"" + realm + "\"");
            write(ctx, r, keepAlive);
            return;
        }
        if (req.method() == HttpMethod.GET && getHandlers.containsKey(pathOf(req.uri()))) {
            Supplier<String> h = getHandlers.get(pathOf(req.uri()));
            submit(ctx, keepAlive, () -> response(HttpResponseStatus.OK, h.get(), "text/plain; version=0.0.4"));
            return;
        }
        String type = req.headers().get(HttpHeaderNames.CONTENT_TYPE);
        if (req.method() != HttpMethod.POST || type == null
                || !HttpHeaderValues.APPLICATION_JSON.contentEqualsIgnoreCase(type.trim())) {
            refused(ctx, "not a POST of application/json");
            bare(ctx, HttpResponseStatus.BAD_REQUEST, "Bad Request", keepAlive);
            return;
        }
        String body = req.content().toString(StandardCharsets.UTF_8);
        submit(ctx, keepAlive, () -> response(HttpResponseStatus.OK,
                Json.write(registry.executeForServices(body, origin)), "application/json"));
    }

    private void refused(ChannelHandlerContext ctx, String why) {
        long held = BAD_GAG.pass();
        if (held >= 0) {
            LOG.warn("LH_HTTP_BAD_REQUEST {}: request from {} refused: {} ({} more since the last such line)", origin,
                    ctx.channel().remoteAddress(), why, held);
        }
    }

    private void submit(ChannelHandlerContext ctx, boolean keepAlive, Supplier<FullHttpResponse> work) {
        try {
            executor.execute(() -> {
                FullHttpResponse r = work.get();
                ctx.executor().execute(() -> write(ctx, r, keepAlive));
            });
        } catch (RejectedExecutionException e) {
            bare(ctx, HttpResponseStatus.SERVICE_UNAVAILABLE, "Service Unavailable", false);
        }
    }

    private static String pathOf(String uri) {
        int q = uri.indexOf('?');
        return q < 0 ? uri : uri.substring(0, q);
    }

    private boolean authorized(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return false;
        }
        String decoded;
        try {
            decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return false;
        }
        int colon = decoded.indexOf(':');
        if (colon < 0) {
            return false;
        }
        String expected = credentials.get(decoded.substring(0, colon));
        return expected != null && MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
                decoded.substring(colon + 1).getBytes(StandardCharsets.UTF_8));
    }

    private FullHttpResponse response(HttpResponseStatus status, String body, String type) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, type);
        r.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, r.content().readableBytes());
        headers.forEach((k, v) -> r.headers().add(k, v));
        return r;
    }

    private void bare(ChannelHandlerContext ctx, HttpResponseStatus status, String text, boolean keepAlive) {
        write(ctx, response(status, "{ \"result\": " + status.code() + ", \"text\": \"" + text + "\" }",
                "application/json"), keepAlive);
    }

    private static void write(ChannelHandlerContext ctx, FullHttpResponse r, boolean keepAlive) {
        if (keepAlive) {
            r.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.KEEP_ALIVE);
            ctx.writeAndFlush(r);
        } else {
            ctx.writeAndFlush(r).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            ctx.close();
        } else {
            super.userEventTriggered(ctx, evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof TooLongHttpContentException) {
            bare(ctx, HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, "Request Entity Too Large", false);
        } else {
            ctx.close();
        }
    }
}
