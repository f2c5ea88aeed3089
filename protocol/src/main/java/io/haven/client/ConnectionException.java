package io.haven.client;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;

/**
 * ERROR_UNAVAILABLE (503) decided by the client, not answered by a node: no connection could be had, or the
 * connection was lost. {@link #sent()} says whether the request had been written to the socket before that: when it
 * had not, no node saw it and it is safe to send again whatever its kind; when it had, the node may have applied it.
 */
public final class ConnectionException extends HavenException {
    private static final long serialVersionUID = 1L;

    private final boolean sent;

    public ConnectionException(String message, boolean sent) {
        super(HavenError.of(ErrorCode.UNAVAILABLE, message), 503);
        this.sent = sent;
    }

    /** Whether the request reached the socket before the failure (then it may have been applied). */
    public boolean sent() {
        return sent;
    }
}
