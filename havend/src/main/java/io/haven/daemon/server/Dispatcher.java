package io.haven.daemon.server;

import io.haven.daemon.service.LocalNode;
import io.haven.daemon.service.RequestContext;
import io.haven.daemon.service.Services;
import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decides the answer to each request: CONNECT, HEARTBEAT and DISCOVER are answered here from what the node knows
 * about itself; CONTROL, DATA and MANAGE go to their {@link Services}. Holds no per-connection state, so one
 * instance serves every connection from any thread. {@link #failure} is the one place a failure becomes an error
 * response.
 */
final class Dispatcher {
    private static final Logger LOG = LoggerFactory.getLogger(Dispatcher.class);

    /** The protocol versions this node speaks, newest last. */
    static final List<String> VERSIONS = List.of("1");

    private final LocalNode node;
    private final Services services;
    private final long heartbeatMs;
    private final long sessionTtlMs;

    Dispatcher(LocalNode node, Services services, long heartbeatMs, long sessionTtlMs) {
        this.node = node;
        this.services = services;
        this.heartbeatMs = heartbeatMs;
        this.sessionTtlMs = sessionTtlMs;
    }

    /** Opens a session for a CONNECT, or refuses it with INVALID when the version is not one this node speaks. */
    Session connect(Request.Connect request) {
        if (!VERSIONS.contains(request.version())) {
            throw HavenException.invalid(
                    "protocol version \"" + request.version() + "\" is not supported; supported versions: "
                            + String.join(", ", VERSIONS),
                    "version");
        }
        return new Session(UUID.randomUUID().toString(), request.version(), request.client());
    }

    /** A session opened; services may push to it through {@code pushes}. */
    void opened(Session session, Consumer<Push> pushes) {
        services.heartbeat().sessionOpened(session.id(), pushes);
    }

    /** The session ended; the services drop what it held. */
    void closed(Session session) {
        services.heartbeat().sessionClosed(session.id());
    }

    Response.ConnectReply connected(Session session, long reqId) {
        return new Response.ConnectReply(
                reqId, session.version(), session.id(), node.info(), heartbeatMs, sessionTtlMs);
    }

    /**
     * The answer to a request other than CONNECT on a connection that has a session. Failures come back as an
     * exceptionally completed future or as a thrown {@link HavenException}.
     */
    CompletableFuture<? extends Response> dispatch(Request request, RequestContext context) {
        long reqId = request.envelope().reqId();
        if (request instanceof Request.Ping ping) {
            // A held ping may not outlast the session it keeps alive.
            return services.heartbeat().ping(ping, Math.min(ping.waitMs(), sessionTtlMs / 2), context);
        } else if (request instanceof Request.Discover d) {
            if (d.type() == DiscoverType.STATUS) {
                return services.discover().status(d, node);
            }
            return services.discover().discover(d, context, node);
        } else if (request instanceof Request.Control c) {
            return services.control().control(c, context);
        } else if (request instanceof Request.Query q) {
            CompletableFuture<DataResponse> data = services.data().query(q, context);
            CompletableFuture<Response.QueryReply> reply = data.thenApply(d -> new Response.QueryReply(reqId, d));
            // A reply cancelled at its deadline cancels the service's own future, which is the one it watches.
            reply.whenComplete((r, t) -> {
                if (reply.isCancelled()) {
                    data.cancel(false);
                }
            });
            return reply;
        } else if (request instanceof Request.Manage m) {
            return services.manage().manage(m, context);
        } else if (request instanceof Request.Connect) {
            throw new IllegalStateException("CONNECT is answered by connect()");
        }
        throw HavenException.invalid("action " + request.action().wireName() + " is not served here", "action");
    }

    /**
     * The error response for a failed request, echoing its {@code _reqid} and action. A {@link HavenException}
     * (possibly wrapped by a future) keeps its code and status; anything else is a server fault, logged here and
     * sent as ERROR_GENERIC without its details.
     */
    static Response.Failure failure(long reqId, Action action, Throwable thrown) {
        Throwable t = unwrap(thrown);
        if (t instanceof HavenException e) {
            return new Response.Failure(reqId, action, e.status(), e.error());
        }
        LOG.error("unexpected failure answering {} (_reqid {})", action.wireName(), reqId, t);
        return new Response.Failure(
                reqId, action, 500, HavenError.of(ErrorCode.GENERIC, "internal error on this node; see its log"));
    }

    static Optional<HavenException> havenCause(Throwable thrown) {
        Throwable t = unwrap(thrown);
        return t instanceof HavenException e ? Optional.of(e) : Optional.empty();
    }

    private static Throwable unwrap(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }
}
