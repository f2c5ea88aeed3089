package io.haven.quorum.internal;

import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Consistency;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The read path of one quorum on this node: a serializable read is answered from the local replica at once; a
 * linearizable one waits for the next grouped ReadIndex round ({@link ReadBarrier}) on this member's own Raft server
 * (leader or follower alike), and goes through its own Raft read request when no round can be had. Thread-safe.
 */
final class ReadPath {
    /** How long a ReadIndex round may wait before this leader asks its appenders for a heartbeat again. */
    private static final long NUDGE_MS = 25;

    /** A read of nothing: the state machine answers it empty once the replica caught up with the read index. */
    private static final Message BARRIER =
            Message.valueOf(ByteString.copyFrom(Entry.read(new byte[0]).encode(false)));

    private final QuorumHandle quorum;
    private final RaftClient client;
    private final ScheduledExecutorService scheduler;
    private final ReadBarrier reads;

    ReadPath(QuorumHandle quorum, RaftClient client, ScheduledExecutorService scheduler, ExecutorService readers) {
        this.quorum = quorum;
        this.client = client;
        this.scheduler = scheduler;
        this.reads = new ReadBarrier(
                this::barrier, this::readLocally, this::readThroughClient, QuorumHandle.orInline(readers));
    }

    CompletableFuture<DataResponse> read(DataRequest request, Consistency consistency) {
        if (consistency == Consistency.SERIALIZABLE) {
            try {
                return CompletableFuture.completedFuture(quorum.stateMachine().readLocal(request));
            } catch (IOException e) {
                return CompletableFuture.failedFuture(quorum.unavailable(e));
            } catch (RuntimeException e) {
                return CompletableFuture.failedFuture(e);
            }
        }
        return reads.read(request);
    }

    /** The grouped linearizable reads of this member, for tests. */
    ReadBarrier barriers() {
        return reads;
    }

    /** One linearizable read through its own Raft read request: the way when no barrier can be had. */
    private CompletableFuture<DataResponse> readThroughClient(DataRequest request) {
        byte[] command = MessageCodec.encode(request);
        Message read = Message.valueOf(ByteString.copyFrom(Entry.read(command).encode(false)));
        return client.async().sendReadOnlyUnordered(read).handle((reply, error) -> {
            if (error != null) {
                throw quorum.unavailable(error);
            }
            quorum.checkReply(reply);
            return QuorumHandle.toResponse(reply.getMessage().getContent().toByteArray());
        });
    }

    private DataResponse readLocally(DataRequest request) {
        try {
            return quorum.stateMachine().readLocal(request);
        } catch (IOException e) {
            throw quorum.unavailable(e);
        }
    }

    /** A ReadIndex round on this member's own Raft server (see {@link ReadBarrier}); leader or follower alike. */
    private CompletableFuture<Void> barrier() {
        QuorumStateMachine sm;
        try {
            sm = quorum.stateMachine();
        } catch (IOException e) {
            return CompletableFuture.failedFuture(e);
        }
        RaftClientRequest request =
                quorum.localRequest(sm, quorum.nextCallId(), BARRIER, RaftClientRequest.readRequestType());
        CompletableFuture<RaftClientReply> round = quorum.submitLocally(request);
        nudgeWhileWaiting(round);
        return round.thenApply(reply -> {
            if (!reply.isSuccess()) {
                throw quorum.unavailable(reply.getException());
            }
            return null;
        });
    }

    /**
     * While a ReadIndex round on this leader waits, asks the appenders for a heartbeat every {@value #NUDGE_MS} ms, so
     * that a round never waits for the periodic heartbeat (see {@link BoundaryAwareRpc#nudge}). A follower's round is
     * a request to its leader and needs nothing.
     */
    private void nudgeWhileWaiting(CompletableFuture<RaftClientReply> round) {
        if (round.isDone() || !quorum.isLeader()) {
            return;
        }
        try {
            scheduler.schedule(
                    () -> {
                        if (!round.isDone()) {
                            BoundaryAwareRpc.nudge(quorum.memberId());
                            nudgeWhileWaiting(round);
                        }
                        return null;
                    },
                    NUDGE_MS,
                    TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // The node is closing; the round ends with it.
        }
    }
}
