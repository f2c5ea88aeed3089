package io.haven.client;

import static io.haven.client.Outcomes.failure;
import static io.haven.client.Outcomes.value;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Client-side routing against fake nodes on real sockets: one answers DISCOVER, the others DATA. */
class RoutingTest {
    private static final DataRequest GET = new DataRequest.KvGet("/b/1");
    private static final DataRequest PUT = new DataRequest.KvPut("/b/1", new byte[] {1}, "", DataRequest.NO_VERSION);

    /** Answers every DATA query with an empty result. */
    private static boolean serve(TestNode.Exchange e) {
        if (e.request() instanceof Request.Query q) {
            e.reply(new Response.QueryReply(
                    e.reqId(), DataResponse.of(q.data().kind(), 200, DataResult.Empty.INSTANCE)));
            return true;
        }
        return false;
    }

    /** Answers DISCOVER quorum: {@code prefix} is served by the members, the first leading. */
    private static TestNode.Script directory(String prefix, String... members) {
        return e -> {
            if (e.request() instanceof Request.Discover) {
                List<Response.Location> locations = new ArrayList<>();
                for (int i = 0; i < members.length; i++) {
                    locations.add(new Response.Location("n" + i, members[i], List.of("quorum"), i == 0));
                }
                e.reply(new Response.DiscoverReply(e.reqId(), members[0], locations, "q2", prefix));
                return true;
            }
            return false;
        };
    }

    private static TestNode.Script notMine(String location) {
        return e -> {
            if (e.request() instanceof Request.Query) {
                e.reply(new Response.Failure(
                        e.reqId(), Action.QUERY, 421, HavenError.notMine("served elsewhere", location, "/b/1")));
                return true;
            }
            return false;
        };
    }

    /** Closes the connection on the first {@code n} queries (after reading them), then serves. */
    private static TestNode.Script dropFirst(int n) {
        AtomicInteger seen = new AtomicInteger();
        return e -> {
            if (e.request() instanceof Request.Query && seen.incrementAndGet() <= n) {
                e.channel().close();
                return true;
            }
            return serve(e);
        };
    }

    private static ClientOptions routed(TestNode home) {
        return home.options().withRouting(true).withDefaultDeadline(Duration.ofSeconds(5));
    }

    /** An address where nothing listens: a port just bound and released. */
    private static String deadAddress() {
        try (TestNode gone = new TestNode()) {
            return gone.address();
        }
    }

    @Test
    void pathsUnderADiscoveredPrefixGoStraightToItsLeaderWithRedirectsAskedAfterOneDiscover() throws Exception {
        try (TestNode leader = new TestNode().script(RoutingTest::serve);
                TestNode home = new TestNode();
                HavenClient client = value(HavenClient.connect(routed(home)))) {
            home.script(directory("/b", leader.address()));
            for (String key : List.of("/b/1", "/b/2", "/b/deep/3")) {
                value(client.query(new DataRequest.KvGet(key)));
            }
            assertEquals(1, home.seen(Request.Discover.class).size());
            assertEquals(0, home.seen(Request.Query.class).size());
            List<Request.Query> sent = leader.seen(Request.Query.class);
            assertEquals(3, sent.size());
            assertTrue(sent.stream().allMatch(Request.Query::redirect), "routed queries ask for redirects");
            assertEquals("/b", client.routes().get(0).prefix());
            assertEquals(Map.of(leader.address(), 3L), client.routingStats().answersByAddress());
        }
    }

    @Test
    void aPathOutsideEveryCachedPrefixIsDiscoveredAgain() throws Exception {
        try (TestNode leader = new TestNode().script(RoutingTest::serve);
                TestNode home = new TestNode();
                HavenClient client = value(HavenClient.connect(routed(home)))) {
            home.script(directory("/b", leader.address()));
            value(client.query(new DataRequest.KvGet("/b/1")));
            value(client.query(new DataRequest.KvGet("/c/1")));
            assertEquals(2, home.seen(Request.Discover.class).size());
        }
    }

