package io.haven.daemon.service;

import io.haven.protocol.HavenException;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.util.concurrent.CompletableFuture;

/**
 * Serves MANAGE: the manager/worker messages between a processor and the quorum that manages it. The answer echoes
 * the request's {@code _reqid}.
 */
public interface ManageService extends AutoCloseable {
    CompletableFuture<Response.ManageReply> manage(Request.Manage request, RequestContext context);

    @Override
    default void close() {}

    /** The service of a node that manages no processors: every message fails with ERROR_UNAVAILABLE. */
    static ManageService unavailable() {
        return (request, context) -> CompletableFuture.failedFuture(HavenException.unavailable(
                "no quorum on this node yet: nothing here manages processors (manage " + request.type() + ")"));
    }
}
