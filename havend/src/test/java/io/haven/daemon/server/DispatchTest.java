package io.haven.daemon.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.daemon.HavenNode;
import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.Role;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The five actions on a live in-process node with no roles yet. */
class DispatchTest {
    @TempDir
    static Path data;

    static HavenNode node;

    @BeforeAll
    static void start() throws Exception {
        node = Nodes.start(data);
    }

    @AfterAll
    static void stop() {
        node.close();
    }

    @Test
    void connectAnswersASessionTheNodeAndTheHeartbeatRules() throws Exception {
        try (WireClient c = WireClient.open(node.address())) {
            c.send(WireClient.connect(7));
            Response.ConnectReply reply = c.read(Response.ConnectReply.class);
            assertEquals(7, reply.reqId());
            assertEquals("1", reply.version());
            UUID.fromString(reply.session());
            assertEquals(node.uuid(), reply.node().uuid());
            assertEquals(List.of(), reply.node().roles(), "an idle node serves no role");
            assertEquals(5_000, reply.heartbeatMs());
            assertEquals(30_000, reply.sessionTtlMs());
        }
    }

    @Test
    void aSecondConnectIsInvalidAndKeepsTheSession() throws Exception {
        try (WireClient c = WireClient.open(node.address())) {
            c.send(WireClient.connect(1));
            c.read(Response.ConnectReply.class);
            c.send(WireClient.connect(2));
            Response.Failure f = c.readFailure();
            assertEquals(2, f.reqId());
            assertEquals(ErrorCode.INVALID, f.error().code());
            assertEquals(List.of("action"), f.error().items());
            c.send(WireClient.ping(3));
            assertEquals(3, c.read(Response.Pong.class).reqId());
        }
    }

    @Test
    void seed002sOwnHeartbeatWithNoAckIsAnsweredWithAPong() throws Exception {
        try (WireClient c = WireClient.open(node.address())) {
            c.send(WireClient.connect(1));
            c.read(Response.ConnectReply.class);
            c.sendBody(Msgpack.map("action", "heartbeat", "type", "ping"));
            Response.Pong pong = c.read(Response.Pong.class);
            assertEquals(List.of(), pong.events(), "nothing to deliver yet");
        }
    }

    @Test
    void everyConnectionGetsItsOwnSession() throws Exception {
        try (WireClient a = WireClient.open(node.address());
                WireClient b = WireClient.open(node.address())) {
            a.send(WireClient.connect(1));
            b.send(WireClient.connect(1));
            assertNotEquals(
                    a.read(Response.ConnectReply.class).session(),
                    b.read(Response.ConnectReply.class).session());
        }
    }

    @Test
    void anUnsupportedVersionIsInvalidAndNamesTheSupportedOnes() throws Exception {
        try (WireClient c = WireClient.open(node.address())) {
            c.send(new Request.Connect(Envelope.of(3), "2", "", ""));
            Response.Failure f = c.readFailure();
            assertEquals(3, f.reqId());
            assertEquals(Action.CONNECT, f.action());
            assertEquals(ErrorCode.INVALID, f.error().code());
            assertEquals(List.of("version"), f.error().items());
            assertTrue(
                    f.error().message().contains("supported versions: 1"),
                    f.error().message());
        }
    }

    @Test
    void aRequestBeforeConnectIsIncompleteAndTheConnectionStaysUsable() throws Exception {
        try (WireClient c = WireClient.open(node.address())) {
            c.send(WireClient.ping(11));
            Response.Failure f = c.readFailure();
            assertEquals(11, f.reqId());
            assertEquals(Action.HEARTBEAT, f.action());
            assertEquals(ErrorCode.INCOMPLETE, f.error().code());
            c.send(WireClient.connect(12));
            assertEquals(12, c.read(Response.ConnectReply.class).reqId());
        }
    }

    @Test
    void aPingIsAnsweredWithAnEmptyWatchlist() throws Exception {
        try (WireClient c = WireClient.connected(node.address())) {
            c.send(WireClient.ping(21));
            Response.Pong pong = c.read(Response.Pong.class);
            assertEquals(21, pong.reqId());
            assertEquals(List.of(), pong.events());
        }
    }

