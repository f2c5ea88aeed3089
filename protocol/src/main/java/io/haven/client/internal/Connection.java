package io.haven.client.internal;

import io.haven.client.ConnectionException;
import io.haven.client.HostPort;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * One TCP connection to a node and the requests in flight on it.
 *
 * <p>Any thread may {@link #dispatch} a call: it takes the next {@code _reqid}, is encoded on the calling thread,
 * entered in {@link #inFlight} and queued; the I/O thread drains the queue with one flush per batch, which is what
 * lets thousands of requests share the connection cheaply. Answers are matched by {@code _reqid} on the I/O thread
 * and may arrive in any order. When the channel closes every call still in the table fails with UNAVAILABLE.
 */
public final class Connection {
    /** A queued frame older than this is encoded again so that its {@code deadline} is still true. */
    private static final long STALE_FRAME_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final Channel channel;
    private final HostPort address;
    private final int maxFrame;
    private final int maxInFlight;
    private final Consumer<Push> pushListener;

    /** Calls awaiting their answer, by {@code _reqid}; written by any thread, completed on the I/O thread. */
    private final Map<Long, Call> inFlight = new ConcurrentHashMap<>();
    /** Request ids start at 1 on every connection; the node echoes them. */
    private final AtomicLong nextReqId = new AtomicLong(1);

    private final Queue<Call> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean drainScheduled = new AtomicBoolean();
    /**
     * Requests written and neither answered nor given up on; writing stops at {@link #maxInFlight} and the rest wait
     * in {@link #outbound}. Owned by the I/O thread.
     */
    private int unanswered;

    private volatile boolean closed;
    /** The last thing that went wrong on the connection (a server error without _reqid, a bad frame). */
    private volatile String lastProblem = "";
    /** Written once by the handshake on the I/O thread. */
    private volatile Response.ConnectReply session;
    /** Owned by the I/O thread. */
    private ScheduledFuture<?> heartbeats;

    /** Set once by the runtime when it adopts the connection. */
    private volatile Consumer<Connection> closeListener = c -> {};
    /** Where calls go that this connection took but never wrote: they are safe to send elsewhere. */
    private volatile Consumer<Call> reroute = c -> c.fail(lostBeforeSend(c));

    Connection(Channel channel, HostPort address, int maxFrame, int maxInFlight, Consumer<Push> pushListener) {
        this.channel = channel;
        this.address = address;
        this.maxFrame = maxFrame;
        this.maxInFlight = maxInFlight;
        this.pushListener = pushListener;
    }

    public HostPort address() {
        return address;
    }

    public Response.ConnectReply session() {
        return session;
    }

    public boolean isOpen() {
        return !closed && channel.isActive();
    }

    int inFlightCount() {
        return inFlight.size();
    }

    void onClose(Consumer<Connection> listener, Consumer<Call> unsent) {
        this.closeListener = listener;
        this.reroute = unsent;
    }

    void established(Response.ConnectReply reply) {
        this.session = reply;
    }

    /** Sends {@code task} every {@code periodMs} on this connection's I/O thread until it closes. */
    void heartbeatEvery(long periodMs, Runnable task) {
        channel.eventLoop().execute(() -> {
            if (!closed) {
                heartbeats = channel.eventLoop().scheduleAtFixedRate(task, periodMs, periodMs, TimeUnit.MILLISECONDS);
            }
        });
    }

    /** Assigns the call a {@code _reqid}, encodes it with its remaining deadline and queues it for the socket. */
    void dispatch(Call call) {
        if (call.isDone()) {
            return;
        }
        long id = nextReqId.getAndIncrement();
        byte[] frame = encode(call, id);
        if (frame == null) {
            return;
        }
        call.dispatched(this, id, frame);
        inFlight.put(id, call);
        // Pairs with onClosed: it sets closed before sweeping the table, so a call entered after the sweep sees it.
        if (closed) {
            if (inFlight.remove(id, call)) {
                reroute.accept(call);
            }
            return;
        }
        outbound.add(call);
        if (drainScheduled.compareAndSet(false, true)) {
            channel.eventLoop().execute(this::drain);
        }
    }

    /** The call's frame with {@code _reqid} and the deadline left now; null when it cannot be sent (call failed). */
    private byte[] encode(Call call, long id) {
        Request request = call.request();
        Envelope envelope = request.envelope().withReqId(id).withDeadline(call.remainingMillis());
        byte[] frame;
        try {
            frame = MessageCodec.encode(request.withEnvelope(envelope));
        } catch (HavenException e) {
            call.fail(e);
            return null;
        } catch (RuntimeException e) {
            call.fail(HavenException.invalid("cannot encode the request: " + e.getMessage()));
            return null;
        }
        if (frame.length > maxFrame) {
            call.fail(HavenException.limit(
                    "request of " + frame.length + " bytes is over the frame limit of " + maxFrame + " bytes"));
            return null;
        }
        return frame;
    }

    /** Drops a call that completed without an answer (its deadline passed); a late answer is then ignored. */
    void forget(Call call) {
        // On the I/O thread, where whether the call was written cannot change under us.
        channel.eventLoop().execute(() -> {
            if (inFlight.remove(call.reqId(), call) && call.written()) {
                // The node got the deadline too and gives up on it as well: its slot is free again.
                unanswered--;
                readComplete();
            }
        });
    }

    /** I/O thread: writes queued frames while the window allows, then flushes once. */
    private void drain() {
        drainScheduled.set(false);
        int written = 0;
        while (unanswered < maxInFlight) {
            Call call = outbound.poll();
            if (call == null) {
                break;
            }
            if (call.isDone()) {
                continue;
            }
            if (call.frameAgeNanos() > STALE_FRAME_NANOS) {
                // It waited for room in the window: tell the node the deadline that is left, not the one at dispatch.
                byte[] fresh = encode(call, call.reqId());
                if (fresh == null) {
                    inFlight.remove(call.reqId(), call);
                    continue;
                }
                call.reframe(fresh);
            }
            channel.write(Unpooled.wrappedBuffer(call.takeFrame()), channel.voidPromise());
            unanswered++;
            written++;
        }
        if (written > 0) {
            channel.flush();
        }
    }

    /** I/O thread: after a batch of answers, write what waited for room in the window. */
    void readComplete() {
        if (!closed && unanswered < maxInFlight && !outbound.isEmpty()) {
            drain();
        }
    }

    /** I/O thread: an answer arrived. */
    void onResponse(Response response) {
        if (response.reqId() == Envelope.NO_REQID) {
            // The node answers without _reqid only when it could not read one: a connection-level complaint,
            // usually right before it closes. Keep it so the failures it causes can say why.
            if (response instanceof Response.Failure f) {
                lastProblem = describe(f.error());
            }
            return;
        }
        Call call = inFlight.remove(response.reqId());
        if (call != null) {
            unanswered--;
            call.complete(response);
        }
    }

    /** I/O thread: a push arrived. The listener's failures must not break the connection. */
    void onPush(Push push) {
        try {
            pushListener.accept(push);
        } catch (RuntimeException e) {
            // The listener is the application's; its bugs are its own and must not cost other requests.
        }
    }

    /** I/O thread: the inbound side found a problem that ends the connection. */
    void onProblem(String problem) {
        lastProblem = problem;
        channel.close();
    }

    /**
     * I/O thread: the channel is gone. The owner is told first, so that once {@link #closed} is visible it no
     * longer routes calls here; then calls that were written fail (the node may have applied them) and calls that
     * were not are rerouted.
     */
    void onClosed() {
        if (closed) {
            return;
        }
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        closeListener.accept(this);
        closed = true;
        outbound.clear();
        for (Call call : inFlight.values()) {
            if (inFlight.remove(call.reqId(), call)) {
                if (call.written()) {
                    call.fail(lostAfterSend());
                } else {
                    reroute.accept(call);
                }
            }
        }
    }

    /** Closes the channel; {@link #onClosed} follows on the I/O thread. */
    void close() {
        channel.close();
    }

    Channel channel() {
        return channel;
    }

    private HavenException lostAfterSend() {
        return new ConnectionException(
                "connection to " + address + " lost before the answer" + why() + "; the request may have been applied",
                true);
    }

    private HavenException lostBeforeSend(Call call) {
        return new ConnectionException(
                "connection to " + address + " lost before request " + call.reqId() + " was sent" + why(), false);
    }

    private String why() {
        String problem = lastProblem;
        return problem.isEmpty() ? "" : " (" + problem + ")";
    }

    static String describe(HavenError error) {
        return error.code().wireName() + ": " + error.message();
    }
}
