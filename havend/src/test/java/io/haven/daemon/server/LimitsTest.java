package io.haven.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.daemon.HavenNode;
import io.haven.daemon.HavendConfig;
import io.haven.daemon.service.ControlService;
import io.haven.daemon.service.Services;
import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Per-connection and per-node limits, deadlines and out-of-order answers, with services the test controls. */
class LimitsTest {
    @TempDir
    Path data;

    /** A DATA service that never answers: what a stuck quorum looks like from the server. */
    private static Services silentData() {
        return Services.unavailable().withData((query, context) -> new CompletableFuture<>());
    }

    private static Request.Query query(long reqId, long deadlineMs) {
        return new Request.Query(
                new Envelope(reqId, "", deadlineMs),
                new DataRequest.PromiseGet("p" + reqId),
                Consistency.LINEARIZABLE,
                false);
    }

    private static Request.Control become(long reqId) {
        return new Request.Control(Envelope.of(reqId), false, Role.PROCESSOR, "", List.of(), List.of(), false);
    }

    @Test
    void oneRequestOverThePendingLimitGetsLimitAtOnce() throws Exception {
        try (HavenNode node = Nodes.start(data, silentData(), HavendConfig.MAX_PENDING_KEY, "4");
                WireClient c = WireClient.connected(node.address())) {
            for (int i = 1; i <= 5; i++) {
                c.send(query(i, 0));
            }
            Response.Failure f = c.readFailure();
            assertEquals(5, f.reqId());
            assertEquals(ErrorCode.LIMIT, f.error().code());
            assertEquals(429, f.status());
            c.send(WireClient.ping(6));
            assertEquals(6, c.read(Response.Pong.class).reqId(), "answers the node makes itself are not held up");
        }
    }

    @Test
    void aRequestPastItsDeadlineIsAnsweredWithTimeout() throws Exception {
        try (HavenNode node = Nodes.start(data, silentData());
                WireClient c = WireClient.connected(node.address())) {
            long start = System.nanoTime();
            c.send(query(8, 200));
            Response.Failure f = c.readFailure();
            long tookMs = Duration.ofNanos(System.nanoTime() - start).toMillis();
            assertEquals(8, f.reqId());
            assertEquals(Action.QUERY, f.action());
            assertEquals(ErrorCode.TIMEOUT, f.error().code());
            assertEquals(504, f.status());
            assertTrue(tookMs >= 190, "answered after " + tookMs + " ms");
        }
    }

    @Test
    void theServiceSeesItsFutureCancelledWhenTheDeadlinePasses() throws Exception {
        CompletableFuture<io.haven.protocol.data.DataResponse> seen = new CompletableFuture<>();
        Services services = Services.unavailable().withData((query, context) -> {
            assertTrue(context.hasDeadline());
            return seen;
        });
        try (HavenNode node = Nodes.start(data, services);
                WireClient c = WireClient.connected(node.address())) {
            c.send(query(9, 100));
            assertEquals(ErrorCode.TIMEOUT, c.readFailure().error().code());
            assertTrue(seen.isCancelled());
        }
    }

    @Test
    void aTimedOutRequestFreesItsPendingSlot() throws Exception {
        try (HavenNode node = Nodes.start(data, silentData(), HavendConfig.MAX_PENDING_KEY, "1");
                WireClient c = WireClient.connected(node.address())) {
            c.send(query(1, 100));
            assertEquals(ErrorCode.TIMEOUT, c.readFailure().error().code());
            c.send(query(2, 100));
            assertEquals(ErrorCode.TIMEOUT, c.readFailure().error().code(), "not LIMIT: the first slot was freed");
        }
    }

    @Test
    void answersGoOutInTheOrderTheyAreReadyEchoingTheirReqid() throws Exception {
        Map<Long, CompletableFuture<Response.ControlReply>> held = new ConcurrentHashMap<>();
        ControlService control = (request, context) -> {
            CompletableFuture<Response.ControlReply> f = new CompletableFuture<>();
            held.put(request.envelope().reqId(), f);
            return f;
        };
        try (HavenNode node = Nodes.start(data, Services.unavailable().withControl(control));
                WireClient c = WireClient.connected(node.address())) {
            c.send(become(1));
            c.send(become(2));
            assertTrue(WireClient.eventually(Duration.ofSeconds(5), () -> held.size() == 2));
            held.get(2L).complete(new Response.ControlReply(2, Action.BECOME, 201, List.of("processor")));
            Response.ControlReply second = c.read(Response.ControlReply.class);
            held.get(1L).complete(new Response.ControlReply(1, Action.BECOME, 200, List.of("processor")));
            Response.ControlReply first = c.read(Response.ControlReply.class);
            assertEquals(2, second.reqId());
            assertEquals(201, second.status());
            assertEquals(1, first.reqId());
        }
    }

    @Test
    void aServiceFaultIsAGenericErrorWithoutItsDetails() throws Exception {
        ControlService broken = (request, context) ->
                CompletableFuture.failedFuture(new IllegalStateException("secret internal detail"));
        try (HavenNode node = Nodes.start(data, Services.unavailable().withControl(broken));
                WireClient c = WireClient.connected(node.address())) {
            c.send(become(4));
            Response.Failure f = c.readFailure();
            assertEquals(4, f.reqId());
            assertEquals(ErrorCode.GENERIC, f.error().code());
            assertEquals(500, f.status());
            assertTrue(!f.error().message().contains("secret"));
        }
    }

    @Test
    void aConnectionOverTheLimitGetsLimitAndIsClosed() throws Exception {
        try (HavenNode node = Nodes.start(data, HavendConfig.MAX_CONNECTIONS_KEY, "2");
                WireClient a = WireClient.connected(node.address());
                WireClient b = WireClient.connected(node.address());
                WireClient over = WireClient.open(node.address())) {
            Response.Failure f = over.readFailure();
            assertEquals(ErrorCode.LIMIT, f.error().code());
            assertEquals(429, f.status());
            assertTrue(over.readsEof());
            a.send(WireClient.ping(1));
            b.send(WireClient.ping(2));
            assertEquals(1, a.read(Response.Pong.class).reqId());
            assertEquals(2, b.read(Response.Pong.class).reqId(), "the connections within the limit are served");
        }
    }

    @Test
    void aSilentSessionIsClosedAfterItsTtl() throws Exception {
        try (HavenNode node = Nodes.start(data, HavendConfig.SESSION_TTL_MS_KEY, "300");
                WireClient c = WireClient.connected(node.address())) {
            assertTrue(c.closedByPeer(Duration.ofSeconds(5)));
        }
    }

    @Test
    void pingsKeepASessionAlivePastItsTtl() throws Exception {
        try (HavenNode node = Nodes.start(data, HavendConfig.SESSION_TTL_MS_KEY, "400");
                WireClient c = WireClient.connected(node.address())) {
            long end = System.nanoTime() + Duration.ofMillis(1_200).toNanos();
            long id = 1;
            while (System.nanoTime() < end) {
                c.send(WireClient.ping(id));
                assertEquals(id, c.read(Response.Pong.class).reqId());
                id++;
                assertTrue(!c.closedByPeer(Duration.ofMillis(100)));
            }
        }
    }
}
