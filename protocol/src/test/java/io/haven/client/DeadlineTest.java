package io.haven.client;

import static io.haven.client.Outcomes.failure;
import static io.haven.client.Outcomes.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class DeadlineTest {
    private static final Request KV_GET =
            new Request.Query(Envelope.NONE, new DataRequest.KvGet("/slow"), Consistency.LINEARIZABLE, false);

    /** A node that never answers DATA queries. */
    private static boolean ignoreQueries(TestNode.Exchange e) {
        return e.request() instanceof Request.Query;
    }

    @Test
    void aRequestWithoutAnAnswerFailsWithTimeoutWhenItsDeadlinePasses() throws Exception {
        try (TestNode node = new TestNode().script(DeadlineTest::ignoreQueries);
                HavenClient client = value(HavenClient.connect(node.options()))) {
            long start = System.nanoTime();
            HavenException e = failure(client.send(KV_GET, Duration.ofMillis(200)));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;
            assertEquals(ErrorCode.TIMEOUT, e.code());
            assertEquals(504, e.status());
            assertTrue(elapsedMs >= 190, "timed out after " + elapsedMs + " ms");
        }
    }

    @Test
    void theDeadlineTravelsOnTheWire() throws Exception {
        try (TestNode node = new TestNode().script(DeadlineTest::ignoreQueries);
                HavenClient client = value(HavenClient.connect(node.options()))) {
            CompletableFuture<Response> pending = client.send(KV_GET, Duration.ofMillis(1_000));
            long onWire = node.next(Request.Query.class).request().envelope().deadlineMs();
            assertTrue(onWire > 0 && onWire <= 1_000, "deadline on the wire: " + onWire);
            failure(pending);
        }
    }

    @Test
    void aRequestThatWaitedForRoomInTheWindowCarriesOnlyTheDeadlineLeft() throws Exception {
        AtomicBoolean first = new AtomicBoolean(true);
        // The first query is answered after 300 ms; with a window of one the second waits that long in the client.
        TestNode.Script slowFirst = e -> {
            if (!(e.request() instanceof Request.Query)) {
                return false;
            }
            Response answer = new Response.QueryReply(
                    e.reqId(), DataResponse.of(DataKind.KV_GET, 200, DataResult.Empty.INSTANCE));
            if (first.getAndSet(false)) {
                e.channel().eventLoop().schedule(() -> e.reply(answer), 300, TimeUnit.MILLISECONDS);
            } else {
                e.reply(answer);
            }
            return true;
        };
        try (TestNode node = new TestNode().script(slowFirst);
                HavenClient client = value(HavenClient.connect(node.options().withMaxInFlight(1)))) {
            CompletableFuture<Response> one = client.send(KV_GET, Duration.ofMillis(2_000));
            CompletableFuture<Response> two = client.send(KV_GET, Duration.ofMillis(2_000));
            value(CompletableFuture.allOf(one, two));
            node.next(Request.Query.class);
            long onWire = node.next(Request.Query.class).request().envelope().deadlineMs();
            assertTrue(onWire <= 1_750, "the second query waited ~300 ms but told the node " + onWire + " ms");
        }
    }

    @Test
    void theDefaultDeadlineAppliesWhenTheRequestNamesNone() throws Exception {
        try (TestNode node = new TestNode().script(DeadlineTest::ignoreQueries);
                HavenClient client =
                        value(HavenClient.connect(node.options().withDefaultDeadline(Duration.ofMillis(150))))) {
            assertEquals(ErrorCode.TIMEOUT, failure(client.send(KV_GET)).code());
        }
    }

    @Test
    void aLateAnswerIsIgnoredAndTheConnectionKeepsWorking() throws Exception {
        try (TestNode node = new TestNode().script(DeadlineTest::ignoreQueries);
                HavenClient client = value(HavenClient.connect(node.options()))) {
            failure(client.send(KV_GET, Duration.ofMillis(100)));
            TestNode.Exchange late = node.next(Request.Query.class);
            late.reply(new Response.QueryReply(
                    late.reqId(), DataResponse.of(DataKind.KV_GET, 200, DataResult.Empty.INSTANCE)));
            assertEquals(200, value(client.ping()).status());
            assertEquals(1, node.connections());
        }
    }
}
