package io.haven.tests.locator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.client.ConnectionException;
import io.haven.client.HavenClient;
import io.haven.client.Route;
import io.haven.client.RoutingStats;
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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
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

    /** A client that routes DATA itself, connected to {@code home}; the caller closes it. */
    private static HavenClient routingClient(ClusterNode home) throws Exception {
        return HavenClient.connect(home.options().withRouting(true).withDefaultDeadline(Duration.ofSeconds(15)))
                .get(30, TimeUnit.SECONDS);
    }

    private String leaderOf(String path) throws Exception {
        return cluster.discover(cluster.node(0), DiscoverType.QUORUM, path).location();
    }

    @Test
    @Order(2)
    void aRoutingClientSendsEachPathStraightToTheLeaderOfItsQuorum() throws Exception {
        String a = leaderOf("/a/x");
        String b = leaderOf("/b/x");
        // Connected to a node that leads neither quorum: without routing it would pass every write on.
        ClusterNode home = List.of(cluster.node(1), cluster.node(0), cluster.node(3), cluster.node(4)).stream()
                .filter(n -> !n.clientAddress().equals(a) && !n.clientAddress().equals(b))
                .findFirst()
                .orElseThrow();
        try (HavenClient rc = routingClient(home)) {
            for (int i = 0; i < 5; i++) {
                rc.query(put("/a/routed-" + i, "a")).get(20, TimeUnit.SECONDS);
                rc.query(put("/b/routed-" + i, "b")).get(20, TimeUnit.SECONDS);
            }
            RoutingStats stats = rc.routingStats();
            System.out.printf("routing client on %s: %s%n", home, stats);
            assertEquals(0, stats.notMineFollowed(), stats.toString());
            assertEquals(0, stats.fallbacks(), stats.toString());
            if (a.equals(leaderOf("/a/x")) && b.equals(leaderOf("/b/x"))) {
                // No election meanwhile: every answer came from the leader's own connection, none from home.
                // Node 2 is in both quorums and may lead both: then all ten answers came from it.
                Map<String, Long> expected = new java.util.HashMap<>(Map.of(a, 5L));
                expected.merge(b, 5L, Long::sum);
                assertEquals(expected, stats.answersByAddress());
            }
            assertEquals(
                    Set.of("/a", "/b"),
                    Set.copyOf(rc.routes().stream().map(Route::prefix).toList()));
        }
        LocatorCluster.await("q2 member 4 holds a routed /b write", () -> value(cluster.node(4), "/b/routed-4", true)
                .equals("b"));
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

    /** Writes under {@code prefix} through {@code c} until one succeeds; the ms from {@code startNanos} until then. */
    private static long firstWrite(HavenClient c, String prefix, long startNanos) {
        int[] n = {0};
        try {
            LocatorCluster.await(
                    "a write under " + prefix + " after the q2 leader died", Duration.ofSeconds(30), () -> {
                        c.query(put(prefix + n[0]++, "v")).get(20, TimeUnit.SECONDS);
                        return true;
                    });
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CompletionException(e);
        }
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /**
     * One kill of q2's leader (the slowest step of this class, so it is done once) seen by two kinds of client at
     * once: one that leaves routing to the node it is connected to (which forwards), and one that routes itself. The
     * leader is frozen first so that a routed read and a routed write are on the wire, unanswered, when it dies.
     */
    @Test
    @Order(8)
    void forwardedAndRoutedRequestsReachTheNewLeaderSoonAfterAQuorumLeaderIsKilled() throws Exception {
        ClusterNode leader = cluster.byAddress(leaderOf("/b"));
        // Through node 0 or 1, which serve /a only, whichever is not the leader.
        ClusterNode through = leader == cluster.node(0) ? cluster.node(1) : cluster.node(0);
        HavenClient c = cluster.client(through);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (HavenClient rc = routingClient(through)) {
            rc.query(put("/b/warm", "w")).get(20, TimeUnit.SECONDS);
            assertEquals(leader.clientAddress(), rc.routes().get(0).leader());
            long start = System.nanoTime();
            leader.pause();
            CompletableFuture<DataResponse> read = rc.query(new DataRequest.KvGet("/b/warm"));
            CompletableFuture<DataResponse> write = rc.query(put("/b/in-flight", "x"));
            long forwardedMs;
            long routedMs;
            long newLeaderMs;
            long readMs;
            try {
                // The frozen leader's socket still takes the bytes; give the client's I/O thread time to write both
                // (nothing observable outside the client says it has).
                Thread.sleep(1000);
                leader.kill();
                CompletableFuture<Long> forwarded =
                        CompletableFuture.supplyAsync(() -> firstWrite(c, "/b/after-kill-", start), pool);
                CompletableFuture<Long> routed =
                        CompletableFuture.supplyAsync(() -> firstWrite(rc, "/b/routed-after-kill-", start), pool);

                HavenException lost = failure(assertThrowsExecution(() -> write.get(20, TimeUnit.SECONDS) != null));
                ConnectionException e = assertInstanceOf(ConnectionException.class, lost, lost.toString());
                assertTrue(e.sent(), "the write was on the wire: surfaced as maybe applied, not sent again");
                DataResponse r = read.get(30, TimeUnit.SECONDS);
                readMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                assertEquals(
                        "w", new String(((DataResult.KvResult) r.data()).kv().value(), StandardCharsets.UTF_8));
                assertTrue(
                        rc.routingStats().readsRetried() >= 1, rc.routingStats().toString());

                forwardedMs = forwarded.get(60, TimeUnit.SECONDS);
                routedMs = routed.get(60, TimeUnit.SECONDS);
                int[] n = {0};
                LocatorCluster.await(
                        "the routing client routes /b to the new q2 leader", Duration.ofSeconds(30), () -> {
                            rc.query(put("/b/routed-to-new-" + n[0]++, "v")).get(20, TimeUnit.SECONDS);
                            String now = leaderOf("/b");
                            return !now.equals(leader.clientAddress())
                                    && rc.routes().stream()
                                            .anyMatch(x -> x.prefix().equals("/b")
                                                    && x.leader().equals(now))
                                    && rc.routingStats().answersByAddress().containsKey(now);
                        });
                newLeaderMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            } finally {
                pool.shutdownNow();
                leader.start();
            }
            System.out.printf(
                    "after freezing and killing the q2 leader %s: first write forwarded through %s %d ms, routed read"
                            + " retried %d ms, first routed write %d ms, routed to the new leader %d ms; %s%n",
                    leader, through, forwardedMs, readMs, routedMs, newLeaderMs, rc.routingStats());
            // Election timeouts are 2-4 s from the freeze; allow detection, the directory (and the routes' expiry) and
            // a busy machine: on two cores shared with other builds elections alone took 9-10 s.
            assertTrue(forwardedMs < 15_000, "forwarded writes resumed only after " + forwardedMs + " ms");
            assertTrue(routedMs < 15_000, "routed writes resumed only after " + routedMs + " ms");
            assertTrue(newLeaderMs < 20_000, "the new leader was routed to only after " + newLeaderMs + " ms");
        }
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

    /**
     * The locator leader leaves: the other members elect a new one, and every node's agent, including the leaver's
     * own (connected to its own node, which is no locator any more), moves to a member. An agent used to relay through
     * the leaver to the leaver's agent and back to the leaver, so DISCOVER timed out and no directory record was
     * written for as long as the cluster ran.
     */
    @Test
    @Order(11)
    void theLocatorLeaderLeavesTheLocationServiceAndEveryNodeFindsTheRemainingMembers() throws Exception {
        ClusterNode leaver = cluster.byAddress(
                cluster.discover(cluster.node(3), DiscoverType.LOCATION, "").location());
        Response.ControlReply r = cluster.client(leaver)
                .leave(io.haven.protocol.message.Role.LOCATOR)
                .get(120, TimeUnit.SECONDS);
        assertEquals(201, r.status());
        assertTrue(!r.roles().contains("locator"), "roles after leave: " + r.roles());
        for (ClusterNode asked : List.of(cluster.node(4), cluster.node(3), leaver)) {
            LocatorCluster.await(
                    "node " + asked.index() + " to list two locators without " + leaver, Duration.ofSeconds(30), () -> {
                        Response.DiscoverReply l = cluster.discover(asked, DiscoverType.LOCATION, "");
                        return l.locations().size() == 2
                                && l.locations().get(0).leader()
                                && l.locations().stream()
                                        .noneMatch(x -> x.uuid().equals(leaver.uuid()));
                    });
        }
        // The leaver's record is written through its agent again: the directory shows it without the role.
        LocatorCluster.await("the directory to show " + leaver + " without the locator role", () -> {
            Response.DiscoverReply u = cluster.discover(cluster.node(4), DiscoverType.UUID, leaver.uuid());
            return u.locations().size() == 1 && !u.locations().get(0).roles().contains("locator");
        });
    }

    @Test
    @Order(12)
    void aKeyUnderALongerPrefixThatAnotherQuorumServesIsNotTakenByTheLocalQuorumOfAShorterOne() throws Exception {
        // q3 serves /a/deep, under q1's /a: node 0 is a member of q1 only, so /a/deep keys must leave it.
        cluster.becomeQuorum("q3", List.of("/a/deep"), List.of(cluster.node(2), cluster.node(3), cluster.node(4)));
        ClusterNode q1Member = cluster.node(0);
        LocatorCluster.await("the directory names q3 for /a/deep", Duration.ofSeconds(60), () -> cluster.discover(
                        q1Member, DiscoverType.QUORUM, "/a/deep/x")
                .quorum()
                .equals("q3"));
        // Node 0 refreshes what lies under its /a within a second; probes show when it has.
        int[] probe = {0};
        LocatorCluster.await("a /a/deep write through node 0 lands in q3", Duration.ofSeconds(30), () -> {
            String key = "/a/deep/probe-" + probe[0]++;
            query(q1Member, put(key, "p"), Consistency.LINEARIZABLE, false);
            return value(cluster.node(3), key, true).equals("p");
        });
        query(q1Member, put("/a/deep/real", "r"), Consistency.LINEARIZABLE, false);
        LocatorCluster.await("q3 member node 4 holds /a/deep/real", () -> value(cluster.node(4), "/a/deep/real", true)
                .equals("r"));
        DataResult.KvPage q1Keys = (DataResult.KvPage)
                query(cluster.node(1), new DataRequest.KvList("/a/", "", 1000), Consistency.LINEARIZABLE, false)
                        .data();
        List<String> keys = q1Keys.kvs().stream().map(kv -> kv.key()).toList();
        assertTrue(keys.contains("/a/from-1"), "q1's own keys are listed: " + keys);
        assertTrue(!keys.contains("/a/deep/real"), "q1 took a key q3 serves: " + keys);
    }
}
