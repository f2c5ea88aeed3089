package io.haven.quorum.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.quorum.QuorumConfig;
import io.haven.quorum.QuorumListener;
import io.haven.storage.StoreOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.proto.RaftProtos.AppendEntriesReplyProto;
import org.apache.ratis.proto.RaftProtos.AppendEntriesRequestProto;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.proto.RaftProtos.RaftGroupIdProto;
import org.apache.ratis.proto.RaftProtos.RaftRpcRequestProto;
import org.apache.ratis.proto.RaftProtos.StateMachineLogEntryProto;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.raftlog.LogProtoUtils;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FAULTS.md finding 5, deterministically: one Ratis server as the follower of a three-member group, driven with
 * hand-built append requests from two leaders, with its log flush gated by a fault point. No election, no timing
 * luck: each step waits for the reply it needs.
 *
 * <pre>
 * L1 (term 1)  append 0..3 (t1: -, k=a, k=b, k=c), commit 1     follower applies 1 (k=a); 2..3 flushed, uncommitted
 *              -- the follower's flushes are gated from here --
 * L1 (term 1)  append 4 (t1: k=d)                               queued at the gated flush
 * L2 (term 2)  append 2..4 (t2: k=X, k=Y, k=Z) after (t1,1)     queued behind it: truncates 2..4 when it runs
 * L2 (term 2)  heartbeat, previous (t2,3), commit 3
 * </pre>
 *
 * (Entry 0 is a metadata entry, as Ratis' own first entry is not the state machine's.) Ratis 3.2.2 answers the
 * heartbeat at once: its previous entry is found among the queued ones, so the follower commits up to 3, bounded by
 * its flush index (3), and applies entries 2 and 3 from its log cache, where they are still L1's uncommitted k=b and
 * k=c; the queued append then truncates them. The store ends with k=c, a value no leader committed, and the
 * detector counts a truncation below the applied index. Through {@link AppendGuard} the heartbeat's commit is
 * cleared, L2's append waits for L1's, and the follower applies L2's entries only.
 */
class FollowerAppendSafetyTest {
    private static final RaftPeerId SELF = RaftPeerId.valueOf("follower");
    private static final RaftPeerId L1 = RaftPeerId.valueOf("leader1");
    private static final RaftPeerId L2 = RaftPeerId.valueOf("leader2");
    private static final RaftGroupId GROUP = QuorumCatalog.groupId("safety");

    @TempDir
    Path dir;

    private RaftServer server;
    private QuorumStateMachine machine;
    private final FaultPoints faults = new FaultPoints();
    private long callId;

