package io.haven.client;

import static io.haven.client.Outcomes.value;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PipeliningTest {
    private static final int REQUESTS = 2_000;

    /**
     * Holds every kv.get until all have arrived, then answers them last first. The client's window is opened to let
     * them all out at once (havend itself takes 1,024 by default).
     */
    private static TestNode.Script answerAllInReverse(List<TestNode.Exchange> held) {
        return exchange -> {
            if (!(exchange.request() instanceof Request.Query q)) {
                return false;
            }
            held.add(exchange);
            if (held.size() == REQUESTS) {
                for (int i = held.size() - 1; i >= 0; i--) {
                    TestNode.Exchange e = held.get(i);
                    String key = ((DataRequest.KvGet) ((Request.Query) e.request()).data()).key();
                    Kv kv = new Kv(key, key.getBytes(StandardCharsets.UTF_8), "text/plain", 1, i);
                    e.reply(new Response.QueryReply(
                            e.reqId(), DataResponse.of(DataKind.KV_GET, 200, new DataResult.KvResult(kv))));
                }
            }
            return true;
        };
    }

    @Test
    void thousandsOfRequestsShareOneConnectionAndResolveFromAnswersInAnyOrder() throws Exception {
        List<TestNode.Exchange> held = new ArrayList<>();
        try (TestNode node = new TestNode().script(answerAllInReverse(held));
                HavenClient client = value(HavenClient.connect(node.options().withMaxInFlight(REQUESTS)))) {
            List<CompletableFuture<DataResponse>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                answers.add(client.query(new DataRequest.KvGet("/k/" + i)));
            }
            for (int i = 0; i < REQUESTS; i++) {
                Kv kv = ((DataResult.KvResult) value(answers.get(i)).data()).kv();
                assertEquals("/k/" + i, kv.key());
                assertEquals("/k/" + i, new String(kv.value(), StandardCharsets.UTF_8));
            }
            assertEquals(1, node.connections());
        }
    }

    @Test
    void theClientNeverHasMoreUnansweredRequestsThanItsWindowAllows() throws Exception {
        int window = 10;
        AtomicInteger held = new AtomicInteger();
        AtomicInteger mostHeld = new AtomicInteger();
        // Answers each ping 20 ms after reading it: a client ignoring its window would have all 50 out at once.
        TestNode.Script slowPongs = e -> {
            if (!(e.request() instanceof Request.Ping)) {
                return false;
            }
            mostHeld.accumulateAndGet(held.incrementAndGet(), Math::max);
            e.channel()
                    .eventLoop()
                    .schedule(
                            () -> {
                                held.decrementAndGet();
                                e.reply(new Response.Pong(e.reqId(), List.of()));
                            },
                            20,
                            TimeUnit.MILLISECONDS);
            return true;
        };
        try (TestNode node = new TestNode().script(slowPongs);
                HavenClient client = value(HavenClient.connect(node.options().withMaxInFlight(window)))) {
            List<CompletableFuture<Response.Pong>> pongs = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                pongs.add(client.ping());
            }
            CompletableFuture.allOf(pongs.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
            assertEquals(window, mostHeld.get());
        }
    }

    @Test
    void everyRequestOnAConnectionCarriesItsOwnRequestId() throws Exception {
        List<TestNode.Exchange> held = new ArrayList<>();
        try (TestNode node = new TestNode().script(answerAllInReverse(held));
                HavenClient client = value(HavenClient.connect(node.options().withMaxInFlight(REQUESTS)))) {
            List<CompletableFuture<DataResponse>> answers = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                answers.add(client.query(new DataRequest.KvGet("/k/" + i)));
            }
            CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new)).get();
            Set<Long> ids = new HashSet<>();
            for (TestNode.Exchange e : held) {
                ids.add(e.reqId());
            }
            assertEquals(REQUESTS, ids.size());
        }
    }
}