    @Test
    void aPathUnderAPrefixTheAnswerExcludesIsDiscoveredOnItsOwn() throws Exception {
        try (TestNode root = new TestNode().script(RoutingTest::serve);
                TestNode apps = new TestNode().script(RoutingTest::serve);
                TestNode home = new TestNode().script(e -> {
                    if (e.request() instanceof Request.Discover d) {
                        boolean underApps = d.path().startsWith("/apps/b");
                        String at = underApps ? apps.address() : root.address();
                        e.reply(new Response.DiscoverReply(
                                e.reqId(),
                                at,
                                List.of(new Response.Location("n", at, List.of("quorum"), true)),
                                underApps ? "apps" : "root",
                                underApps ? "/apps/b" : "/",
                                underApps ? List.of() : List.of("/apps/b")));
                        return true;
                    }
                    return false;
                });
                HavenClient client = value(HavenClient.connect(routed(home)))) {
            value(client.query(new DataRequest.KvGet("/x")));
            value(client.query(new DataRequest.KvGet("/apps/b/1")));
            value(client.query(new DataRequest.KvGet("/apps/a/1")));
            assertEquals(2, home.seen(Request.Discover.class).size());
            assertEquals(2, root.seen(Request.Query.class).size());
            assertEquals(1, apps.seen(Request.Query.class).size());
        }
    }

    @Test
    void aNodeWithoutLocationServiceGetsTheRequestsItselfAndIsNotAskedAgainForAWhile() throws Exception {
        try (TestNode home = new TestNode().script(e -> {
                    if (e.request() instanceof Request.Discover) {
                        e.reply(new Response.Failure(
                                e.reqId(),
                                Action.DISCOVER,
                                503,
                                HavenError.of(ErrorCode.UNAVAILABLE, "no location service")));
                        return true;
                    }
                    return serve(e);
                });
                HavenClient client = value(HavenClient.connect(routed(home)))) {
            value(client.query(GET));
            value(client.query(PUT));
            assertEquals(1, home.seen(Request.Discover.class).size());
            List<Request.Query> sent = home.seen(Request.Query.class);
            assertEquals(2, sent.size());
            assertTrue(sent.stream().noneMatch(Request.Query::redirect), "the node may forward them itself");
            assertEquals(2, client.routingStats().fallbacks());
        }
    }

    @Test
    void theAnswerOfANodeWithoutLocationServiceIsFinalEvenForAReadAnsweredUnavailable() throws Exception {
        try (TestNode home = new TestNode().script(e -> {
                    if (e.request() instanceof Request.Connect) {
                        return false;
                    }
                    e.reply(new Response.Failure(
                            e.reqId(),
                            e.request().action(),
                            503,
                            HavenError.of(ErrorCode.UNAVAILABLE, "no quorum here")));
                    return true;
                });
                HavenClient client = value(HavenClient.connect(routed(home)))) {
            assertEquals(503, failure(client.query(GET)).status());
            assertEquals(1, home.seen(Request.Query.class).size());
        }
    }

    @Test
    void anOldNodesAnswerWithoutPrefixIsKeptForThatPathOnly() throws Exception {
        try (TestNode leader = new TestNode().script(RoutingTest::serve);
                TestNode home = new TestNode();
                HavenClient client = value(HavenClient.connect(routed(home)))) {
            home.script(directory("", leader.address()));
            value(client.query(new DataRequest.KvGet("/b/1")));
            value(client.query(new DataRequest.KvGet("/b/1")));
            value(client.query(new DataRequest.KvGet("/b/2")));
            assertEquals(2, home.seen(Request.Discover.class).size());
            assertTrue(client.routes().stream().allMatch(Route::exact));
        }
    }

    @Test
    void notMineNamingAnotherMemberMakesItTheLeaderAndTheRequestIsSentThere() throws Exception {
        try (TestNode newLeader = new TestNode().script(RoutingTest::serve);
                TestNode oldLeader = new TestNode().script(notMine(newLeader.address()));
                TestNode home = new TestNode();
                HavenClient client = value(HavenClient.connect(routed(home)))) {
            home.script(directory("/b", oldLeader.address(), newLeader.address()));
            value(client.query(PUT));
            value(client.query(PUT));
            assertEquals(1, oldLeader.seen(Request.Query.class).size());
            assertEquals(2, newLeader.seen(Request.Query.class).size());
            assertEquals(1, home.seen(Request.Discover.class).size());
            assertEquals(newLeader.address(), client.routes().get(0).leader());
            assertEquals(1, client.routingStats().notMineFollowed());
        }
    }