    @AfterEach
    void stop() throws IOException {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void ratisAloneCommitsAndAppliesTheDeposedLeadersEntriesAHeartbeatNamesOnlyAsQueued() throws Exception {
        start();
        AppendEntriesReplyProto heartbeat = deposeWithEntriesQueued(this::raw);

        assertEquals(3, heartbeat.getFollowerCommit(), "the heartbeat committed over the queued entries");
        await(() -> machine.getLastAppliedTermIndex().getIndex() == 3, "entries 2 and 3 applied");
        assertEquals(TermIndex.valueOf(1, 3), machine.getLastAppliedTermIndex(), "applied from the old term");
        assertEquals("c", value(), "the store holds L1's uncommitted k=c");

        openGateAndAwait(this::raw).get(20, TimeUnit.SECONDS);
        assertEquals(1, machine.safety().status().truncatedApplied(), "the detector saw the truncation");
    }

    @Test
    void throughTheGuardTheFollowerAppliesTheNewLeadersEntriesOnly() throws Exception {
        start();
        AppendGuard guard = new AppendGuard(server);
        AppendEntriesReplyProto heartbeat = deposeWithEntriesQueued(guard::appendEntriesAsync);

        assertEquals(1, heartbeat.getFollowerCommit(), "the heartbeat committed nothing new");
        assertEquals(1, guard.clearedCommits());
        assertEquals(1, guard.heldBack(), "L2's append waited for L1's");
        assertEquals(TermIndex.valueOf(1, 1), machine.getLastAppliedTermIndex());

        openGateAndAwait(guard::appendEntriesAsync).get(20, TimeUnit.SECONDS);
        AppendEntriesReplyProto commit = guard.appendEntriesAsync(heartbeat(L2, 2, TermIndex.valueOf(2, 4), 4))
                .get(20, TimeUnit.SECONDS);

        assertEquals(4, commit.getFollowerCommit());
        await(() -> machine.getLastAppliedTermIndex().getIndex() == 4, "L2's entries applied");
        assertEquals(TermIndex.valueOf(2, 4), machine.getLastAppliedTermIndex());
        assertEquals("Z", value());
        assertEquals(0, machine.safety().status().truncatedApplied());
    }

    @Test
    void ratisAloneAnswersAnAppendThatStartsWhereAQueuedOneStartsWithoutAppendingIt() throws Exception {
        start();
        CompletableFuture<Void> gate = firstTermFlushedThenGated(this::raw);
        CompletableFuture<AppendEntriesReplyProto> old = raw(append(L1, 1, TermIndex.valueOf(1, 3), 1, 4, "d"));
        CompletableFuture<AppendEntriesReplyProto> resent = raw(append(L2, 2, TermIndex.valueOf(1, 3), 1, 4, "Y", "Z"));
        gate.complete(null);
        old.get(20, TimeUnit.SECONDS);
        AppendEntriesReplyProto reply = resent.get(20, TimeUnit.SECONDS);

        assertEquals(AppendEntriesReplyProto.AppendResult.SUCCESS, reply.getResult());
        assertEquals(5, reply.getMatchIndex(), "the leader is told the follower holds entry 5");
        assertEquals(TermIndex.valueOf(1, 4), log().getLastEntryTermIndex(), "but it holds only L1's entry 4");
    }

    @Test
    void throughTheGuardAnAppendThatStartsWhereAQueuedOneStartsIsAppendedAfterIt() throws Exception {
        start();
        AppendGuard guard = new AppendGuard(server);
        CompletableFuture<Void> gate = firstTermFlushedThenGated(guard::appendEntriesAsync);
        CompletableFuture<AppendEntriesReplyProto> old =
                guard.appendEntriesAsync(append(L1, 1, TermIndex.valueOf(1, 3), 1, 4, "d"));
        CompletableFuture<AppendEntriesReplyProto> resent =
                guard.appendEntriesAsync(append(L2, 2, TermIndex.valueOf(1, 3), 1, 4, "Y", "Z"));
        gate.complete(null);
        old.get(20, TimeUnit.SECONDS);
        AppendEntriesReplyProto reply = resent.get(20, TimeUnit.SECONDS);

        assertEquals(AppendEntriesReplyProto.AppendResult.SUCCESS, reply.getResult());
        assertEquals(5, reply.getMatchIndex());
        assertEquals(TermIndex.valueOf(2, 5), log().getLastEntryTermIndex(), "L2's entries replaced L1's");
        assertEquals(TermIndex.valueOf(2, 4), log().getTermIndex(4));
    }

    /** How a test hands a request to the follower: to Ratis itself, or through the guard. */
    private interface Follower {
        CompletableFuture<AppendEntriesReplyProto> append(AppendEntriesRequestProto request) throws IOException;
    }

    private CompletableFuture<AppendEntriesReplyProto> raw(AppendEntriesRequestProto request) throws IOException {
        return server.appendEntriesAsync(request);
    }

    /** L1's term-1 entries 0..3 appended and flushed, entry 1 committed and applied; then flushes are gated. */
    private CompletableFuture<Void> firstTermFlushedThenGated(Follower follower) throws Exception {
        List<LogEntryProto> entries = new ArrayList<>();
        entries.add(LogProtoUtils.toLogEntryProto(-1, 1, 0));
        entries.addAll(append(L1, 1, null, 0, 1, "a", "b", "c").getEntriesList());
        AppendEntriesReplyProto first =
                follower.append(request(L1, 1, null, 1, entries)).get(20, TimeUnit.SECONDS);
        assertEquals(AppendEntriesReplyProto.AppendResult.SUCCESS, first.getResult());
        await(() -> machine.getLastAppliedTermIndex().getIndex() == 1, "entry 1 applied");
        assertEquals("a", value());
        return faults.gateFlushes();
    }

    private CompletableFuture<Void> gate;
    private CompletableFuture<AppendEntriesReplyProto> queuedOld;
    private CompletableFuture<AppendEntriesReplyProto> queuedNew;

    /** The steps of the class comment up to L2's heartbeat, whose reply is returned. */
    private AppendEntriesReplyProto deposeWithEntriesQueued(Follower follower) throws Exception {
        gate = firstTermFlushedThenGated(follower);
        queuedOld = follower.append(append(L1, 1, TermIndex.valueOf(1, 3), 1, 4, "d"));
        queuedNew = follower.append(append(L2, 2, TermIndex.valueOf(1, 1), 1, 2, "X", "Y", "Z"));
        return follower.append(heartbeat(L2, 2, TermIndex.valueOf(2, 3), 3)).get(20, TimeUnit.SECONDS);
    }

    /** Opens the flush gate; the returned future completes when both queued appends have been answered. */
    private CompletableFuture<Void> openGateAndAwait(Follower follower) throws Exception {
        gate.complete(null);
        queuedOld.get(20, TimeUnit.SECONDS);
        queuedNew.get(20, TimeUnit.SECONDS);
        return CompletableFuture.completedFuture(null);
    }

    private void start() throws IOException {
        machine = new QuorumStateMachine(
                "safety",
                dir.resolve("quorum"),
                StoreOptions.defaults(),
                QuorumListener.NONE,
                g -> {
                    throw new UnsupportedOperationException("no client in this test");
                },
                (name, paths) -> {},
                faults);
        RaftGroup group = RaftGroup.valueOf(GROUP, peer(SELF), peer(L1), peer(L2));
        server = RaftServer.newBuilder()
                .setServerId(SELF)
                .setGroup(group)
                .setStateMachine(machine)
                .setProperties(properties())
                .setOption(RaftStorage.StartupOption.FORMAT)
                .build();
        server.start();
    }

    /** Haven's Ratis settings, with elections so slow that this follower never stands for one. */
    private RaftProperties properties() throws IOException {
        QuorumConfig c = QuorumConfig.builder(dir.resolve("node"), "127.0.0.1", freePort())
                .electionTimeout(Duration.ofSeconds(300), Duration.ofSeconds(600))
                .build();
        return RatisProperties.of(c);
    }

    private static RaftPeer peer(RaftPeerId id) {
        return RaftPeer.newBuilder().setId(id).setAddress("127.0.0.1:1").build();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** An append from {@code leader} of entries {@code first, first+1, ...}, each a kv.put of /k. */
    private AppendEntriesRequestProto append(
            RaftPeerId leader, long term, TermIndex previous, long commit, long first, String... values) {
        List<LogEntryProto> entries = new ArrayList<>();
        for (int i = 0; i < values.length; i++) {
            entries.add(entry(term, first + i, values[i]));
        }
        return request(leader, term, previous, commit, entries);
    }

    private AppendEntriesRequestProto heartbeat(RaftPeerId leader, long term, TermIndex previous, long commit) {
        return request(leader, term, previous, commit, List.of());
    }

    private AppendEntriesRequestProto request(
            RaftPeerId leader, long term, TermIndex previous, long commit, List<LogEntryProto> entries) {
        RaftRpcRequestProto rpc = RaftRpcRequestProto.newBuilder()
                .setRequestorId(leader.toByteString())
                .setReplyId(SELF.toByteString())
                .setRaftGroupId(RaftGroupIdProto.newBuilder().setId(GROUP.toByteString()))
                .setCallId(++callId)
                .build();
        AppendEntriesRequestProto.Builder b = AppendEntriesRequestProto.newBuilder()
                .setServerRequest(rpc)
                .setLeaderTerm(term)
                .setLeaderCommit(commit)
                .setInitializing(false)
                .addAllEntries(entries);
        if (previous != null) {
            b.setPreviousLog(previous.toProto());
        }
        return b.build();
    }

    private static LogEntryProto entry(long term, long index, String value) {
        byte[] command = MessageCodec.encode(
                new DataRequest.KvPut("/k", value.getBytes(StandardCharsets.UTF_8), "", DataRequest.NO_VERSION));
        ByteString message = ByteString.copyFrom(Entry.batch(List.of(command)).encode(false));
        StateMachineLogEntryProto sm = StateMachineLogEntryProto.newBuilder()
                .setLogData(Entry.stamp(message, 1_000 + index))
                .setClientId(ClientId.randomId().toByteString())
                .setCallId(index)
                .build();
        return LogEntryProto.newBuilder()
                .setTerm(term)
                .setIndex(index)
                .setStateMachineLogEntry(sm)
                .build();
    }

    private String value() {
        DataResponse r = machine.readLocal(new DataRequest.KvGet("/k"));
        return new String(((DataResult.KvResult) r.data()).kv().value(), StandardCharsets.UTF_8);
    }

    private org.apache.ratis.server.raftlog.RaftLog log() throws IOException {
        return server.getDivision(GROUP).getRaftLog();
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting: " + what);
            }
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean());
    }
}
