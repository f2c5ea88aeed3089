package io.haven.daemon.service;

import io.haven.protocol.message.Push;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Serves HEARTBEAT pings: the pong carries the session's watch events, and a processor's ping ({@code pid}) extends
 * its task leases. Learns when a session ends, so that what it held goes with it.
 */
public interface HeartbeatService extends AutoCloseable {
    /**
     * Answers a ping; with {@code wait} the pong may be held until an event arrives or {@code waitMs} passes (the
     * caller has already capped it below the session ttl).
     */
    CompletableFuture<Response.Pong> ping(Request.Ping ping, long waitMs, RequestContext context);

    /**
     * A session opened; {@code pushes} sends a push on its connection (from any thread; it never blocks, and does
     * nothing once the connection is gone).
     */
    default void sessionOpened(String session, Consumer<Push> pushes) {}

    /** The session ended: its connection closed, or it sent nothing for its ttl. */
    default void sessionClosed(String session) {}

    @Override
    default void close() {}

    /** A node without watches: every pong is the empty watchlist, held for the wait if one was asked. */
    static HeartbeatService empty() {
        return (ping, waitMs, context) -> {
            Response.Pong pong = new Response.Pong(ping.envelope().reqId(), List.of());
            return waitMs <= 0
                    ? CompletableFuture.completedFuture(pong)
                    : new CompletableFuture<Response.Pong>().completeOnTimeout(pong, waitMs, TimeUnit.MILLISECONDS);
        };
    }
}