    @Test
    void aPingThatAsksToWaitIsHeldUntilTheWaitPasses() throws Exception {
        try (WireClient c = WireClient.connected(node.address())) {
            long start = System.nanoTime();
            c.send(new Request.Ping(Envelope.of(22), 0, 300, "", Map.of()));
            c.send(WireClient.ping(23));
            assertEquals(23, c.read(Response.Pong.class).reqId(), "the held ping does not block the next");
            assertEquals(22, c.read(Response.Pong.class).reqId());
            assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 300);
        }
    }

    @Test
    void discoverOfTheOwnUuidAnswersTheOwnAddress() throws Exception {
        try (WireClient c = WireClient.connected(node.address())) {
            c.send(new Request.Discover(Envelope.of(31), DiscoverType.UUID, node.uuid(), ""));
            Response.DiscoverReply reply = c.read(Response.DiscoverReply.class);
            String address = "127.0.0.1:" + node.address().getPort();
            assertEquals(address, reply.location());
            assertEquals(node.uuid(), reply.locations().get(0).uuid());
            assertEquals(address, reply.locations().get(0).address());
        }
    }

    @Test
    void discoverOfAnotherUuidIsUnavailableNamingIt() throws Exception {
        String other = UUID.randomUUID().toString();
        try (WireClient c = WireClient.connected(node.address())) {
            c.send(new Request.Discover(Envelope.of(32), DiscoverType.UUID, other, ""));
            Response.Failure f = c.readFailure();
            assertEquals(ErrorCode.UNAVAILABLE, f.error().code());
            assertEquals(404, f.status());
            assertEquals(List.of(other), f.error().items());
        }
    }

    @Test
    void discoverOfTheLocationServiceAnswersThisNode() throws Exception {
        try (WireClient c = WireClient.connected(node.address())) {
            c.send(new Request.Discover(Envelope.of(33), DiscoverType.LOCATION, "", ""));
            Response.DiscoverReply reply = c.read(Response.DiscoverReply.class);
            assertEquals("127.0.0.1:" + node.address().getPort(), reply.location());
            assertTrue(reply.locations().get(0).leader());
        }
    }

    @Test
    void discoverStatusOfANodeInNoQuorumIsReadyAndListsNoQuorums() throws Exception {
        try (WireClient c = WireClient.connected(node.address())) {
            c.send(new Request.Discover(Envelope.of(35), DiscoverType.STATUS, "", ""));
            Response.StatusReply reply = c.read(Response.StatusReply.class);
            assertEquals(35, reply.reqId());
            assertEquals(node.uuid(), reply.uuid());
            assertEquals("127.0.0.1:" + node.address().getPort(), reply.address());
            assertTrue(reply.ready());
            assertEquals(List.of(), reply.quorums());
        }
    }

    @Test
    void discoverOfAQuorumIsUnavailableExplainingThatNoQuorumServesThePath() throws Exception {
        try (WireClient c = WireClient.connected(node.address())) {
            c.send(new Request.Discover(Envelope.of(34), DiscoverType.QUORUM, "", "/app/x"));
            Response.Failure f = c.readFailure();
            assertEquals(ErrorCode.UNAVAILABLE, f.error().code());
            assertEquals(503, f.status());
            assertEquals(List.of("/app/x"), f.error().items());
            assertTrue(
                    f.error().message().contains("no quorum serves path /app/x"),
                    f.error().message());
        }
    }

    @Test
    void aQueryIsUnavailableUntilTheNodeServesAQuorum() throws Exception {
        try (WireClient c = WireClient.connected(node.address())) {
            c.send(new Request.Query(
                    Envelope.of(41), new DataRequest.PromiseGet("p1"), Consistency.LINEARIZABLE, false));
            Response.Failure f = c.readFailure();
            assertEquals(41, f.reqId());
            assertEquals(Action.QUERY, f.action());
            assertEquals(ErrorCode.UNAVAILABLE, f.error().code());
            assertTrue(
                    f.error().message().contains("no quorum on this node yet"),
                    f.error().message());
        }
    }

    @Test
    void becomeIsUnavailableRatherThanAFakeSuccess() throws Exception {
        try (WireClient c = WireClient.connected(node.address())) {
            c.send(new Request.Control(Envelope.of(42), false, Role.LOCATOR, "", List.of(), List.of(), false));
            Response.Failure f = c.readFailure();
            assertEquals(Action.BECOME, f.action());
            assertEquals(ErrorCode.UNAVAILABLE, f.error().code());
        }
    }

    @Test
    void manageIsUnavailableRatherThanAFakeSuccess() throws Exception {
        try (WireClient c = WireClient.connected(node.address())) {
            c.send(new Request.Manage(Envelope.of(43), "request", Map.of("cores", "2")));
            Response.Failure f = c.readFailure();
            assertEquals(Action.MANAGE, f.action());
            assertEquals(ErrorCode.UNAVAILABLE, f.error().code());
        }
    }

    @Test
    void pipelinedRequestsAreEachAnsweredEchoingTheirReqid() throws Exception {
        try (WireClient c = WireClient.connected(node.address())) {
            int n = 2_000;
            for (int i = 1; i <= n; i++) {
                c.send(
                        i % 2 == 0
                                ? WireClient.ping(i)
                                : new Request.Discover(Envelope.of(i), DiscoverType.LOCATION, "", ""));
            }
            Set<Long> seen = new HashSet<>();
            for (int i = 1; i <= n; i++) {
                seen.add(((Response) c.read()).reqId());
            }
            assertEquals(n, seen.size());
            assertFalse(seen.contains(0L));
        }
    }
}
