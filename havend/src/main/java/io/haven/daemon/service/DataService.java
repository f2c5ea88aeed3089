package io.haven.daemon.service;

import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Request;
import java.util.concurrent.CompletableFuture;

/**
 * Serves DATA ({@code query}): promises, tasks and key/value. The quorum role plugs its implementation in here; the
 * server wraps the answer with the request's {@code _reqid}. Failures (not found, conflict, not mine, ...) complete
 * the future with a {@link HavenException}.
 */
public interface DataService extends AutoCloseable {
    CompletableFuture<DataResponse> query(Request.Query query, RequestContext context);

    /** Releases what the service holds; called once at shutdown, after the server stopped taking requests. */
    @Override
    default void close() {}

    /** The service of a node that serves no quorum: every query fails with ERROR_UNAVAILABLE (503). */
    static DataService unavailable() {
        return (query, context) -> CompletableFuture.failedFuture(HavenException.unavailable(
                "no quorum on this node yet: " + query.data().kind().wireName()
                        + " needs a quorum member, and this node serves none",
                query.data().routingKey()));
    }
}
