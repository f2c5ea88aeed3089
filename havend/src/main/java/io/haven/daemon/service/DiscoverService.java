package io.haven.daemon.service;

import io.haven.protocol.HavenException;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DISCOVER: {@code uuid} (where a node is), {@code location} (the location service's members, leader first)
 * and {@code quorum} (which quorum serves a path, its leader and members), and {@code status} (this node's own view of
 * its quorums). The server calls {@link #discover} for the first three; its default answers {@code quorum} with
 * {@link #quorum} and the other two from what the node knows of itself, which is right for a node without a location
 * service. The location role overrides {@link #discover}. {@code status} goes to {@link #status}, which is always
 * answered by this node.
 */
public interface DiscoverService extends AutoCloseable {
    CompletableFuture<Response.DiscoverReply> quorum(Request.Discover request, RequestContext context);

    /** Any DISCOVER; by default {@link #quorum} for {@code quorum} and the node itself for the others. */
    default CompletableFuture<Response.DiscoverReply> discover(
            Request.Discover request, RequestContext context, LocalNode node) {
        if (request.type() == DiscoverType.QUORUM) {
            return quorum(request, context);
        }
        if (request.type() == DiscoverType.STATUS) {
            throw new IllegalArgumentException("DISCOVER status is answered by status(), not discover()");
        }
        try {
            return CompletableFuture.completedFuture(self(request, node));
        } catch (HavenException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /**
     * DISCOVER status: this node's own view of its quorums, never relayed. By default a node that is a member of no
     * quorum, which is ready.
     */
    default CompletableFuture<Response.StatusReply> status(Request.Discover request, LocalNode node) {
        return CompletableFuture.completedFuture(new Response.StatusReply(
                request.envelope().reqId(),
                node.uuid(),
                node.address(),
                node.version(),
                node.roles(),
                true,
                List.of()));
    }

    /** DISCOVER uuid or location answered by a node that knows only itself. */
    static Response.DiscoverReply self(Request.Discover request, LocalNode node) {
        long reqId = request.envelope().reqId();
        if (request.type() == DiscoverType.UUID) {
            if (request.uuid().isEmpty()) {
                throw HavenException.incomplete("discover uuid needs the field uuid", "uuid");
            }
            if (!request.uuid().equals(node.uuid())) {
                throw HavenException.notFound(
                        "no node with uuid " + request.uuid() + " is known here: this node has no location service"
                                + " and knows only itself",
                        request.uuid());
            }
            return new Response.DiscoverReply(reqId, node.address(), List.of(node.location(false)), "");
        }
        // Without a location service this node is the whole directory, so it names itself.
        return new Response.DiscoverReply(reqId, node.address(), List.of(node.location(true)), "");
    }

    @Override
    default void close() {}

    /** The service of a node that knows no quorum: every question fails with ERROR_UNAVAILABLE naming the path. */
    static DiscoverService unavailable() {
        return (request, context) -> {
            String path = request.path();
            return CompletableFuture.failedFuture(HavenException.unavailable(
                    "no quorum serves path " + (path.isEmpty() ? "(none given)" : path)
                            + ": this node has no location service or quorum",
                    path.isEmpty() ? new String[0] : new String[] {path}));
        };
    }
}
