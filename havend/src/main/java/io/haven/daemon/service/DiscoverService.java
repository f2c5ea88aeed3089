package io.haven.daemon.service;

import io.haven.protocol.HavenException;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.util.concurrent.CompletableFuture;

/**
 * Answers DISCOVER {@code quorum}: which quorum serves a path, its leader and members. (DISCOVER {@code uuid} and
 * {@code location} are answered by the server from what the node knows of itself until the location service
 * exists.)
 */
public interface DiscoverService extends AutoCloseable {
    CompletableFuture<Response.DiscoverReply> quorum(Request.Discover request, RequestContext context);

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
