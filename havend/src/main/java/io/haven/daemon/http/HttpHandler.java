package io.haven.daemon.http;

import io.haven.daemon.metrics.HavenMetrics;
import io.haven.daemon.status.NodeView;
import io.haven.daemon.status.QuorumInfo;
import io.haven.daemon.status.Readiness;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.TooLongFrameException;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.timeout.IdleStateEvent;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Answers the requests of one connection, one at a time and in order (a request that arrives while the previous
 * one waits for the node is held until that one is answered, so pipelined answers cannot cross).
 *
 * <table>
 *   <caption>paths (GET and HEAD only; anything else is 405)</caption>
 *   <tr><td>{@code /}, {@code /app.js}, {@code /style.css}</td><td>the status page</td></tr>
 *   <tr><td>{@code /health}</td><td>200 {@code up}: the process serves HTTP</td></tr>
 *   <tr><td>{@code /ready}</td><td>200 {@code ready}, or 503 with one reason a line ({@link Readiness})</td></tr>
 *   <tr><td>{@code /metrics}</td><td>Prometheus text format</td></tr>
 *   <tr><td>{@code /api/node}, {@code /api/quorums}, {@code /api/directory}</td><td>the node's status, JSON</td></tr>
 *   <tr><td>{@code /api/search}, {@code /api/object}</td><td>the data browser ({@link Browse})</td></tr>
 *   <tr><td>{@code /api/watch}</td><td>a live view of changes ({@link WatchStream})</td></tr>
 * </table>
 *
 * Runs on the connection's event loop; the fields are touched there only.
 */
final class HttpHandler extends SimpleChannelInboundHandler<FullHttpRequest> {
    private static final Logger LOG = LoggerFactory.getLogger(HttpHandler.class);

    /** Pipelined requests held while one is answered; a client that sends more is disconnected. */
    static final int MAX_WAITING = 16;

    private final NodeView view;
    private final HavenMetrics metrics;
    private final StaticAssets assets;
    private final Browse browse;
    private final boolean loopbackOnly;
    private final StreamSlots streams;

    /** Requests read while one is being answered. */
    private final ArrayDeque<FullHttpRequest> waiting = new ArrayDeque<>();

    private boolean busy;

    /** Set once a watch stream owns the connection. */
    private boolean streaming;

    /** Watch streams: how many may be open at once across the server. */
    interface StreamSlots {
        boolean acquire();

        void release();
    }

    HttpHandler(NodeView view, HavenMetrics metrics, StaticAssets assets, boolean loopbackOnly, StreamSlots streams) {
        super(false);
        this.view = view;
        this.metrics = metrics;
        this.assets = assets;
        this.browse = new Browse(view);
        this.loopbackOnly = loopbackOnly;
        this.streams = streams;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest request) {
        if (streaming || (busy && waiting.size() >= MAX_WAITING)) {
            // A watch stream's connection carries no more requests; a client that pipelines without end is cut off.
            request.release();
            ctx.close();
            return;
        }
        if (busy) {
            waiting.add(request);
            return;
        }
        busy = true;
        try {
            serve(ctx, request);
        } finally {
            request.release();
        }
    }

    private void serve(ChannelHandlerContext ctx, FullHttpRequest request) {
        boolean keepAlive = HttpUtil.isKeepAlive(request);
        boolean head = request.method().equals(HttpMethod.HEAD);
        if (!request.decoderResult().isSuccess()) {
            Throwable cause = request.decoderResult().cause();
            int status = cause instanceof TooLongFrameException ? 431 : 400;
            answer(ctx, Reply.text(status, "bad request: " + cause.getMessage() + "\n"), false, head);
            return;
        }
        if (!head && !request.method().equals(HttpMethod.GET)) {
            answer(ctx, Reply.text(405, request.method() + " is not allowed here; use GET\n"), keepAlive, head);
            return;
        }
        String host = request.headers().get(HttpHeaderNames.HOST);
        if (loopbackOnly && host != null && !Headers.isLoopbackHost(host)) {
            answer(
                    ctx,
                    Reply.text(403, "this endpoint answers requests for localhost only, not for Host " + host + "\n"),
                    false,
                    head);
            return;
        }
        try {
            QueryStringDecoder query = new QueryStringDecoder(request.uri());
            route(ctx, query.path(), query.parameters(), request, keepAlive, head);
        } catch (BadRequest e) {
            answer(ctx, Browse.failure(e), keepAlive, head);
        } catch (IllegalArgumentException e) {
            // QueryStringDecoder on a malformed %-escape.
            answer(ctx, Reply.error(400, "BAD_REQUEST", "malformed URI: " + e.getMessage()), keepAlive, head);
        } catch (RuntimeException | IOException e) {
            LOG.warn("HTTP {} failed", request.uri(), e);
            answer(ctx, Browse.failure(e), false, head);
        }
    }

