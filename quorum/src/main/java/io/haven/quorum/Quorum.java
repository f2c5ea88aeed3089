package io.haven.quorum;

import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.ServerMessage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * This node's handle on one quorum it is a member of: submits writes (batched into Raft entries), serves reads
 * (linearizable through the leader's ReadIndex, or serializable from the local replica) and reports status. A write
 * or linearizable read that reaches a follower is forwarded to the leader by the Raft client.
 *
 * <p>Thread-safe; every method may be called from any thread and none blocks.
 */
public final class Quorum implements AutoCloseable {
    private final String name;
    private final RaftGroupId groupId;
    private final RaftServer server;
    private final RaftClient client;
    private final Batcher batcher;
    private final long electionTimeoutMaxMs;

    /**
     * Runs the blocking sends of write batches, one thread per entry in flight. Ratis' blocking API retries each
     * request on its own; its ordered async API fails every pending request for good once one exhausts its retries
     * (as across a leader loss), which a long-lived node cannot afford.
     */
    private final ExecutorService senders;

    /** Answers grouped linearizable reads from the local replica (see {@link ReadBarrier}). */
    private final ExecutorService readers;

    private final ReadBarrier reads;

    private final AtomicLong callIds = new AtomicLong();

    /** Runs the short availability probes of requests waiting for a leader (shared with the node's ticker). */
    private final ScheduledExecutorService scheduler;

    Quorum(
            String name,
            RaftGroupId groupId,
            RaftServer server,
            RaftClient client,
            QuorumConfig config,
            ScheduledExecutorService scheduler) {
        this.scheduler = scheduler;
        this.name = name;
        this.groupId = groupId;
        this.server = server;
        this.client = client;
        this.electionTimeoutMaxMs = config.electionTimeoutMax().toMillis();
        this.senders = Executors.newFixedThreadPool(config.batchMaxInflight(), r -> {
            Thread t = new Thread(r, "haven-send-" + name);
            t.setDaemon(true);
            return t;
        });
        this.readers = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "haven-read-" + name);
            t.setDaemon(true);
            return t;
        });
        this.reads = new ReadBarrier(this::readBarrier, this::readLocally, this::readThroughClient, orInline(readers));
        this.batcher = new Batcher(
                config.batchMaxCommands(), config.batchMaxBytes(), config.batchMaxInflight(), this::sendBatch);
    }

    public String name() {
        return name;
    }

    RaftGroupId groupId() {
        return groupId;
    }

    /** The quorum's Raft group uuid: the key {@link QuorumListener} reports its changes under. */
    public String id() {
        return groupId.getUuid().toString();
    }

    /** The revision of this replica's last applied change. */
    public long revision() throws IOException {
        return stateMachine().changeRange()[1];
    }

    /** The oldest revision this replica's change log still holds. */
    public long oldestRevision() throws IOException {
        return stateMachine().changeRange()[0];
    }

    /** Up to {@code limit} changes of this replica with revision {@code >= fromRev}, in order. */
    public List<io.haven.protocol.data.Change> changesSince(long fromRev, int limit) throws IOException {
        return stateMachine().changesSince(fromRev, limit);
    }

    RaftClient client() {
        return client;
    }

    /** Answers within {@link #DEFAULT_BUDGET_MS}: {@link #query(DataRequest, Consistency, long)}. */
    public CompletableFuture<DataResponse> query(DataRequest request, Consistency consistency) {
        return query(request, consistency, DEFAULT_BUDGET_MS);
    }

    /** How long a request without a deadline may take before it answers UNAVAILABLE. */
    public static final long DEFAULT_BUDGET_MS = 15_000;

    /**
     * Applies a DATA request: writes go through the log, reads per {@code consistency}, and the answer comes within
     * {@code budgetMs}. While this member sees no working leader (an election is under way, or the leader has lost
     * touch with a majority) a write or linearizable read waits for one; if none appears, or the quorum does not
     * answer in time, it fails with UNAVAILABLE. It never hangs on a quorum that cannot commit. (A write that timed
     * out this way may still be applied later: its outcome is unknown, and the message says so.)
     */
    public CompletableFuture<DataResponse> query(DataRequest request, Consistency consistency, long budgetMs) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, budgetMs));
        CompletableFuture<DataResponse> answer;
        if (request.kind().isWrite() || consistency == Consistency.LINEARIZABLE) {
            try {
                checkAvailable();
                answer = submit(request, consistency);
            } catch (HavenException e) {
                if (budgetMs <= 0) {
                    return CompletableFuture.failedFuture(e);
                }
                answer = whenAvailable(end).thenCompose(ready -> submit(request, consistency));
            }
        } else {
            return submit(request, consistency);
        }
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
        return answer.orTimeout(left, TimeUnit.MILLISECONDS).exceptionally(error -> {
            Throwable cause =
                    error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (cause instanceof TimeoutException) {
                throw HavenException.unavailable(
                        "quorum " + name + " did not answer within " + budgetMs + " ms"
                                + (request.kind().isWrite() ? "; the write may still be applied" : ""),
                        name);
            }
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }

    /** Completes when {@link #checkAvailable()} passes, or fails with its error once {@code endNanos} is reached. */
    private CompletableFuture<Void> whenAvailable(long endNanos) {
        CompletableFuture<Void> ready = new CompletableFuture<>();
        Runnable[] probe = new Runnable[1];
        probe[0] = () -> {
            try {
                checkAvailable();
                ready.complete(null);
            } catch (HavenException e) {
                if (System.nanoTime() >= endNanos) {
                    ready.completeExceptionally(e);
                } else {
                    scheduler.schedule(probe[0], 50, TimeUnit.MILLISECONDS);
                }
            } catch (RuntimeException e) {
                ready.completeExceptionally(e);
            }
        };
        scheduler.schedule(probe[0], 50, TimeUnit.MILLISECONDS);
        return ready;
    }

    private CompletableFuture<DataResponse> submit(DataRequest request, Consistency consistency) {
        if (request.kind().isWrite()) {
            return batcher.submit(MessageCodec.encode(request)).thenApply(Answer::get);
        }
        if (consistency == Consistency.SERIALIZABLE) {
            try {
                return CompletableFuture.completedFuture(stateMachine().readLocal(request));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(unavailable(e));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return reads.read(request);
    }

    /** One linearizable read through its own Raft read request: the way when no barrier can be had. */
    private CompletableFuture<DataResponse> readThroughClient(DataRequest request) {
        byte[] command = MessageCodec.encode(request);
        Message read = Message.valueOf(ByteString.copyFrom(Entry.read(command).encode(false)));
        return client.async().sendReadOnlyUnordered(read).handle((reply, error) -> {
            if (error != null) {
                throw unavailable(error);
            }
            checkReply(reply);
            return toResponse(reply.getMessage().getContent().toByteArray());
        });
    }

    /**
     * Appends a tick entry (the leader does this periodically so timeouts and leases expire), and another at once
     * while the store's sweep reports due items left over. The tick announces the quorum's name and {@code paths} to
     * the members; with no paths (the leader was not told them) it announces nothing.
     */
    CompletableFuture<Void> tick(List<String> paths) {
        String announced = name.equals(id()) || paths.isEmpty() ? "" : name;
        Message m =
                Message.valueOf(ByteString.copyFrom(Entry.tick(announced, paths).encode(false)));
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        for (int round = 0; round < MAX_TICK_ROUNDS; round++) {
                            RaftClientReply reply = client.io().send(m);
                            checkReply(reply);
                            ByteString more = reply.getMessage().getContent();
                            if (more.isEmpty() || more.byteAt(0) == 0) {
                                return;
                            }
                        }
                    } catch (IOException e) {
                        throw unavailable(e);
                    }
                },
                senders);
    }

    /**
     * {@code pool}, or the completing thread once the pool is shut down: Ratis completes the replies of entries still
     * pending when this quorum is closed (a member that left answers them NotLeader), and a rejected continuation
     * would throw into Ratis' own thread instead of failing the callers.
     */
    private static Executor orInline(ExecutorService pool) {
        return task -> {
            try {
                pool.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
    }

    /** Ticks in a row at most while a backlog of due items drains (each expires up to the sweep limit). */
    private static final int MAX_TICK_ROUNDS = 16;

    private CompletableFuture<List<Answer>> sendBatch(List<byte[]> commands) {
        Message m = Message.valueOf(ByteString.copyFrom(Entry.batch(commands).encode(false)));
        try {
            return isLeader() ? sendLocally(m) : sendThroughClient(m);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(
                    HavenException.unavailable("this node is no longer a member of quorum " + name, name));
        }
    }

    /**
     * On the leader an entry is handed to this node's own Raft server, with no RPC to itself: the reply comes when
     * the entry is applied. A leader not ready yet hands it to the client path, which waits for one.
     */
    private CompletableFuture<List<Answer>> sendLocally(Message m) {
        QuorumStateMachine sm;
        try {
            sm = stateMachine();
        } catch (IOException e) {
            return sendThroughClient(m);
        }
        long callId = callIds.incrementAndGet();
        CompletableFuture<List<Answer>> answers = sm.expectLocal(callId);
        RaftClientRequest request = localRequest(sm, callId, m, RaftClientRequest.writeRequestType());
        // Submitted from a sender thread, never the caller's (a Netty event loop); the reply completes on Ratis'
        // apply thread, so it is decoded and the callers answered on a sender thread too.
        return CompletableFuture.supplyAsync(() -> submitLocally(request), senders)
                .thenCompose(f -> f)
                .handleAsync(
                        (reply, error) -> {
                            if (error == null && reply.isSuccess() && answers.isDone()) {
                                return answers;
                            }
                            sm.forgetLocal(callId);
                            if (error == null && reply.isSuccess()) {
                                // Applied, but not by this state machine (it was replaced by a checkpoint install
                                // meanwhile): the answers are lost, the write is done.
                                return CompletableFuture.<List<Answer>>failedFuture(HavenException.unavailable(
                                        "quorum " + name + " applied the write but lost its answer", name));
                            }
                            if (error == null && reply.getLeaderNotReadyException() != null) {
                                // Refused before it was appended (a new leader's first entry is not committed yet):
                                // the client path waits for readiness and retries.
                                return sendThroughClient(m);
                            }
                            // Anything else may come after the entry was appended (a leader that steps down answers
                            // its pending entries NotLeader, and the next leader may still commit them): resending
                            // under another call id could apply the batch twice, so its outcome is unknown.
                            Throwable why = error != null ? error : reply.getException();
                            return CompletableFuture.<List<Answer>>failedFuture(HavenException.unavailable(
                                    "quorum " + name + " lost its leader while writing; the write may still be"
                                            + " applied (" + unavailable(why).getMessage() + ")",
                                    name));
                        },
                        orInline(senders))
                .thenCompose(f -> f);
    }

    /** A ReadIndex round on this member's own Raft server (see {@link ReadBarrier}); leader or follower alike. */
    private CompletableFuture<Void> readBarrier() {
        QuorumStateMachine sm;
        try {
            sm = stateMachine();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        RaftClientRequest request =
                localRequest(sm, callIds.incrementAndGet(), BARRIER, RaftClientRequest.readRequestType());
        CompletableFuture<RaftClientReply> round = submitLocally(request);
        nudgeWhileWaiting(round);
        return round.thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw unavailable(reply.getException());
            }
            return null;
        });
    }

    /** How long a ReadIndex round may wait before this leader asks its appenders for a heartbeat again. */
    private static final long NUDGE_MS = 25;

    /**
     * While a ReadIndex round on this leader waits, asks the appenders for a heartbeat every {@value #NUDGE_MS} ms, so
     * that a round never waits for the periodic heartbeat (see {@link BoundaryAwareRpc#nudge}). A follower's round is
     * a request to its leader and needs nothing.
     */
    private void nudgeWhileWaiting(CompletableFuture<RaftClientReply> round) {
        if (round.isDone() || !isLeader()) {
            return;
        }
        try {
            scheduler.schedule(
                    () -> {
                        if (!round.isDone()) {
                            BoundaryAwareRpc.nudge(server.getDivision(groupId).getMemberId());
                            nudgeWhileWaiting(round);
                        }
                        return null;
                    },
                    NUDGE_MS,
                    TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            // The node is closing; the round ends with it.
        }
    }

    /** A read of nothing: the state machine answers it empty once the replica caught up with the read index. */
    private static final Message BARRIER =
            Message.valueOf(ByteString.copyFrom(Entry.read(new byte[0]).encode(false)));

    /** A request of this member to its own Raft server, under the state machine's local client id. */
    private RaftClientRequest localRequest(
            QuorumStateMachine sm, long callId, Message message, RaftClientRequest.Type type) {
        return RaftClientRequest.newBuilder()
                .setClientId(sm.localClientId())
                .setServerId(server.getId())
                .setGroupId(groupId)
                .setCallId(callId)
                .setMessage(message)
                .setType(type)
                .build();
    }

    private CompletableFuture<RaftClientReply> submitLocally(RaftClientRequest request) {
        try {
            return server.submitClientRequestAsync(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    private CompletableFuture<List<Answer>> sendThroughClient(Message m) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        RaftClientReply reply = client.io().send(m);
                        checkReply(reply);
                        List<byte[]> replies = Entry.decodeReplies(
                                reply.getMessage().getContent().toByteArray());
                        List<Answer> answers = new ArrayList<>(replies.size());
                        for (byte[] r : replies) {
                            answers.add(answer(r));
                        }
                        return answers;
                    } catch (IOException e) {
                        throw unavailable(e);
                    }
                },
                senders);
    }

    private void checkReply(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw unavailable(reply.getException());
        }
    }

    private HavenException unavailable(Throwable error) {
        Throwable cause = error;
        while ((cause instanceof CompletionException) && cause.getCause() != null) {
            cause = cause.getCause();
        }
        if (cause instanceof HavenException h) {
            return h;
        }
        String why = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return HavenException.unavailable("quorum " + name + " is unavailable (" + why + ")", name);
    }

    private static Answer answer(byte[] reply) {
        try {
            return Answer.of(toResponse(reply));
        } catch (HavenException e) {
            return Answer.failed(e);
        }
    }

    static DataResponse toResponse(byte[] reply) {
        ServerMessage m = MessageCodec.decodeServerMessage(reply);
        if (m instanceof Response.QueryReply q) {
            return q.data();
        }
        if (m instanceof Response.Failure f) {
            throw new HavenException(f.error(), f.status());
        }
        throw new HavenException(HavenError.of(io.haven.protocol.ErrorCode.GENERIC, "unexpected reply " + m));
    }

    private DataResponse readLocally(DataRequest request) {
        try {
            return stateMachine().readLocal(request);
        } catch (IOException e) {
            throw unavailable(e);
        }
    }

    /** The grouped linearizable reads of this member, for tests. */
    ReadBarrier reads() {
        return reads;
    }

    QuorumStateMachine stateMachine() throws IOException {
        return (QuorumStateMachine) server.getDivision(groupId).getStateMachine();
    }

    public QuorumStatus status() throws IOException {
        try {
            return statusOf(server.getDivision(groupId));
        } catch (IllegalStateException | NullPointerException e) {
            // The division is starting (the node restarted it, or it is being added) or closing: Ratis answers
            // "uninitialized" or has no role yet.
            throw new IOException("quorum " + name + " is not running on this node now: " + e.getMessage(), e);
        }
    }

    private QuorumStatus statusOf(RaftServer.Division d) {
        RaftConfiguration conf = d.getRaftConf();
        List<Peer> voters = new ArrayList<>();
        conf.getAllPeers(RaftPeerRole.FOLLOWER).forEach(p -> voters.add(Peer.of(p)));
        List<Peer> learners = new ArrayList<>();
        conf.getAllPeers(RaftPeerRole.LISTENER).forEach(p -> learners.add(Peer.of(p)));
        RaftPeerId leader = d.getInfo().getLeaderId();
        QuorumStateMachine sm = (QuorumStateMachine) d.getStateMachine();
        return new QuorumStatus(
                name,
                d.getInfo().getCurrentRole().name(),
                leader == null ? "" : leader.toString(),
                voters,
                learners,
                d.getInfo().getCurrentTerm(),
                d.getRaftLog().getLastCommittedIndex(),
                d.getInfo().getLastAppliedIndex(),
                sm.revision(),
                d.getInfo().isLeader() && d.getInfo().isLeaderReady());
    }

    /**
     * Fails with UNAVAILABLE when this member knows the quorum cannot commit now: it is electing, it has heard
     * nothing from its leader for longer than an election timeout, or (as leader) fewer than a majority of voters
     * answered it within that time.
     */
    void checkAvailable() {
        long now = System.nanoTime();
        if (now - availableAtNanos < AVAILABLE_REUSE_NANOS) {
            return;
        }
        checkAvailableNow();
        availableAtNanos = now;
    }

    /**
     * A passed check is reused this long: the role info it reads is built afresh on every call, too dear for every
     * request at thousands a second, and a quorum that lost its majority is found a few ms later either way.
     */
    private static final long AVAILABLE_REUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    /** When {@link #checkAvailable} last passed; a check older than {@link #AVAILABLE_REUSE_NANOS} runs again. */
    private volatile long availableAtNanos = System.nanoTime() - AVAILABLE_REUSE_NANOS;

    private void checkAvailableNow() {
        RaftServer.Division d;
        try {
            d = server.getDivision(groupId);
        } catch (IOException e) {
            throw unavailable(e);
        }
        RaftProtos.RoleInfoProto role = d.getInfo().getRoleInfoProto();
        long limit = electionTimeoutMaxMs;
        switch (role.getRole()) {
            case LEADER -> {
                int voters = d.getRaftConf().getCurrentPeers().size();
                int heard = 1;
                for (RaftProtos.ServerRpcProto f : role.getLeaderInfo().getFollowerInfoList()) {
                    boolean voter = d.getRaftConf().getCurrentPeers().stream()
                            .anyMatch(p ->
                                    p.getId().toByteString().equals(f.getId().getId()));
                    if (voter && f.getLastRpcElapsedTimeMs() <= limit) {
                        heard++;
                    }
                }
                if (heard * 2 <= voters) {
                    throw HavenException.unavailable(
                            "quorum " + name + " has no majority: its leader hears from " + heard + " of " + voters
                                    + " members",
                            name);
                }
            }
            case FOLLOWER, LISTENER -> {
                if (d.getInfo().getLeaderId() == null
                        || role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs() > limit) {
                    throw HavenException.unavailable("quorum " + name + " has no leader right now", name);
                }
            }
            default -> throw HavenException.unavailable("quorum " + name + " is electing a leader", name);
        }
    }

    /** Whether this member is the leader and has committed an entry of its term (so it can serve). */
    public boolean isReady() {
        try {
            RaftServer.Division d = server.getDivision(groupId);
            return d.getInfo().isLeader() && d.getInfo().isLeaderReady();
        } catch (IOException e) {
            return false;
        }
    }

    boolean isLeader() {
        try {
            return server.getDivision(groupId).getInfo().isLeader();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() throws IOException {
        senders.shutdownNow();
        readers.shutdownNow();
        client.close();
    }
}
