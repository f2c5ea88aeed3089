package io.haven.daemon.http;

import io.haven.daemon.status.NodeView;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.Change;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.util.concurrent.ScheduledFuture;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One {@code /api/watch} stream: a node watch delivered as Server-Sent Events.
 *
 * <pre>
 *   event: watching  data: {"prefix", "from"}           once, when the watch is set up
 *   event: change    id: rev   data: {rev, kind, key, promise | task | kv}
 *   : keepalive                                          every {@value #KEEPALIVE_SECONDS} s
 *   event: ended     data: {"reason"}                    last: the node ended it, or it could not start
 * </pre>
 *
 * A browser's {@code EventSource} that lost the connection reconnects with {@code Last-Event-ID}, and the watch
 * resumes at the revision after it: nothing is lost while the change log keeps it. A client too slow to take the
 * stream (its socket's buffer over the high water mark) has its connection closed instead of events dropped; it
 * resumes the same way.
 *
 * <p>Threads: {@link #changed} and {@link #ended} come from the node's apply threads; they only hand bytes to the
 * channel, which writes them on its event loop in the order they were given.
 */
final class WatchStream implements NodeView.ChangeListener {
    static final Set<String> PARAMS = Set.of("prefix", "from");
    static final long KEEPALIVE_SECONDS = 15;
    /** How long a browser waits before it reconnects, in ms. */
    static final long RETRY_MS = 2_000;

    private final Channel channel;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final AtomicReference<NodeView.Subscription> subscription = new AtomicReference<>();

    private WatchStream(Channel channel) {
        this.channel = channel;
    }

    /**
     * Answers the request on {@code channel} with the stream's headers and starts the watch. Runs on the channel's
     * event loop. {@code release} runs once the stream is over, however it ends.
     */
    static void open(Channel channel, Params params, Optional<String> lastEventId, NodeView view, Runnable release) {
        String prefix = params.string("prefix", "/");
        long from = params.integer("from", 0, 0, Long.MAX_VALUE);
        if (lastEventId.isPresent()) {
            try {
                from = Math.addExact(Long.parseLong(lastEventId.get().strip()), 1);
            } catch (NumberFormatException | ArithmeticException e) {
                throw new BadRequest("header Last-Event-ID must be a revision, not '" + lastEventId.get() + "'");
            }
        }
        HttpResponse head = new DefaultHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK);
        head.headers()
                .set(HttpHeaderNames.CONTENT_TYPE, "text/event-stream; charset=utf-8")
                .set(HttpHeaderNames.CACHE_CONTROL, "no-store")
                .set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
        Headers.secure(head.headers());
        // Nothing is flushed before the watch is set up: a client that has read the watching event can rely on
        // every change committed after it reaching the stream.
        channel.write(head);
        Map<String, Object> opened = new LinkedHashMap<>();
        opened.put("prefix", prefix);
        opened.put("from", from);
        channel.write(chunk("retry: " + RETRY_MS + "\n\n" + event("watching", Optional.empty(), opened)));

        WatchStream stream = new WatchStream(channel);
        ScheduledFuture<?> keepalive = channel.eventLoop()
                .scheduleAtFixedRate(stream::keepalive, KEEPALIVE_SECONDS, KEEPALIVE_SECONDS, TimeUnit.SECONDS);
        channel.closeFuture().addListener(f -> {
            keepalive.cancel(false);
            stream.unsubscribe();
            release.run();
        });
        try {
            stream.subscribed(view.watch(prefix, from, stream));
        } catch (HavenException e) {
            stream.ended(e.error().message());
        } catch (RuntimeException e) {
            stream.ended("the watch could not start: " + e);
        }
        channel.flush();
    }

    private void subscribed(NodeView.Subscription s) {
        subscription.set(s);
        // The stream may have ended while watch() ran (the channel closed, or the node ended it at once).
        if (ended.get() || !channel.isOpen()) {
            unsubscribe();
        }
    }

    @Override
    public void changed(Change change) {
        if (ended.get()) {
            return;
        }
        if (!channel.isWritable()) {
            // Dropping the event would break the watch's promise; closing makes the client resume after the last
            // event it has.
            ended.set(true);
            channel.close();
            return;
        }
        channel.writeAndFlush(chunk(event("change", Optional.of(change.rev()), Views.change(change))));
    }

    @Override
    public void ended(String reason) {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        channel.write(chunk(event("ended", Optional.empty(), Map.of("reason", reason))));
        channel.writeAndFlush(LastHttpContent.EMPTY_LAST_CONTENT).addListener(ChannelFutureListener.CLOSE);
    }

    private void keepalive() {
        if (!ended.get()) {
            channel.writeAndFlush(chunk(": keepalive\n\n"));
        }
    }

    private void unsubscribe() {
        NodeView.Subscription s = subscription.getAndSet(null);
        if (s != null) {
            s.close();
        }
    }

    private static String event(String name, Optional<Long> id, Map<String, Object> data) {
        StringBuilder sb = new StringBuilder();
        id.ifPresent(rev -> sb.append("id: ").append(rev).append('\n'));
        // Json escapes CR and LF, so the data is one SSE line.
        sb.append("event: ")
                .append(name)
                .append('\n')
                .append("data: ")
                .append(Json.write(data))
                .append("\n\n");
        return sb.toString();
    }

    private static DefaultHttpContent chunk(String text) {
        return new DefaultHttpContent(Unpooled.copiedBuffer(text, StandardCharsets.UTF_8));
    }
}
