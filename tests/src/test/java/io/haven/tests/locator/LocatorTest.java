package io.haven.tests.locator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.client.HavenClient;
import io.haven.locator.NodeRecord;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.tests.cluster.ClusterNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * One {@link LocatorCluster} for the whole class (five JVMs are slow to start on two cores); the tests that kill or
 * pause nodes run last and leave the cluster whole again.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocatorTest {
    private LocatorCluster cluster;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        cluster = LocatorCluster.start(dir);
    }

    @AfterAll
    void stop() {
        if (cluster != null) {
            cluster.close();
        }
    }

    private DataResponse query(ClusterNode n, DataRequest r, Consistency c, boolean redirect) throws Exception {
        Response reply = cluster.client(n)
                .send(new Request.Query(Envelope.NONE, r, c, redirect), Duration.ofSeconds(15))
                .get(20, TimeUnit.SECONDS);
        return ((Response.QueryReply) reply).data();
    }

    private static HavenException failure(Exception e) {
        Throwable t = e instanceof ExecutionException ? e.getCause() : e;
        return assertInstanceOf(HavenException.class, t, () -> "expected a HavenException, got " + t);
    }

    private static DataRequest.KvPut put(String key, String value) {
        return new DataRequest.KvPut(key, value.getBytes(StandardCharsets.UTF_8), "", DataRequest.NO_VERSION);
    }

    private String value(ClusterNode n, String key, boolean redirect) throws Exception {
        DataResponse r = query(n, new DataRequest.KvGet(key), Consistency.SERIALIZABLE, redirect);
        return new String(((DataResult.KvResult) r.data()).kv().value(), StandardCharsets.UTF_8);
    }

    @Test
    @Order(1)
    void writesUnderEachPathLandInTheQuorumServingItWhicheverNodeTakesThem() throws Exception {
        // Node 1 serves only q1 (/a), node 3 only q2 (/b): each forwards the other quorum's writes.
        query(cluster.node(1), put("/a/from-1", "a1"), Consistency.LINEARIZABLE, false);
        query(cluster.node(1), put("/b/from-1", "b1"), Consistency.LINEARIZABLE, false);
        query(cluster.node(3), put("/a/from-3", "a3"), Consistency.LINEARIZABLE, false);
        query(cluster.node(3), put("/b/from-3", "b3"), Consistency.LINEARIZABLE, false);
        // Serializable reads with redirects are answered from the member's own replica, never forwarded.
        for (ClusterNode q1 : List.of(cluster.node(0), cluster.node(1))) {
            LocatorCluster.await(
                    "q1 member " + q1 + " holds the /a writes",
                    () -> value(q1, "/a/from-1", true).equals("a1")
                            && value(q1, "/a/from-3", true).equals("a3"));
        }
        for (ClusterNode q2 : List.of(cluster.node(3), cluster.node(4))) {
            LocatorCluster.await(
                    "q2 member " + q2 + " holds the /b writes",
                    () -> value(q2, "/b/from-1", true).equals("b1")
                            && value(q2, "/b/from-3", true).equals("b3"));
            HavenException e = failure(assertThrowsExecution(() -> value(q2, "/a/from-1", true) != null));
            assertEquals(ErrorCode.NOT_MINE, e.code(), e.toString());
        }
    }

    private static Exception assertThrowsExecution(LocatorCluster.Check call) {
        try {
            call.holds();
        } catch (Exception e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    @Order(2)
    void aNodeAskedForRedirectsAnswersNotMineWithTheServingLeader() throws Exception {
        Response.DiscoverReply q2 = cluster.discover(cluster.node(0), DiscoverType.QUORUM, "/b/x");
        HavenException e = failure(assertThrowsExecution(() ->
                query(cluster.node(0), new DataRequest.KvGet("/b/from-1"), Consistency.LINEARIZABLE, true) != null));
        assertEquals(ErrorCode.NOT_MINE, e.code());
        assertEquals(421, e.status());
        assertEquals(q2.location(), e.error().location());
    }

    @Test
    @Order(3)
    void promiseRegisterAcrossQuorumsIsRefusedNamingAwaited() throws Exception {
        ClusterNode n = cluster.node(0);
        long timeout = System.currentTimeMillis() + 600_000;
        for (String id : List.of("/a/awaiter", "/a/same", "/b/awaited")) {
            query(
                    n,
                    new DataRequest.PromiseCreate(id, Payload.EMPTY, timeout, Map.of()),
                    Consistency.LINEARIZABLE,
                    false);
        }
        HavenException e = failure(assertThrowsExecution(() ->
                query(n, new DataRequest.PromiseRegister("/a/awaiter", "/b/awaited"), Consistency.LINEARIZABLE, false)
                        != null));
        assertEquals(ErrorCode.INVALID, e.code());
        assertEquals(List.of("awaited"), e.error().items());
        DataResponse same =
                query(n, new DataRequest.PromiseRegister("/a/awaiter", "/a/same"), Consistency.LINEARIZABLE, false);
        assertEquals(201, same.status());
    }

    @Test
    @Order(3)
    void taskSuspendOnAPromiseOfAnotherQuorumIsRefusedNamingAwaited() throws Exception {
        ClusterNode n = cluster.node(3);
        long timeout = System.currentTimeMillis() + 600_000;
        query(
                n,
                new DataRequest.PromiseCreate("/b/elsewhere", Payload.EMPTY, timeout, Map.of()),
                Consistency.LINEARIZABLE,
                false);
        query(
                n,
                new DataRequest.TaskCreate(
                        "worker", 60_000, new DataRequest.PromiseCreate("/a/task", Payload.EMPTY, timeout, Map.of())),
                Consistency.LINEARIZABLE,
                false);
        HavenException e = failure(assertThrowsExecution(() -> query(
                        n,
                        new DataRequest.TaskSuspend(
                                "/a/task", 0, List.of(new DataRequest.PromiseRegister("/a/task", "/b/elsewhere"))),
                        Consistency.LINEARIZABLE,
                        false)
                != null));
        assertEquals(ErrorCode.INVALID, e.code());
        assertEquals(List.of("awaited"), e.error().items());
    }

    @Test
    @Order(4)
    void anyNodeDiscoversNodesLocatorsAndQuorums() throws Exception {
        ClusterNode four = cluster.node(4);
        Response.DiscoverReply byUuid = cluster.discover(cluster.node(3), DiscoverType.UUID, four.uuid());
        assertEquals(four.clientAddress(), byUuid.location());

        Response.DiscoverReply locators = cluster.discover(cluster.node(4), DiscoverType.LOCATION, "");
        assertEquals(3, locators.locations().size());
        assertTrue(locators.locations().get(0).leader());
        assertEquals(locators.locations().get(0).address(), locators.location());
        assertEquals(
                Set.of(
                        cluster.node(0).uuid(),
                        cluster.node(1).uuid(),
                        cluster.node(2).uuid()),
                Set.copyOf(locators.locations().stream()
                        .map(Response.Location::uuid)
                        .toList()));

        Response.DiscoverReply q2 = cluster.discover(cluster.node(1), DiscoverType.QUORUM, "/b/deep/key");
        assertEquals("q2", q2.quorum());
        assertEquals(
                Set.of(cluster.node(2).uuid(), cluster.node(3).uuid(), four.uuid()),
                Set.copyOf(q2.locations().stream().map(Response.Location::uuid).toList()));
        assertTrue(q2.locations().get(0).leader());
    }

    @Test
    @Order(5)
    void unknownUuidsAndUnservedPathsAreUnavailableNamingThem() throws Exception {
        HavenException uuid = failure(assertThrowsExecution(
                () -> cluster.discover(cluster.node(3), DiscoverType.UUID, "no-such-node") != null));
        assertEquals(ErrorCode.UNAVAILABLE, uuid.code());
        assertEquals(List.of("no-such-node"), uuid.error().items());
        HavenException path = failure(assertThrowsExecution(
                () -> cluster.discover(cluster.node(3), DiscoverType.QUORUM, "/nowhere") != null));
        assertEquals(ErrorCode.UNAVAILABLE, path.code());
        assertEquals(List.of("/nowhere"), path.error().items());
    }

    @Test
    @Order(6)
    void theDirectoryIsReadableAsKeysUnderHaven() throws Exception {
        DataResponse r = query(
                cluster.node(0),
                new DataRequest.KvList(NodeRecord.NODES_PREFIX, "", 100),
                Consistency.LINEARIZABLE,
                false);
        DataResult.KvPage page = (DataResult.KvPage) r.data();
        assertEquals(5, page.kvs().size());
        NodeRecord four = page.kvs().stream()
                .map(kv -> NodeRecord.decode(kv.value()))
                .filter(rec -> rec.uuid().equals(cluster.node(4).uuid()))
                .findFirst()
                .orElseThrow();
        assertEquals(cluster.node(4).clientAddress(), four.client());
        assertEquals(
                List.of("q2"),
                four.quorums().stream().map(NodeRecord.QuorumEntry::name).toList());
    }

    private boolean upSeenBy(ClusterNode asker, ClusterNode n) throws Exception {
        return cluster.discover(asker, DiscoverType.UUID, n.uuid())
                .locations()
                .get(0)
                .up();
    }

    @Test
    @Order(7)
    void aNodeThatStopsHeartbeatingIsShownDownAndUpAgainWhenItReturns() throws Exception {
        ClusterNode four = cluster.node(4);
        assertTrue(upSeenBy(cluster.node(3), four));
        four.pause();
        long downMs;
        try {
            downMs = LocatorCluster.await(
                    "node 4 shown down", Duration.ofSeconds(30), () -> !upSeenBy(cluster.node(3), four));
        } finally {
            four.resume();
        }
        long upMs = LocatorCluster.await(
                "node 4 shown up again", Duration.ofSeconds(30), () -> upSeenBy(cluster.node(3), four));
        System.out.printf("node 4 shown down %d ms after SIGSTOP, up %d ms after SIGCONT%n", downMs, upMs);
        assertTrue(downMs >= LocatorCluster.NODE_DOWN_MS - 1000, "shown down too early: " + downMs + " ms");
    }

    @Test
    @Order(8)
    void writesThroughAnotherNodeReachTheNewLeaderSoonAfterAQuorumLeaderIsKilled() throws Exception {
        ClusterNode leader = cluster.byAddress(
                cluster.discover(cluster.node(0), DiscoverType.QUORUM, "/b").location());
        // Through node 0 or 1, which serve /a only, whichever is not the leader.
        ClusterNode through = leader == cluster.node(0) ? cluster.node(1) : cluster.node(0);
        HavenClient c = cluster.client(through);
        leader.kill();
        long ms;
        try {
            int[] n = {0};
            ms = LocatorCluster.await("a write under /b after the q2 leader died", Duration.ofSeconds(30), () -> {
                c.query(put("/b/after-kill-" + n[0]++, "v")).get(5, TimeUnit.SECONDS);
                return true;
            });
            System.out.printf(
                    "first write under /b through %s succeeded %d ms after killing %s%n", through, ms, leader);
            Response.DiscoverReply q2 = cluster.discover(through, DiscoverType.QUORUM, "/b");
            LocatorCluster.await(
                    "the directory names the new q2 leader", Duration.ofSeconds(20), () -> !cluster.discover(
                                    through, DiscoverType.QUORUM, "/b")
                            .location()
                            .equals(leader.clientAddress()));
            assertNotEquals(null, q2);
        } finally {
            leader.start();
        }
        // Election timeouts are 2-4 s; allow detection, the directory's cache and a busy machine on top.
        assertTrue(ms < 12_000, "writes resumed only after " + ms + " ms");
    }

    @Test
    @Order(9)
    void discoveryKeepsWorkingAfterTheLocatorLeaderIsKilled() throws Exception {
        ClusterNode leader = cluster.byAddress(
                cluster.discover(cluster.node(3), DiscoverType.LOCATION, "").location());
        leader.kill();
        try {
            long ms = LocatorCluster.await("a new locator leader named to node 3", Duration.ofSeconds(30), () -> {
                Response.DiscoverReply r = cluster.discover(cluster.node(3), DiscoverType.LOCATION, "");
                return r.locations().get(0).leader() && !r.location().equals(leader.clientAddress());
            });
            System.out.printf("new locator leader named %d ms after killing %s%n", ms, leader);
            LocatorCluster.await("q1 discovered through node 4", Duration.ofSeconds(20), () -> cluster.discover(
                            cluster.node(4), DiscoverType.QUORUM, "/a/x")
                    .quorum()
                    .equals("q1"));
            LocatorCluster.await("a uuid discovered through node 3", Duration.ofSeconds(20), () -> cluster.discover(
                            cluster.node(3), DiscoverType.UUID, cluster.node(4).uuid())
                    .location()
                    .equals(cluster.node(4).clientAddress()));
        } finally {
            leader.start();
        }
    }

    @Test
    @Order(10)
    void theLocatorNameIsReservedForBecomeLocator() throws Exception {
        HavenException e = failure(assertThrowsExecution(() -> cluster.client(cluster.node(3))
                        .become(io.haven.protocol.message.Role.QUORUM, "locator", List.of("/x"), List.of())
                        .get(30, TimeUnit.SECONDS)
                != null));
        assertEquals(ErrorCode.INVALID, e.code());
        assertEquals(List.of("quorum"), e.error().items());
    }

    @Test
    @Order(11)
    void aNodeThatLeavesTheLocationServiceLosesTheRoleAndDropsOutOfItsMembers() throws Exception {
        ClusterNode two = cluster.node(2);
        Response.ControlReply r = cluster.client(two)
                .leave(io.haven.protocol.message.Role.LOCATOR)
                .get(120, TimeUnit.SECONDS);
        assertEquals(201, r.status());
        assertTrue(!r.roles().contains("locator"), "roles after leave: " + r.roles());
        LocatorCluster.await("the locators no longer list node 2", Duration.ofSeconds(30), () -> {
            Response.DiscoverReply l = cluster.discover(cluster.node(4), DiscoverType.LOCATION, "");
            return l.locations().size() == 2
                    && l.locations().stream().noneMatch(x -> x.uuid().equals(two.uuid()));
        });
    }
}
