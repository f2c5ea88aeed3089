package io.haven.daemon.server;

import io.haven.daemon.service.RequestContext;
import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.codec.DecodeException;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.netty.FrameFault;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.concurrent.ScheduledFuture;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client connection: turns frame bodies into requests, keeps the session CONNECT opened, bounds the requests in
 * flight and the time each may take, and writes every answer echoing its {@code _reqid} — in the order answers
 * become ready, which need not be the order of the requests.
 *
 * <p>Every field is owned by the channel's event loop; answers computed elsewhere are handed back to it before they
 * touch any field or the channel.
 */
final class ConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(ConnectionHandler.class);

    private final Dispatcher dispatcher;
    private final int maxPending;
    private final long sessionTtlMs;

    /** Null until CONNECT succeeds. */
    private Session session;
    /** Requests read and not yet answered. */
    private int pending;
    /** Set once the connection is being closed by this side; nothing more is read. */
    private boolean closing;

    /** When the answers last stopped fitting in the outbound buffer (reading stops until they drain). */
    private long unwritableSinceNanos;

    ConnectionHandler(Dispatcher dispatcher, int maxPending, long sessionTtlMs) {
        this.dispatcher = dispatcher;
        this.maxPending = maxPending;
        this.sessionTtlMs = sessionTtlMs;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (closing) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (msg instanceof byte[] body) {
            onFrame(ctx, body);
        } else if (msg instanceof FrameFault fault) {
            refuseAndClose(ctx, fault.error());
        } else {
            ReferenceCountUtil.release(msg);
            throw new IllegalStateException(
                    "unexpected message " + msg.getClass().getName());
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        ctx.flush();
    }

    private void onFrame(ChannelHandlerContext ctx, byte[] body) {
        long receivedNanos = System.nanoTime();
        Request request;
        try {
            request = Wire.decode(body);
        } catch (DecodeException e) {
            ctx.write(Wire.failure(e.reqId(), e.action(), e));
            return;
        } catch (HavenException e) {
            ctx.write(Wire.failure(Envelope.NO_REQID, Optional.empty(), e));
            return;
        }
        long reqId = request.envelope().reqId();
        Action action = request.action();
        try {
            if (request instanceof Request.Connect connect) {
                if (session != null) {
                    throw HavenException.invalid(
                            "this connection already has session " + session.id() + "; connect only once", "action");
                }
                session = dispatcher.connect(connect);
                LOG.debug("{} opened session {} ({})", ctx.channel().remoteAddress(), session.id(), session.client());
                ctx.write(Wire.encode(dispatcher.connected(session, reqId)));
                dispatcher.opened(session, push -> push(ctx, push));
                return;
            }
            if (session == null) {
                throw HavenException.incomplete(
                        "no session: connect must be the first message on a connection", "connect");
            }
            boolean local =
                    request instanceof Request.Discover || (request instanceof Request.Ping ping && ping.waitMs() == 0);
            // Only answers that wait count: those the node makes at once cannot pile up.
            if (!local && pending >= maxPending) {
                throw new HavenException(
                        HavenError.of(
                                ErrorCode.LIMIT,
                                "too many requests outstanding on this connection (limit " + maxPending + ")"),
                        429);
            }
            RequestContext context = new RequestContext(
                    session.id(), receivedNanos, request.envelope().deadlineMs(), session.client());
            answer(ctx, reqId, action, context, dispatcher.dispatch(request, context));
        } catch (RuntimeException e) {
            ctx.write(Wire.encode(Dispatcher.failure(reqId, action, e)));
        }
    }

    /** Writes the answer when it is ready or TIMEOUT when the deadline comes first, whichever happens first. */
    private void answer(
            ChannelHandlerContext ctx,
            long reqId,
            Action action,
            RequestContext context,
            CompletableFuture<? extends Response> future) {
        if (future.isDone()) {
            ctx.write(Wire.encode(outcome(future, reqId, action), reqId, action));
            return;
        }
        pending++;
        InFlight inFlight = new InFlight();
        if (context.hasDeadline()) {
            inFlight.timer = ctx.executor()
                    .schedule(
                            () -> expire(ctx, reqId, action, context, future, inFlight),
                            context.deadlineMs(),
                            TimeUnit.MILLISECONDS);
        }
        future.whenComplete((r, t) -> {
            try {
                ctx.executor().execute(() -> {
                    if (inFlight.finish()) {
                        writeNow(ctx, reqId, action, outcome(future, reqId, action));
                    }
                });
            } catch (RejectedExecutionException e) {
                // The event loop has stopped: the node is shutting down and the connection is gone with it.
            }
        });
    }

    /** The deadline came first: answer TIMEOUT and tell the service, through cancellation, not to bother. */
    private void expire(
            ChannelHandlerContext ctx,
            long reqId,
            Action action,
            RequestContext context,
            CompletableFuture<? extends Response> future,
            InFlight inFlight) {
        if (!inFlight.finish()) {
            return;
        }
        future.cancel(false);
        HavenException timeout = HavenException.of(
                ErrorCode.TIMEOUT, "no answer within the deadline of " + context.deadlineMs() + " ms");
        writeNow(ctx, reqId, action, Dispatcher.failure(reqId, action, timeout));
    }

    private static Response outcome(CompletableFuture<? extends Response> done, long reqId, Action action) {
        try {
            return done.join();
        } catch (RuntimeException e) {
            return Dispatcher.failure(reqId, action, e);
        }
    }

    /** Sends a push from any thread: handed to the event loop, dropped if the connection is gone. */
    private static void push(ChannelHandlerContext ctx, Push push) {
        try {
            ctx.executor().execute(() -> {
                if (ctx.channel().isActive()) {
                    ctx.writeAndFlush(Wire.encode(push));
                }
            });
        } catch (RejectedExecutionException e) {
            // The event loop has stopped: the node is shutting down and the connection is gone with it.
        }
    }

    private void writeNow(ChannelHandlerContext ctx, long reqId, Action action, Response response) {
        pending--;
        if (ctx.channel().isActive()) {
            ctx.writeAndFlush(Wire.encode(response, reqId, action));
        }
    }

    /** One request waiting for its answer; touched only on the event loop. */
    private static final class InFlight {
        ScheduledFuture<?> timer;
        boolean finished;

        /** True the first time only: the caller then owns writing the one answer. */
        boolean finish() {
            if (finished) {
                return false;
            }
            finished = true;
            if (timer != null) {
                timer.cancel(false);
            }
            return true;
        }
    }

    private void refuseAndClose(ChannelHandlerContext ctx, HavenException error) {
        closing = true;
        LOG.debug("closing {}: {}", ctx.channel().remoteAddress(), error.getMessage());
        ctx.writeAndFlush(Wire.failure(Envelope.NO_REQID, Optional.empty(), error))
                .addListener(ChannelFutureListener.CLOSE);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (session != null) {
            dispatcher.closed(session);
        }
        super.channelInactive(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof IdleStateEvent) {
            if (!ctx.channel().config().isAutoRead()
                    && System.nanoTime() - unwritableSinceNanos < TimeUnit.MILLISECONDS.toNanos(sessionTtlMs)) {
                // Nothing was read because this node stopped reading: the client is slow to take its answers, not
                // silent. It is closed only if it takes none for a whole ttl.
                return;
            }
            LOG.debug(
                    "closing {} (session {}): no message for {} ms",
                    ctx.channel().remoteAddress(),
                    session == null ? "none" : session.id(),
                    sessionTtlMs);
            closing = true;
            ctx.close();
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // A client that does not read its answers stops being read from, so its answers cannot pile up here.
        boolean writable = ctx.channel().isWritable();
        if (!writable) {
            unwritableSinceNanos = System.nanoTime();
        }
        ctx.channel().config().setAutoRead(writable);
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        LOG.debug("closing {} after an I/O failure: {}", ctx.channel().remoteAddress(), cause.toString());
        closing = true;
        ctx.close();
    }
}
