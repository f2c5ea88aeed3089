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
import org.junit.jupiter.api.Test;

class PipeliningTest {
    private static final int REQUESTS = 2_000;

    /** Holds every kv.get until all have arrived, then answers them last first. */
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
                HavenClient client = value(HavenClient.connect(node.options()))) {
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
    void everyRequestOnAConnectionCarriesItsOwnRequestId() throws Exception {
        List<TestNode.Exchange> held = new ArrayList<>();
        try (TestNode node = new TestNode().script(answerAllInReverse(held));
                HavenClient client = value(HavenClient.connect(node.options()))) {
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
