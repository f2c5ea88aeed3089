package io.haven.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.TaskState;
import io.haven.protocol.message.Consistency;
import io.haven.quorum.internal.BoundaryAwareRpc;
import io.haven.quorum.internal.QuorumHandle;
import io.haven.storage.StoreOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** In-process Raft nodes on loopback: the quorum glue end to end, without havend. */
class QuorumTest {
    @TempDir
    Path dir;

    private final List<RaftNode> nodes = new ArrayList<>();

    @AfterEach
    void stop() throws IOException {
        for (RaftNode n : nodes) {
            n.close();
        }
    }

    private RaftNode node(String id) throws IOException {
        return node(id, freePort());
    }

    private RaftNode node(String id, int port) throws IOException {
        return node(
                QuorumConfig.builder(dir.resolve(id), "127.0.0.1", port)
                        .log(100, 32 * 1024)
                        .build(),
                id);
    }

    private RaftNode node(QuorumConfig c, String id) throws IOException {
        RaftNode n = new RaftNode(id, () -> "127.0.0.1:1", c, StoreOptions.defaults(), QuorumListener.NONE);
        n.start();
        nodes.add(n);
        return n;
    }

    /** Peers named {@code prefix0}, {@code prefix1}, ... on the given loopback ports. */
    private static List<Peer> peersOn(String prefix, int[] ports) {
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            peers.add(new Peer(prefix + i, "127.0.0.1:" + ports[i], ""));
        }
        return peers;
    }

    /** Three started nodes named {@code prefix0..2} on free loopback ports, and the peers that name them. */
    private record Trio(List<Peer> peers, List<RaftNode> nodes) {
        RaftNode node(int i) {
            return nodes.get(i);
        }

        /** The member of {@code quorum} that leads it now. */
        RaftNode leader(String quorum) {
            return nodes.stream()
                    .filter(n -> n.quorum(quorum).map(Quorum::isLeader).orElse(false))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no leader of " + quorum));
        }

        /** A member of {@code quorum} that does not lead it. */
        RaftNode follower(String quorum) {
            RaftNode leader = leader(quorum);
            return nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
        }
    }

    /**
     * Writes {@code id} through the current leader of {@code quorum} and waits until {@code member} has applied it and
     * serves it from its own state.
     */
    private static void assertServesNewWrites(Trio t, String quorum, Quorum member, String id, String who)
            throws Exception {
        Quorum leader = t.leader(quorum).quorum(quorum).orElseThrow();
        assertEquals(
                201, await(leader.query(create(id), Consistency.LINEARIZABLE)).status());
        long written = applied(leader);
        waitFor(() -> applied(member) >= written, who + " to apply " + id);
        assertEquals(
                200,
                await(member.query(new DataRequest.PromiseGet(id), Consistency.SERIALIZABLE))
                        .status());
    }

    private Trio trio(String prefix) throws IOException {
        int[] ports = {freePort(), freePort(), freePort()};
        List<RaftNode> started = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            started.add(node(prefix + i, ports[i]));
        }
        return new Trio(peersOn(prefix, ports), List.copyOf(started));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static DataRequest create(String id) {
        return new DataRequest.PromiseCreate(id, Payload.of(id.getBytes()), Long.MAX_VALUE / 2, Map.of());
    }

    private static DataResponse await(CompletableFuture<DataResponse> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    private static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(50);
        }
    }

    @Test
    void aSingleMemberQuorumAppliesWritesAndServesBothReadKinds() throws Exception {
        Quorum q = node("n1").create("main", List.of(), List.of("/"));
        DataResponse created = await(q.query(create("/p/1"), Consistency.LINEARIZABLE));
        assertEquals(201, created.status());
        DataResponse again = await(q.query(create("/p/1"), Consistency.LINEARIZABLE));
        assertEquals(200, again.status());
        for (Consistency c : Consistency.values()) {
            DataResponse got = await(q.query(new DataRequest.PromiseGet("/p/1"), c));
            DataResult.PromiseResult p = assertInstanceOf(DataResult.PromiseResult.class, got.data());
            assertEquals(PromiseState.PENDING, p.promise().state());
        }
        assertEquals(1, ((QuorumHandle) q).reads().rounds(), "the linearizable read took one ReadIndex round");
        assertEquals(0, ((QuorumHandle) q).reads().slowReads(), "and no Raft read request of its own");
    }

    @Test
    void theLeadersTicksExpireALeaseThatNobodyRenews() throws Exception {
        Quorum q = node("n1").create("main", List.of(), List.of("/"));
        DataRequest.PromiseCreate promise =
                new DataRequest.PromiseCreate("/t/1", Payload.EMPTY, System.currentTimeMillis() + 600_000, Map.of());
        DataResponse created =
                await(q.query(new DataRequest.TaskCreate("pid-1", 500, promise), Consistency.LINEARIZABLE));
        DataResult.TaskPromiseResult acquired = assertInstanceOf(DataResult.TaskPromiseResult.class, created.data());
        assertEquals(TaskState.ACQUIRED, acquired.task().state());
        waitFor(
                () -> {
                    try {
                        DataResponse got = await(q.query(new DataRequest.TaskGet("/t/1"), Consistency.LINEARIZABLE));
                        return ((DataResult.TaskResult) got.data()).task().state() == TaskState.PENDING;
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                },
                "the lease to expire on a tick");
        DataResponse got = await(q.query(new DataRequest.TaskGet("/t/1"), Consistency.SERIALIZABLE));
        assertEquals(1, ((DataResult.TaskResult) got.data()).task().version(), "a lost lease bumps the version");
    }

    @Test
    void concurrentWritesAreBatchedAndEachCallerGetsItsOwnAnswer() throws Exception {
        Quorum q = node("n1").create("main", List.of(), List.of("/"));
        List<CompletableFuture<DataResponse>> all = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            all.add(q.query(create("/b/" + i), Consistency.LINEARIZABLE));
        }
        for (int i = 0; i < all.size(); i++) {
            DataResult.PromiseResult p = assertInstanceOf(
                    DataResult.PromiseResult.class, await(all.get(i)).data());
            assertEquals("/b/" + i, p.promise().id());
        }
        assertTrue(
                q.status().appliedIndex() < 2000,
                "2000 writes took " + q.status().appliedIndex() + " entries");
    }

    @Test
    void aCommandThatFailsInABatchFailsAloneWithItsOwnError() throws Exception {
        Quorum q = node("n1").create("main", List.of(), List.of("/"));
        await(q.query(create("/f/taken"), Consistency.LINEARIZABLE));
        List<CompletableFuture<DataResponse>> all = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            // Every tenth settles a promise that does not exist: 404 for it alone, the others are created.
            DataRequest r = i % 10 == 0
                    ? new DataRequest.PromiseSettle("/f/missing-" + i, PromiseState.RESOLVED, Payload.EMPTY)
                    : create("/f/" + i);
            all.add(q.query(r, Consistency.LINEARIZABLE));
        }
        for (int i = 0; i < all.size(); i++) {
            if (i % 10 == 0) {
                int index = i;
                HavenException e = assertThrows(HavenException.class, () -> unwrap(all.get(index)));
                assertEquals(404, e.status(), e.toString());
                assertEquals(List.of("/f/missing-" + i), e.error().items());
            } else {
                assertEquals(201, await(all.get(i)).status());
            }
        }
    }

    @Test
    void aQuorumSurvivesItsLeaderAndARestartedMemberCatchesUpFromACheckpoint() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        String[] ids = {"a", "b", "c"};
        List<Peer> peers = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            peers.add(new Peer(ids[i], "127.0.0.1:" + ports[i], ""));
        }
        RaftNode a = node("a", ports[0]);
        RaftNode b = node("b", ports[1]);
        RaftNode c = node("c", ports[2]);
        Quorum qa = a.create("q1", peers, List.of("/"));
        waitFor(
                () -> b.quorums().stream().anyMatch(q -> q.name().equals("q1"))
                        && b.paths("q1").equals(List.of("/")),
                "b, added by a, to learn the quorum's name and paths from the log");
        assertTrue(BoundaryAwareRpc.appendersMade() >= 2, "the leader's appenders are Haven's (BoundaryAwareRpc)");
        for (int i = 0; i < 300; i++) {
            await(qa.query(create("/x/" + i), Consistency.LINEARIZABLE));
        }
        // Stop c, write past the snapshot threshold so the log c needs is purged, then bring c back.
        nodes.remove(c);
        c.close();
        for (int i = 300; i < 1500; i++) {
            assertEquals(
                    201,
                    await(qa.query(create("/x/" + i), Consistency.LINEARIZABLE)).status());
        }
        RaftNode c2 = node("c", ports[2]);
        Quorum qc = c2.quorum("q1").orElseThrow();
        long target = applied(qa);
        waitFor(() -> applied(qc) >= target, "c to catch up");
        DataResponse read = await(qc.query(new DataRequest.PromiseGet("/x/1499"), Consistency.SERIALIZABLE));
        assertEquals(200, read.status());
        assertTrue(
                ((QuorumHandle) qc).stateMachine().installedSnapshots() >= 1,
                "c caught up by installing the leader's checkpoint");

        // Kill the leader: the other two elect a new one and keep every acknowledged write.
        RaftNode leader = List.of(a, b, c2).stream()
                .filter(n -> n.quorum("q1").map(Quorum::isLeader).orElse(false))
                .findFirst()
                .orElseThrow();
        nodes.remove(leader);
        leader.close();
        RaftNode survivor =
                List.of(a, b, c2).stream().filter(n -> n != leader).findFirst().orElseThrow();
        Quorum qs = survivor.quorum("q1").orElseThrow();
        assertEquals(
                201,
                await(qs.query(create("/x/after"), Consistency.LINEARIZABLE)).status());
        for (int i = 0; i < 1500; i += 97) {
            assertEquals(
                    200,
                    await(qs.query(new DataRequest.PromiseGet("/x/" + i), Consistency.LINEARIZABLE))
                            .status());
        }
        // A follower's linearizable reads wait for its own replica to reach the leader's read index.
        Quorum follower = List.of(a, b, c2).stream()
                .filter(n -> n != leader)
                .map(n -> n.quorum("q1").orElseThrow())
                .filter(q -> !q.isLeader())
                .findFirst()
                .orElseThrow();
        long slowBefore = ((QuorumHandle) follower).reads().slowReads();
        DataResponse written = await(qs.query(create("/x/latest"), Consistency.LINEARIZABLE));
        assertEquals(201, written.status());
        assertEquals(
                200,
                await(follower.query(new DataRequest.PromiseGet("/x/latest"), Consistency.LINEARIZABLE))
                        .status());
        assertEquals(
                slowBefore,
                ((QuorumHandle) follower).reads().slowReads(),
                "the follower's read took a barrier of its own");
    }

    @Test
    void aQuorumThatLostItsMajorityFailsWritesFastInsteadOfHanging() throws Exception {
        Trio t = trio("m");
        RaftNode m1 = t.node(1);
        RaftNode m2 = t.node(2);
        Quorum q0 = t.node(0).create("q2", t.peers(), List.of("/"));
        assertEquals(
                201, await(q0.query(create("/y/1"), Consistency.LINEARIZABLE)).status());
        nodes.remove(m1);
        m1.close();
        assertEquals(
                201, await(q0.query(create("/y/2"), Consistency.LINEARIZABLE)).status(), "one of three down");
        nodes.remove(m2);
        m2.close();
        // Every write now fails with UNAVAILABLE within its budget: none hangs, none succeeds.
        for (int i = 0; i < 3; i++) {
            long start = System.nanoTime();
            HavenException e = assertThrows(
                    HavenException.class, () -> unwrap(q0.query(create("/y/3"), Consistency.LINEARIZABLE, 3000)));
            long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals(ErrorCode.UNAVAILABLE, e.code(), e.getMessage());
            assertTrue(tookMs < 3500, "answered in " + tookMs + " ms, budget 3000 ms");
        }
    }

    /**
     * A leave that failed halfway, or a removal that could not delete its directory, leaves the group's Raft
     * directory behind; Ratis refuses to format over it, so joining again used to fail after every retry.
     */
    @Test
    void aMemberThatLeftRejoinsOverTheRaftDirectoryItsLeaveLeftBehind() throws Exception {
        Trio t = trio("r");
        List<Peer> peers = t.peers();
        RaftNode r2 = t.node(2);
        Quorum q0 = t.node(0).create("q3", peers, List.of("/"));
        assertEquals(
                201, await(q0.query(create("/z/1"), Consistency.LINEARIZABLE)).status());
        // The leader ticks every 500 ms, so compare with its applied index once, not with one that keeps moving.
        long first = applied(q0);
        waitFor(() -> r2.quorum("q3").map(q -> applied(q) >= first).orElse(false), "r2 to apply /z/1");

        r2.leave("q3", false);
        assertTrue(r2.quorum("q3").isEmpty(), "r2 left");
        Path stale = dir.resolve("r2")
                .resolve("raft")
                .resolve(RaftNode.groupId("q3").getUuid().toString())
                .resolve("current");
        java.nio.file.Files.createDirectories(stale);
        java.nio.file.Files.writeString(stale.resolve("raft-meta"), "term=1\n");

        Quorum q2 = r2.join("q3", peers.subList(0, 2), List.of("/"));
        assertServesNewWrites(t, "q3", q2, "/z/2", "r2, joined again,");
        assertEquals(3, q2.status().members().size(), "r2 is a member again");
    }

    /**
     * When adding a group on a joining node failed once after Ratis had formatted its Raft directory (here: the
     * quorum's store fails to open, as one still locked would), every retry was refused for that directory and the
     * join failed, with the store of the failed attempt left open. A join now cleans up after a failed attempt and
     * tries again.
     */
    @Test
    void aJoinWhoseFirstGroupStartFailsCleansUpAndJoins() throws Exception {
        Trio t = trio("s");
        RaftNode s2 = t.node(2);
        Quorum q0 = t.node(0).create("q5", t.peers(), List.of("/"));
        assertEquals(
                201, await(q0.query(create("/l/1"), Consistency.LINEARIZABLE)).status());
        s2.leave("q5", false);

        s2.faults().failStoreOpens(1);
        Quorum back = s2.join("q5", t.peers().subList(0, 2), List.of("/"));
        assertEquals(0, s2.faults().storeOpenFailuresLeft(), "the first attempt met the injected failure");
        assertServesNewWrites(t, "q5", back, "/l/2", "s2, joined again,");
        assertEquals(3, back.status().members().size(), "s2 is a member again");
    }

    /**
     * Bootstrapping adds the group on every peer over gRPC. When the start failed on a peer after Ratis had formatted
     * the group's directory there, every retry was refused for that directory and the bootstrap failed. Now a later
     * attempt recovers over the directory, and the peer drops the store the failed start left open.
     */
    @Test
    void aBootstrapWhoseGroupStartFailsOnAPeerTriesAgainAndForms() throws Exception {
        Trio t = trio("b");
        RaftNode b1 = t.node(1);
        b1.faults().failStoreOpens(1);
        Quorum q0 = t.node(0).create("q8", t.peers(), List.of("/"));
        assertEquals(0, b1.faults().storeOpenFailuresLeft(), "the first start on b1 met the injected failure");
        assertEquals(
                201, await(q0.query(create("/b/1"), Consistency.LINEARIZABLE)).status());
        Quorum leader = t.leader("q8").quorum("q8").orElseThrow();
        long written = applied(leader);
        waitFor(
                () -> b1.quorum("q8").map(q -> applied(q) >= written).orElse(false),
                "b1 to apply /b/1 once it learned the quorum's name");
    }

    /**
     * Ratis closes a division, and leaves it closed, when its log worker fails (FAULTS.md finding 2: pipelined
     * appends reaching a follower's log with a gap); the member was lost until its process restarted. Here a
     * follower's division is closed the way the log worker does it, and the node must restart it from its log and
     * catch up with a write made meanwhile.
     */
    @Test
    void aMemberWhoseDivisionRatisClosedOnAFailureIsRestartedAndCatchesUp() throws Exception {
        Trio t = trio("f");
        Quorum q0 = t.node(0).create("q6", t.peers(), List.of("/"));
        assertEquals(
                201, await(q0.query(create("/f/1"), Consistency.LINEARIZABLE)).status());
        RaftNode follower = t.follower("q6");
        Quorum leader = t.leader("q6").quorum("q6").orElseThrow();
        Quorum failed = follower.quorum("q6").orElseThrow();
        long first = applied(leader);
        waitFor(() -> applied(failed) >= first, "the follower to apply /f/1");

        follower.division("q6").close();
        assertServesNewWrites(t, "q6", failed, "/f/2", "the closed member, restarted,");
        assertEquals(1, follower.revivals("q6"), "restarted once");
    }

    /**
     * Once one of a follower's log appends failed, Ratis failed every later one too (its appends are chained), and
     * the member stayed behind with its division up (FAULTS.md finding 2, session 3). Here one append fails on a
     * follower (a test seam in QuorumStateMachine), and the node must see that its log stopped behind the leader's
     * commit, restart the division from its log, and catch up.
     */
    @Test
    void aFollowerWhoseLogAppendsFailForGoodIsRestartedAndCatchesUp() throws Exception {
        Trio t = trio("g");
        Quorum q0 = t.node(0).create("q7", t.peers(), List.of("/"));
        assertEquals(
                201, await(q0.query(create("/g/1"), Consistency.LINEARIZABLE)).status());
        RaftNode follower = t.follower("q7");
        Quorum leader = t.leader("q7").quorum("q7").orElseThrow();
        Quorum stuck = follower.quorum("q7").orElseThrow();
        long first = applied(leader);
        waitFor(() -> applied(stuck) >= first, "the follower to apply /g/1");

        follower.faults().failAppends(1);
        assertServesNewWrites(t, "q7", stuck, "/g/2", "the stuck member, restarted,");
        assertEquals(0, follower.faults().appendFailuresLeft(), "the follower's append of /g/2 failed");
        assertEquals(1, follower.revivals("q7"), "restarted once");
    }

    /**
     * A ReadIndex round asks the leader's appenders for a heartbeat; when appends were in flight, or one was about to
     * leave, that heartbeat could not confirm the round, which then waited for the next entry or the periodic
     * heartbeat (see BoundaryAwareRpc). Here heartbeats are 3 s apart and the leader ticks every 5 s, so such a read
     * takes a second or more; every read must take far less.
     */
    @Test
    void linearizableReadsAmongWritesDoNotWaitForThePeriodicHeartbeat() throws Exception {
        int[] ports = {freePort(), freePort(), freePort()};
        List<Peer> peers = peersOn("h", ports);
        List<RaftNode> members = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            members.add(node(
                    QuorumConfig.builder(dir.resolve("h" + i), "127.0.0.1", ports[i])
                            .electionTimeout(Duration.ofSeconds(6), Duration.ofSeconds(8))
                            .tickInterval(Duration.ofSeconds(5))
                            .build(),
                    "h" + i));
        }
        Quorum q0 = members.get(0).create("q4", peers, List.of("/"));
        assertEquals(
                201, await(q0.query(create("/r/0"), Consistency.LINEARIZABLE)).status());
        Quorum leader = members.stream()
                .map(n -> n.quorum("q4").orElseThrow())
                .filter(Quorum::isLeader)
                .findFirst()
                .orElseThrow();
        // Sixteen clients, each a closed loop of nine reads to one write (a read-mostly load), for 3,000 requests.
        java.util.concurrent.atomic.AtomicLong slowestMs = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong reads = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.atomic.AtomicLong slow = new java.util.concurrent.atomic.AtomicLong();
        java.util.concurrent.ExecutorService clients = java.util.concurrent.Executors.newFixedThreadPool(16);
        List<java.util.concurrent.Future<?>> running = new ArrayList<>();
        for (int c = 0; c < 16; c++) {
            int client = c;
            running.add(clients.submit(() -> {
                for (int i = 0; i < 190; i++) {
                    if (i % 10 == client % 10) {
                        await(leader.query(create("/w/" + client + "-" + i), Consistency.LINEARIZABLE));
                        writes.incrementAndGet();
                        continue;
                    }
                    long start = System.nanoTime();
                    DataResponse got =
                            await(leader.query(new DataRequest.PromiseGet("/r/0"), Consistency.LINEARIZABLE));
                    assertEquals(200, got.status());
                    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                    slowestMs.accumulateAndGet(tookMs, Math::max);
                    if (tookMs > 100) {
                        slow.incrementAndGet();
                    }
                    reads.incrementAndGet();
                }
                return null;
            }));
        }
        try {
            for (java.util.concurrent.Future<?> f : running) {
                f.get(180, TimeUnit.SECONDS);
            }
        } finally {
            clients.shutdownNow();
        }
        System.out.printf(
                "%d reads among %d writes; %d took over 100 ms, the slowest %d ms%n",
                reads.get(), writes.get(), slow.get(), slowestMs.get());
        assertTrue(reads.get() > 100, "only " + reads.get() + " reads");
        assertTrue(
                slowestMs.get() < 1500,
                "the slowest of " + reads.get() + " reads took " + slowestMs.get() + " ms; heartbeats are 3 s apart");
    }

    private static DataResponse unwrap(CompletableFuture<DataResponse> f) {
        try {
            return f.get(30, TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof HavenException h) {
                throw h;
            }
            throw new AssertionError(e);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static long applied(Quorum q) {
        try {
            return q.status().appliedIndex();
        } catch (IOException e) {
            return -1;
        }
    }
}
