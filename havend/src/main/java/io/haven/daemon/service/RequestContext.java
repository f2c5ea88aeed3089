package io.haven.daemon.service;

import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * What a service learns about a request besides the request itself.
 *
 * @param session the CONNECT session the request came on
 * @param receivedNanos {@link System#nanoTime()} when the node read the request; the deadline counts from here
 * @param deadlineMs the request's {@code deadline}, 0 for none. Past it the client has been told TIMEOUT, so a
 *     service should not start applying a request whose deadline has passed.
 * @param client the client name the session gave at CONNECT, empty when none (havend's own location agents call
 *     themselves {@code havend/<uuid>}, which is how a locator tells their heartbeats apart)
 */
public record RequestContext(String session, long receivedNanos, long deadlineMs, String client) {
    public RequestContext {
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(client, "client");
        if (deadlineMs < 0) {
            throw new IllegalArgumentException("deadlineMs " + deadlineMs);
        }
    }

    /** A context whose session gave no client name. */
    public RequestContext(String session, long receivedNanos, long deadlineMs) {
        this(session, receivedNanos, deadlineMs, "");
    }

    public boolean hasDeadline() {
        return deadlineMs > 0;
    }

    /** Whether the deadline has passed at {@code nowNanos}; never true without a deadline. */
    public boolean expired(long nowNanos) {
        return hasDeadline() && nowNanos - receivedNanos >= TimeUnit.MILLISECONDS.toNanos(deadlineMs);
    }
}
