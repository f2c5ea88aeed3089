package io.haven.daemon.service;

import io.haven.protocol.HavenException;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.util.concurrent.CompletableFuture;

/**
 * Serves CONTROL ({@code become} / {@code leave}): moves this node between roles. The answer echoes the request's
 * {@code _reqid} ({@code request.envelope().reqId()}).
 */
public interface ControlService extends AutoCloseable {
    CompletableFuture<Response.ControlReply> control(Request.Control request, RequestContext context);

    @Override
    default void close() {}

    /** The service of a node whose roles cannot change yet: every request fails with ERROR_UNAVAILABLE. */
    static ControlService unavailable() {
        return (request, context) -> CompletableFuture.failedFuture(HavenException.unavailable(
                "role changes are not available on this node yet: cannot "
                        + request.action().wireName() + " " + request.role().wireName(),
                request.role().wireName()));
    }
}
