package io.haven.client.internal;

import io.haven.protocol.HavenException;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.netty.util.Timeout;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * One request on its way: the future its caller holds, its deadline, and where it went. Created by the caller's
 * thread, handed to a {@link Connection} (which assigns the {@code _reqid}), completed exactly once by whichever
 * comes first: the answer (I/O thread), the deadline (timer thread) or the loss of the connection (I/O thread).
 */
public final class Call {
    private final Request request;
    private final long deadlineNanos;
    private final CompletableFuture<Response> result = new CompletableFuture<>();

    /** Set by the timer once, before the call is dispatched; cancelled when the call completes first. */
    private volatile Timeout timeout;
    /** Where the call was dispatched, so a deadline can drop it from that connection's table. */
    private volatile Connection connection;

    private volatile long reqId = -1;
    /** True once the frame was handed to the socket: from then on the node may have applied the request. */
    private volatile boolean written;
    /** The encoded frame between dispatch and write; passed to the I/O thread through the outbound queue. */
    private byte[] frame;
    /** When {@link #frame} was encoded, by {@link System#nanoTime()}. */
    private long encodedAt;

    Call(Request request, long deadlineNanos) {
        this.request = request;
        this.deadlineNanos = deadlineNanos;
    }

    public Request request() {
        return request;
    }

    public CompletableFuture<Response> result() {
        return result;
    }

    /** Milliseconds left until the deadline, at least 1 so the wire never carries "no deadline" by accident. */
    long remainingMillis() {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        return Math.max(1, left);
    }

    void timeout(Timeout t) {
        this.timeout = t;
    }

    void dispatched(Connection conn, long id, byte[] encoded) {
        this.connection = conn;
        this.reqId = id;
        this.frame = encoded;
        this.encodedAt = System.nanoTime();
    }

    long frameAgeNanos() {
        return System.nanoTime() - encodedAt;
    }

    /** I/O thread: the frame encoded again with the deadline left now. */
    void reframe(byte[] encoded) {
        this.frame = encoded;
        this.encodedAt = System.nanoTime();
    }

    byte[] takeFrame() {
        byte[] f = frame;
        frame = null;
        written = true;
        return f;
    }

    boolean written() {
        return written;
    }

    Connection connection() {
        return connection;
    }

    long reqId() {
        return reqId;
    }

    boolean isDone() {
        return result.isDone();
    }

    /** Completes the call with a node's answer: a {@link Response.Failure} becomes its {@link HavenException}. */
    boolean complete(Response response) {
        cancelTimeout();
        if (response instanceof Response.Failure f) {
            return result.completeExceptionally(new HavenException(f.error(), f.status()));
        }
        return result.complete(response);
    }

    boolean fail(HavenException e) {
        cancelTimeout();
        return result.completeExceptionally(e);
    }

    private void cancelTimeout() {
        Timeout t = timeout;
        if (t != null) {
            t.cancel();
        }
    }
}
