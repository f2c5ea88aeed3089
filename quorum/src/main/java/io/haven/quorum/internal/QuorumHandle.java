package io.haven.quorum.internal;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.Failures;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.ServerMessage;
import io.haven.quorum.Peer;
import io.haven.quorum.Quorum;
import io.haven.quorum.QuorumConfig;
import io.haven.quorum.QuorumStatus;
import io.haven.quorum.SafetyStatus;
import io.haven.storage.Chain;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftConfiguration;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * This node's {@link Quorum}: one group on its Raft server, with its {@link WritePath}, {@link ReadPath} and {@link
 * Availability}. A write or linearizable read that finds the quorum unavailable waits for it within its budget.
 *
 * <p>Threads: writes are sent from {@code haven-send-<name>} (one per entry in flight), grouped reads answered on
 * {@code haven-read-<name>}, and availability probes and ReadIndex nudges run on the node's shared quorum timer.
 * Thread-safe; no method blocks.
 */
public final class QuorumHandle implements Quorum {
    private final String name;
    private final RaftGroupId groupId;
    private final RaftServer server;
    private final RaftClient client;
    private final ExecutorService senders;
    private final ExecutorService readers;
    private final WritePath writes;
    private final ReadPath reads;
    private final Availability availability;
    private final AtomicLong callIds = new AtomicLong();

