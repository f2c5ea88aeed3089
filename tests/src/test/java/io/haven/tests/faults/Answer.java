package io.haven.tests.faults;

import io.haven.client.ConnectionException;
import io.haven.client.HavenClient;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * How one DATA request ended, sorted by what it tells a history (protocol-docs/errors.md):
 *
 * <table>
 *   <caption>Answers and what they mean for a write</caption>
 *   <tr><th>answer</th><th>from</th><th>in the history</th></tr>
 *   <tr><td>{@link Ok}</td><td>a success response</td><td>OK with the model's output</td></tr>
 *   <tr><td>{@link Definite}</td><td>CONFLICT (409), or UNAVAILABLE with status 404: the state machine looked and
 *       refused; nothing was written</td><td>OK with the model's Conflict / NotFound output</td></tr>
 *   <tr><td>{@link Refused}</td><td>INVALID, INCOMPLETE, FORBIDDEN, DUPLICATE, LIMIT, NOT_MINE: the request was
 *       turned away before it reached the log; or the client lost its connection before it wrote the request
 *       ({@link ConnectionException#sent()} false)</td><td>FAIL</td></tr>
 *   <tr><td>{@link Unknown}</td><td>TIMEOUT, UNAVAILABLE 503 (a quorum that could not commit in time: "the write
 *       may still be applied"), GENERIC, a lost connection, no answer at all</td><td>INFO</td></tr>
 * </table>
 */
sealed interface Answer {
    record Ok(DataResponse response) implements Answer {}

    record Definite(HavenException error) implements Answer {
        boolean notFound() {
            return error.code() == ErrorCode.UNAVAILABLE && error.status() == 404;
        }
    }

    record Refused(HavenException error) implements Answer {}

    record Unknown(String why) implements Answer {}

    /**
     * Sends {@code request} with {@code deadline} (also told to the node) and waits a little past it for the answer.
     * Never throws for a failed request: the failure is the answer.
     */
    static Answer send(HavenClient client, DataRequest request, Consistency consistency, Duration deadline)
            throws InterruptedException {
        Future<Response> f = client.send(new Request.Query(Envelope.NONE, request, consistency, false), deadline);
        try {
            Response r = f.get(deadline.toMillis() + 5_000, TimeUnit.MILLISECONDS);
            if (r instanceof Response.QueryReply q) {
                return new Ok(q.data());
            }
            return new Unknown("not a query reply: " + r);
        } catch (ExecutionException e) {
            return classify(e.getCause());
        } catch (TimeoutException e) {
            f.cancel(false);
            return new Unknown("no answer " + deadline.toMillis() + " ms past the deadline");
        }
    }

    static Answer classify(Throwable e) {
        Throwable cause = e;
        while (!(cause instanceof HavenException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (!(cause instanceof HavenException h)) {
            return new Unknown(cause.toString());
        }
        if (h instanceof ConnectionException c && !c.sent()) {
            // The client never wrote it to a socket: no node saw it.
            return new Refused(h);
        }
        return switch (h.code()) {
            case CONFLICT -> new Definite(h);
            case UNAVAILABLE -> h.status() == 404 ? new Definite(h) : new Unknown(describe(h));
            case INVALID, INCOMPLETE, FORBIDDEN, DUPLICATE, LIMIT, NOT_MINE -> new Refused(h);
            case GENERIC, TIMEOUT -> new Unknown(describe(h));
        };
    }

    static String describe(HavenException h) {
        return h.code().wireName() + " " + h.status() + ": " + h.getMessage();
    }
}