    @Test
    void notMineIsFollowedAtMostThreeHopsThenItIsTheAnswer() throws Exception {
        try (TestNode a = new TestNode();
                TestNode b = new TestNode().script(notMine(a.address()));
                TestNode home = new TestNode();
                HavenClient client = value(HavenClient.connect(routed(home)))) {
            a.script(notMine(b.address()));
            home.script(directory("/b", a.address(), b.address()));
            assertEquals(ErrorCode.NOT_MINE, failure(client.query(PUT)).code());
            int sent = a.seen(Request.Query.class).size()
                    + b.seen(Request.Query.class).size();
            assertEquals(1 + 3, sent);
        }
    }

    @Test
    void aWriteForALeaderThatRefusesConnectionsGoesToTheNextMember() throws Exception {
        String dead = deadAddress();
        try (TestNode member = new TestNode().script(RoutingTest::serve);
                TestNode home = new TestNode();
                HavenClient client = value(HavenClient.connect(routed(home)))) {
            home.script(directory("/b", dead, member.address()));
            assertEquals(200, value(client.query(PUT)).status());
            assertEquals(1, member.seen(Request.Query.class).size());
            assertEquals(1, client.routingStats().resentUnsent());
            assertEquals(member.address(), client.routes().get(0).leader(), "the dead leader is tried last");
        }
    }

    @Test
    void aReadWhoseConnectionIsLostAfterSendingIsSentAgain() throws Exception {
        try (TestNode leader = new TestNode().script(dropFirst(1));
                TestNode home = new TestNode();
                HavenClient client = value(HavenClient.connect(routed(home)))) {
            home.script(directory("/b", leader.address()));
            assertEquals(200, value(client.query(GET)).status());
            assertEquals(2, leader.seen(Request.Query.class).size());
            assertEquals(1, client.routingStats().readsRetried());
            assertEquals(2, home.seen(Request.Discover.class).size(), "the route is asked for again");
        }
    }

    @Test
    void aWriteWhoseConnectionIsLostAfterSendingFailsWithoutBeingSentAgain() throws Exception {
        try (TestNode leader = new TestNode().script(dropFirst(1));
                TestNode home = new TestNode();
                HavenClient client = value(HavenClient.connect(routed(home)))) {
            home.script(directory("/b", leader.address()));
            ConnectionException e = assertInstanceOf(ConnectionException.class, failure(client.query(PUT)));
            assertTrue(e.sent(), "the caller learns that the write may have been applied");
            assertEquals(ErrorCode.UNAVAILABLE, e.code());
            assertEquals(1, leader.seen(Request.Query.class).size());
        }
    }

    @Test
    void aReadAnsweredUnavailableIsRetriedAndAWriteIsNot() throws Exception {
        AtomicInteger queries = new AtomicInteger();
        try (TestNode leader = new TestNode().script(e -> {
                    if (e.request() instanceof Request.Query && queries.incrementAndGet() % 2 == 1) {
                        e.reply(new Response.Failure(
                                e.reqId(), Action.QUERY, 503, HavenError.of(ErrorCode.UNAVAILABLE, "no leader")));
                        return true;
                    }
                    return serve(e);
                });
                TestNode home = new TestNode();
                HavenClient client = value(HavenClient.connect(routed(home)))) {
            home.script(directory("/b", leader.address()));
            assertEquals(200, value(client.query(GET)).status());
            assertEquals(2, queries.get());
            assertEquals(503, failure(client.query(PUT)).status());
            assertEquals(3, queries.get());
        }
    }

    @Test
    void watchesStayOnTheConnectedNodeWithoutDiscover() throws Exception {
        try (TestNode home = new TestNode().script(RoutingTest::serve);
                HavenClient client = value(HavenClient.connect(routed(home)))) {
            value(client.query(new DataRequest.WatchAdd("/b", 0, false)));
            assertEquals(0, home.seen(Request.Discover.class).size());
            assertFalse(home.seen(Request.Query.class).get(0).redirect());
        }
    }

    @Test
    void withoutRoutingNoDiscoverIsSent() throws Exception {
        try (TestNode home = new TestNode().script(RoutingTest::serve);
                HavenClient client = value(HavenClient.connect(home.options()))) {
            value(client.query(GET));
            assertEquals(0, home.seen(Request.Discover.class).size());
            assertEquals(RoutingStats.NONE, client.routingStats());
        }
    }
}