    /**
     * @param timer runs availability probes and ReadIndex nudges (shared by every quorum of the node, never by its
     *     leader ticker)
     */
    public QuorumHandle(
            String name,
            RaftGroupId groupId,
            RaftServer server,
            RaftClient client,
            QuorumConfig config,
            ScheduledExecutorService timer) {
        this.name = name;
        this.groupId = groupId;
        this.server = server;
        this.client = client;
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
        this.writes = new WritePath(
                this, client, senders, config.batchMaxCommands(), config.batchMaxBytes(), config.batchMaxInflight());
        this.reads = new ReadPath(this, client, timer, readers);
        this.availability = new Availability(
                name, groupId, server, config.electionTimeoutMax().toMillis(), timer, this::unavailable);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String id() {
        return groupId.getUuid().toString();
    }

    public RaftGroupId groupId() {
        return groupId;
    }

    RaftGroupMemberId memberId() throws IOException {
        return server.getDivision(groupId).getMemberId();
    }

    public RaftClient client() {
        return client;
    }

    @Override
    public long revision() throws IOException {
        return stateMachine().changeRange()[1];
    }

    @Override
    public long oldestRevision() throws IOException {
        return stateMachine().changeRange()[0];
    }

    @Override
    public List<Change> changesSince(long fromRev, int limit) throws IOException {
        return stateMachine().changesSince(fromRev, limit);
    }

    @Override
    public CompletableFuture<DataResponse> query(DataRequest request, Consistency consistency, long budgetMs) {
        boolean write = request.kind().isWrite();
        if (!write && consistency == Consistency.SERIALIZABLE) {
            return reads.read(request, consistency);
        }
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, budgetMs));
        CompletableFuture<DataResponse> answer;
        try {
            availability.check();
            answer = submit(request, consistency);
        } catch (HavenException e) {
            if (budgetMs <= 0) {
                return CompletableFuture.failedFuture(e);
            }
            answer = availability.whenAvailable(end).thenCompose(ready -> submit(request, consistency));
        }
        long left = Math.max(1, TimeUnit.NANOSECONDS.toMillis(end - System.nanoTime()));
        return answer.orTimeout(left, TimeUnit.MILLISECONDS).exceptionally(error -> {
            Throwable cause = Failures.cause(error);
            if (cause instanceof TimeoutException) {
                throw HavenException.unavailable(
                        "quorum " + name + " did not answer within " + budgetMs + " ms"
                                + (write ? "; the write may still be applied" : ""),
                        name);
            }
            throw cause instanceof RuntimeException r ? r : new CompletionException(cause);
        });
    }

    private CompletableFuture<DataResponse> submit(DataRequest request, Consistency consistency) {
        return request.kind().isWrite() ? writes.write(request) : reads.read(request, consistency);
    }

    /**
     * Appends a tick entry (the leader does this periodically so timeouts and leases expire), and another at once
     * while the store's sweep reports due items left over. The tick announces the quorum's name and {@code paths} to
     * the members (none when the leader was not told them), and carries the leader's hash chain for the members to
     * compare with theirs.
     */
    public CompletableFuture<Void> tick(List<String> paths) {
        String announced = name.equals(id()) || paths.isEmpty() ? "" : name;
        return writes.tick(() -> {
            Optional<Chain> check;
            try {
                check = stateMachine().chain();
            } catch (IOException e) {
                check = Optional.empty();
            }
            return Message.valueOf(
                    ByteString.copyFrom(Entry.tick(announced, paths, check).encode(false)));
        });
    }

    long nextCallId() {
        return callIds.incrementAndGet();
    }

    /** A request of this member to its own Raft server, under the state machine's local client id. */
    RaftClientRequest localRequest(QuorumStateMachine sm, long callId, Message message, RaftClientRequest.Type type) {
        return RaftClientRequest.newBuilder()
                .setClientId(sm.localClientId())
                .setServerId(server.getId())
                .setGroupId(groupId)
                .setCallId(callId)
                .setMessage(message)
                .setType(type)
                .build();
    }

    CompletableFuture<RaftClientReply> submitLocally(RaftClientRequest request) {
        try {
            return server.submitClientRequestAsync(request);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    void checkReply(RaftClientReply reply) {
        if (!reply.isSuccess()) {
            throw unavailable(reply.getException());
        }
    }

    /** {@code error} as the UNAVAILABLE this quorum answers (a HavenException inside it is kept as it is). */
    HavenException unavailable(Throwable error) {
        Throwable cause = Failures.cause(error);
        if (cause instanceof HavenException h) {
            return h;
        }
        String why = cause == null ? "unknown" : cause.getClass().getSimpleName() + ": " + cause.getMessage();
        return HavenException.unavailable("quorum " + name + " is unavailable (" + why + ")", name);
    }

    /**
     * {@code pool}, or the completing thread once the pool is shut down: Ratis completes the replies of entries still
     * pending when this quorum is closed (a member that left answers them NotLeader), and a rejected continuation
     * would throw into Ratis' own thread instead of failing the callers.
     */
    static Executor orInline(ExecutorService pool) {
        return task -> {
            try {
                pool.execute(task);
            } catch (RejectedExecutionException e) {
                task.run();
            }
        };
    }

    static DataResponse toResponse(byte[] reply) {
        ServerMessage m = MessageCodec.decodeServerMessage(reply);
        if (m instanceof Response.QueryReply q) {
            return q.data();
        }
        if (m instanceof Response.Failure f) {
            throw new HavenException(f.error(), f.status());
        }
        throw new HavenException(HavenError.of(ErrorCode.GENERIC, "unexpected reply " + m));
    }

    /** The grouped linearizable reads of this member, for tests. */
    public ReadBarrier reads() {
        return reads.barriers();
    }

    public QuorumStateMachine stateMachine() throws IOException {
        return (QuorumStateMachine) server.getDivision(groupId).getStateMachine();
    }

    @Override
    public SafetyStatus safety() throws IOException {
        return stateMachine().safety().status();
    }

    @Override
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

    /** Fails with UNAVAILABLE when this member knows the quorum cannot commit now (see {@link Availability}). */
    public void checkAvailable() {
        availability.check();
    }

    @Override
    public boolean isReady() {
        try {
            RaftServer.Division d = server.getDivision(groupId);
            return d.getInfo().isLeader() && d.getInfo().isLeaderReady();
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public boolean isLeader() {
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