    private void route(
            ChannelHandlerContext ctx,
            String path,
            Map<String, List<String>> parameters,
            FullHttpRequest request,
            boolean keepAlive,
            boolean head)
            throws IOException {
        switch (path) {
            case "/health" -> {
                Params.of(parameters, Set.of());
                answer(ctx, Reply.text(200, "up\n"), keepAlive, head);
            }
            case "/ready" -> {
                Params.of(parameters, Set.of());
                Readiness r = Readiness.of(view.quorums());
                answer(
                        ctx,
                        r.ready()
                                ? Reply.text(200, "ready\n")
                                : Reply.text(503, "not ready: " + String.join("\nnot ready: ", r.reasons()) + "\n"),
                        keepAlive,
                        head);
            }
            case "/metrics" -> {
                Params.of(parameters, Set.of());
                answer(ctx, scrape(), keepAlive, head);
            }
            case "/api/node" -> {
                Params.of(parameters, Set.of());
                answer(
                        ctx,
                        Reply.json(200, Views.node(view.node(), view.counts(), Readiness.of(view.quorums()))),
                        keepAlive,
                        head);
            }
            case "/api/quorums" -> {
                Params.of(parameters, Set.of());
                List<QuorumInfo> quorums = view.quorums();
                answer(
                        ctx,
                        Reply.json(
                                200,
                                Map.of(
                                        "quorums",
                                        quorums.stream().map(Views::quorum).toList())),
                        keepAlive,
                        head);
            }
            case "/api/directory" -> {
                Params.of(parameters, Set.of());
                later(ctx, directory(), keepAlive, head);
            }
            case "/api/search" -> later(
                    ctx, browse.search(Params.of(parameters, Browse.SEARCH_PARAMS)), keepAlive, head);
            case "/api/object" -> later(
                    ctx, browse.object(Params.of(parameters, Browse.OBJECT_PARAMS)), keepAlive, head);
            case "/api/watch" -> watch(ctx, Params.of(parameters, WatchStream.PARAMS), request, keepAlive, head);
            default -> {
                Optional<Reply> asset = assets.find(path);
                if (asset.isPresent()) {
                    Params.of(parameters, Set.of());
                    answer(ctx, asset.get(), keepAlive, head);
                } else if (path.startsWith("/api/")) {
                    answer(ctx, Reply.error(404, "NOT_FOUND", "no API " + path), keepAlive, head);
                } else {
                    answer(ctx, Reply.text(404, "not found: " + path + "\n"), keepAlive, head);
                }
            }
        }
    }

    private Reply scrape() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(16 * 1024);
        metrics.scrape(out);
        return new Reply(200, HavenMetrics.CONTENT_TYPE, out.toByteArray());
    }

    private CompletableFuture<Reply> directory() {
        CompletableFuture<Reply> answer;
        try {
            answer = view.directory().thenApply(nodes -> {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("available", nodes.isPresent());
                m.put(
                        "nodes",
                        nodes.orElse(List.of()).stream()
                                .map(Views::directoryNode)
                                .toList());
                return Reply.json(200, m);
            });
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
        return answer.orTimeout(Browse.QUERY_TIMEOUT_MS, TimeUnit.MILLISECONDS);
    }

    private void watch(
            ChannelHandlerContext ctx, Params params, FullHttpRequest request, boolean keepAlive, boolean head) {
        if (head) {
            answer(ctx, new Reply(200, "text/event-stream; charset=utf-8", new byte[0]), keepAlive, true);
            return;
        }
        if (!streams.acquire()) {
            answer(ctx, Reply.error(429, "LIMIT", "too many watch streams open on this node; close one"), false, false);
            return;
        }
        try {
            WatchStream.open(
                    ctx.channel(),
                    params,
                    Optional.ofNullable(request.headers().get("Last-Event-ID")),
                    view,
                    streams::release);
        } catch (BadRequest e) {
            streams.release();
            throw e;
        }
        // The stream owns the connection from now on. Reading goes on, so that a client's close is seen at once.
        streaming = true;
        releaseWaiting();
    }

    private void later(ChannelHandlerContext ctx, CompletableFuture<Reply> reply, boolean keepAlive, boolean head) {
        reply.whenComplete((r, failure) -> ctx.executor().execute(() -> {
            Reply out = failure == null ? r : Browse.failure(failure);
            if (failure != null && out.status() == 500) {
                LOG.warn("HTTP request failed", Browse.unwrap(failure));
            }
            answer(ctx, out, keepAlive, head);
        }));
    }

    /** Writes one whole answer; then closes the connection or takes the next waiting request. */
    private void answer(ChannelHandlerContext ctx, Reply reply, boolean keepAlive, boolean head) {
        FullHttpResponse response = new DefaultFullHttpResponse(
                HttpVersion.HTTP_1_1,
                HttpResponseStatus.valueOf(reply.status()),
                head ? Unpooled.EMPTY_BUFFER : Unpooled.wrappedBuffer(reply.body()));
        response.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, reply.contentType())
                .setInt(HttpHeaderNames.CONTENT_LENGTH, reply.body().length);
        if (reply.status() == 405) {
            response.headers().set(HttpHeaderNames.ALLOW, "GET, HEAD");
        }
        Headers.secure(response.headers());
        if (!keepAlive) {
            response.headers().set(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE);
            ctx.writeAndFlush(response).addListener(ChannelFutureListener.CLOSE);
            busy = false;
            releaseWaiting();
            return;
        }
        ctx.writeAndFlush(response);
        busy = false;
        FullHttpRequest next = waiting.poll();
        if (next != null) {
            channelRead0(ctx, next);
        }
    }

    private void releaseWaiting() {
        FullHttpRequest r;
        while ((r = waiting.poll()) != null) {
            r.release();
        }
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object event) throws Exception {
        if (event instanceof IdleStateEvent) {
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, event);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        releaseWaiting();
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("HTTP connection {} failed", ctx.channel().remoteAddress(), cause);
        ctx.close();
    }
}
