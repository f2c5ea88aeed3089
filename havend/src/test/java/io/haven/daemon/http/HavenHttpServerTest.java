package io.haven.daemon.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.daemon.HavendConfig;
import io.haven.daemon.metrics.HavenMetrics;
import io.haven.protocol.data.TaskState;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HavenHttpServerTest {
    private FakeNodeView node;
    private HavenHttpServer server;
    private Http http;

    @BeforeEach
    void start() throws Exception {
        node = new FakeNodeView();
        node.put("/app/config/color", "blue");
        node.put("/app/config/size", "large");
        node.put("/other/x", "1");
        node.promise("/app/p1", Map.of("team", "a"));
        node.promise("/app/p2", Map.of());
        node.task("/app/t1", TaskState.ACQUIRED);
        node.task("/app/t2", TaskState.PENDING);
        HavenMetrics metrics = HavenMetrics.create(FakeNodeView.UUID, "test");
        metrics.observe(node);
        server = HavenHttpServer.start(HavendConfig.HostPort.parse("127.0.0.1:0"), node, metrics);
        http = new Http(server.address());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void healthAnswersUpWhileTheProcessServes() throws Exception {
        HttpResponse<String> r = http.get("/health");
        assertEquals(200, r.statusCode());
        assertEquals("up\n", r.body());
    }

    @Test
    void readyAnswersOkWhileEveryQuorumHasALeader() throws Exception {
        HttpResponse<String> r = http.get("/ready");
        assertEquals(200, r.statusCode());
        assertEquals("ready\n", r.body());
    }

    @Test
    void readyIsUnavailableWithTheReasonWhileAQuorumHasNoLeader() throws Exception {
        node.leaderless(true);
        HttpResponse<String> r = http.get("/ready");
        assertEquals(503, r.statusCode());
        assertTrue(r.body().contains("quorum main has no leader"), r.body());
    }

    @Test
    void theNodeApiNamesTheNodeItsRolesAndItsReadiness() throws Exception {
        Map<String, Object> n = http.json("/api/node");
        assertEquals(FakeNodeView.UUID, n.get("uuid"));
        assertEquals(List.of("quorum"), n.get("roles"));
        assertEquals(true, n.get("ready"));
        assertEquals(List.of(), n.get("not_ready_because"));
    }

    @Test
    void theQuorumsApiShowsTheLeaderTheFiguresAndEachMembersLag() throws Exception {
        @SuppressWarnings("unchecked")
        Map<String, Object> q =
                ((List<Map<String, Object>>) http.json("/api/quorums").get("quorums")).get(0);
        assertEquals("main", q.get("name"));
        assertEquals("LEADER", q.get("role"));
        assertEquals(FakeNodeView.UUID, q.get("leader"));
        assertEquals("127.0.0.1:7400", q.get("leader_address"));
        assertEquals(q.get("commit_index"), q.get("applied_index"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> members = (List<Map<String, Object>>) q.get("members");
        assertEquals(0L, members.get(0).get("lag"));
        assertEquals(1L, members.get(1).get("lag"));
    }

    @Test
    void theDirectoryApiListsTheDirectorysNodes() throws Exception {
        Map<String, Object> d = http.json("/api/directory");
        assertEquals(true, d.get("available"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> nodes = (List<Map<String, Object>>) d.get("nodes");
        assertEquals(FakeNodeView.UUID, nodes.get(0).get("uuid"));
    }

    @Test
    void aKeySearchPagesThroughThePrefixWithTheCursor() throws Exception {
        Map<String, Object> first = http.json("/api/search?kind=kv&prefix=/app/&limit=1");
        assertEquals(List.of("/app/config/color"), keys(first, "key"));
        Map<String, Object> second =
                http.json("/api/search?kind=kv&prefix=/app/&limit=1&cursor=" + first.get("cursor"));
        assertEquals(List.of("/app/config/size"), keys(second, "key"));
        @SuppressWarnings("unchecked")
        Map<String, Object> item = ((List<Map<String, Object>>) second.get("items")).get(0);
        assertEquals("large", item.get("data"));
        assertEquals("utf-8", item.get("encoding"));
    }

    @Test
    void aPromiseSearchKeepsOnlyTheStateAskedFor() throws Exception {
        assertEquals(
                List.of("/app/p1", "/app/p2", "/app/t1", "/app/t2"),
                keys(http.json("/api/search?kind=promise&prefix=/app/&state=PENDING"), "id"));
        assertEquals(List.of(), keys(http.json("/api/search?kind=promise&prefix=/app/&state=RESOLVED"), "id"));
    }

    @Test
    void aTaskSearchShowsTheTasksOfThePromisesFoundInTheStateAskedFor() throws Exception {
        assertEquals(List.of("/app/t1", "/app/t2"), keys(http.json("/api/search?kind=task&prefix=/app/"), "id"));
        assertEquals(List.of("/app/t1"), keys(http.json("/api/search?kind=task&prefix=/app/&state=ACQUIRED"), "id"));
    }

    @Test
    void anObjectIsShownWhole() throws Exception {
        Map<String, Object> d = http.json("/api/object?kind=promise&id=/app/p1");
        assertEquals("promise", d.get("kind"));
        @SuppressWarnings("unchecked")
        Map<String, Object> p = (Map<String, Object>) d.get("object");
        assertEquals("/app/p1", p.get("id"));
        assertEquals(Map.of("team", "a"), p.get("tags"));
        @SuppressWarnings("unchecked")
        Map<String, Object> param = (Map<String, Object>) p.get("param");
        assertEquals("{\"func\":\"greet\"}", param.get("data"));
    }

    @Test
    void anUnknownObjectIsNotFoundWithTheNodesErrorCode() throws Exception {
        HttpResponse<String> r = http.get("/api/object?kind=kv&id=/nope");
        assertEquals(404, r.statusCode());
        @SuppressWarnings("unchecked")
        Map<String, Object> error =
                (Map<String, Object>) JsonReader.object(r.body()).get("error");
        assertEquals("ERROR_UNAVAILABLE", error.get("code"));
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/search?kind=widget",
                "/api/search?prefix=/app/",
                "/api/search?kind=kv&limit=0",
                "/api/search?kind=kv&limit=101",
                "/api/search?kind=kv&limit=ten",
                "/api/search?kind=kv&state=PENDING",
                "/api/search?kind=promise&state=DONE",
                "/api/search?kind=kv&colour=red",
                "/api/search?kind=kv&kind=promise",
                "/api/object?kind=kv",
                "/api/watch?from=-1",
                "/health?verbose=1"
            })
    void badParametersAreRefusedWith400AndAMessageNamingThem(String request) throws Exception {
        HttpResponse<String> r = http.get(request);
        assertEquals(400, r.statusCode(), r.body());
        @SuppressWarnings("unchecked")
        Map<String, Object> error =
                (Map<String, Object>) JsonReader.object(r.body()).get("error");
        assertFalse(((String) error.get("message")).isBlank());
        assertEquals(200, http.get("/health").statusCode());
    }

    @Test
    void aMalformedEscapeIsRefusedWith400() throws Exception {
        String answer =
                http.raw("GET /api/object?kind=kv&id=%zz HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 400"), answer);
        assertTrue(answer.contains("malformed URI"), answer);
    }

    @Test
    void anOverlongValueIsRefusedWith400() throws Exception {
        HttpResponse<String> r = http.get("/api/search?kind=kv&prefix=" + "a".repeat(Params.MAX_VALUE + 1));
        assertEquals(400, r.statusCode());
        assertTrue(r.body().contains("longer than"), r.body());
    }

    @Test
    void aPostIsRefusedWith405NamingTheAllowedMethods() throws Exception {
        HttpResponse<String> r =
                http.send(HttpRequest.newBuilder(http.uri("/api/node")).POST(HttpRequest.BodyPublishers.ofString("x")));
        assertEquals(405, r.statusCode());
        assertEquals("GET, HEAD", r.headers().firstValue("Allow").orElseThrow());
    }

    @Test
    void anUnknownPathIsNotFound() throws Exception {
        assertEquals(404, http.get("/nothing/here").statusCode());
        assertEquals(404, http.get("/api/nothing").statusCode());
    }

    @Test
    void aRequestNamingAnotherHostIsRefusedOnALoopbackServer() throws Exception {
        String answer = http.raw("GET /api/node HTTP/1.1\r\nHost: attacker.example:7402\r\nConnection: close\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 403"), answer);
        String local = http.raw("GET /health HTTP/1.1\r\nHost: localhost:7402\r\nConnection: close\r\n\r\n");
        assertTrue(local.startsWith("HTTP/1.1 200"), local);
    }

    @Test
    void anOverlongRequestLineIsRefusedAndTheServerGoesOn() throws Exception {
        String answer = http.raw("GET /" + "x".repeat(10_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
        assertTrue(answer.startsWith("HTTP/1.1 4"), answer.substring(0, Math.min(80, answer.length())));
        assertEquals(200, http.get("/health").statusCode());
    }

    @Test
    void garbageIsRefusedAndTheServerGoesOn() throws Exception {
        String answer = http.raw("\u0001\u0002 not http at all\r\n\r\n");
        assertTrue(answer.isEmpty() || answer.startsWith("HTTP/1.1 400"), answer);
        assertEquals(200, http.get("/health").statusCode());
    }

    @Test
    void pipelinedRequestsAreAnsweredInOrder() throws Exception {
        String answer = http.raw("GET /api/directory HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"
                + "GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        int directory = answer.indexOf("\"available\"");
        int health = answer.indexOf("up\n");
        assertTrue(directory > 0 && health > directory, answer);
    }

    @Test
    void metricsAreServedInPrometheusTextFormat() throws Exception {
        HttpResponse<String> r = http.get("/metrics");
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/plain; version=0.0.4"));
        assertTrue(r.body().contains("haven_quorum_commit_index{quorum=\"main\"}"), r.body());
    }

    @Test
    void theStatusPageAndItsFilesAreServedUnderAStrictContentSecurityPolicy() throws Exception {
        HttpResponse<String> page = http.get("/");
        assertEquals(200, page.statusCode());
        assertTrue(page.headers().firstValue("Content-Type").orElseThrow().startsWith("text/html"));
        assertTrue(page.body().contains("<script src=\"/app.js\""));
        assertEquals(
                Headers.CONTENT_SECURITY_POLICY,
                page.headers().firstValue("Content-Security-Policy").orElseThrow());
        assertEquals(200, http.get("/app.js").statusCode());
        assertEquals(200, http.get("/style.css").statusCode());
    }

    @Test
    void aWatchStreamDeliversAChangeCommittedAfterItOpened() throws Exception {
        HttpResponse<InputStream> r = http.open(HttpRequest.newBuilder(http.uri("/api/watch?prefix=/app/")));
        assertEquals(
                "text/event-stream; charset=utf-8",
                r.headers().firstValue("Content-Type").orElseThrow());
        try (EventReader events = new EventReader(r.body())) {
            assertEquals("/app/", events.next("watching").json().get("prefix"));
            node.put("/other/y", "not watched");
            node.put("/app/config/color", "green");
            EventReader.Event change = events.next("change");
            Map<String, Object> c = change.json();
            assertEquals("/app/config/color", c.get("key"));
            assertEquals("kv", c.get("kind"));
            assertEquals(String.valueOf(c.get("rev")), change.id().orElseThrow());
            @SuppressWarnings("unchecked")
            Map<String, Object> kv = (Map<String, Object>) c.get("kv");
            assertEquals("green", kv.get("data"));
            assertEquals(2L, kv.get("version"));
        }
    }

    @Test
    void aWatchStreamResumesAfterTheLastEventIdItWasGiven() throws Exception {
        HttpResponse<InputStream> r = http.open(HttpRequest.newBuilder(http.uri("/api/watch?prefix=/app/config/"))
                .header("Last-Event-ID", "1"));
        try (EventReader events = new EventReader(r.body())) {
            assertEquals(2L, events.next("watching").json().get("from"));
            Map<String, Object> c = events.next("change").json();
            assertEquals("/app/config/size", c.get("key"));
            assertEquals(2L, c.get("rev"));
        }
    }

    @Test
    void closingAWatchStreamEndsTheNodesWatch() throws Exception {
        HttpResponse<InputStream> r = http.open(HttpRequest.newBuilder(http.uri("/api/watch?prefix=/")));
        EventReader events = new EventReader(r.body());
        events.next("watching");
        assertEquals(1, node.watchers());
        events.close();
        assertTrue(node.awaitUnsubscribed(10), "the node's watch was not closed");
        assertEquals(0, node.watchers());
    }

    @Test
    void aWatchTheNodeCannotServeEndsWithTheReason() throws Exception {
        HttpResponse<InputStream> r = http.open(HttpRequest.newBuilder(http.uri("/api/watch?prefix=haven:")));
        try (EventReader events = new EventReader(r.body())) {
            Map<String, Object> ended = events.next("ended").json();
            assertTrue(
                    ((String) ended.get("reason")).contains("no quorum of this node serves haven:"), ended.toString());
            assertTrue(events.next().isEmpty(), "the stream goes on after it ended");
        }
    }

    @Test
    void closingTheServerEndsItsWatchStreams() throws Exception {
        HttpResponse<InputStream> r = http.open(HttpRequest.newBuilder(http.uri("/api/watch?prefix=/")));
        try (EventReader events = new EventReader(r.body())) {
            events.next("watching");
            server.close();
            assertTrue(node.awaitUnsubscribed(10), "the node's watch was not closed");
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Object> keys(Map<String, Object> page, String field) {
        return ((List<Map<String, Object>>) page.get("items"))
                .stream().map(m -> m.get(field)).toList();
    }
}
