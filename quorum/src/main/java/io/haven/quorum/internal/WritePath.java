package io.haven.quorum.internal;

import io.haven.protocol.HavenException;
import io.haven.protocol.codec.MessageCodec;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The write path of one quorum on this node: DATA writes are grouped into Raft entries by the {@link Batcher} and
 * each entry goes to the leader. On the leader it is handed to this node's own Raft server with no RPC to itself,
 * and its callers get their outcomes as objects from the apply thread ({@link QuorumStateMachine#expectLocal});
 * elsewhere it goes through the Raft client and the replies come back encoded.
 *
 * <p>The blocking sends run on {@code senders}, one thread per entry in flight: Ratis' blocking API retries each
 * request on its own, while its ordered async API fails every pending request for good once one exhausts its
 * retries (as across a leader loss), which a long-lived node cannot afford. Thread-safe.
 */
final class WritePath {
    private final QuorumHandle quorum;
    private final RaftClient client;
    private final ExecutorService senders;
    private final Batcher batcher;

    WritePath(
            QuorumHandle quorum,
            RaftClient client,
            ExecutorService senders,
            int maxCommands,
            int maxBytes,
            int maxInflight) {
        this.quorum = quorum;
        this.client = client;
        this.senders = senders;
        this.batcher = new Batcher(maxCommands, maxBytes, maxInflight, this::sendBatch);
    }

    CompletableFuture<DataResponse> write(DataRequest request) {
        return batcher.submit(MessageCodec.encode(request)).thenApply(Answer::get);
    }

    private CompletableFuture<List<Answer>> sendBatch(List<byte[]> commands) {
        Message m = Message.valueOf(ByteString.copyFrom(Entry.batch(commands).encode(false)));
        try {
            return quorum.isLeader() ? sendLocally(m) : sendThroughClient(m);
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(HavenException.unavailable(
                    "this node is no longer a member of quorum " + quorum.name(), quorum.name()));
        }
    }

    /**
     * On the leader an entry is handed to this node's own Raft server: the reply comes when the entry is applied.
     * A leader not ready yet hands it to the client path, which waits for one.
     */
    private CompletableFuture<List<Answer>> sendLocally(Message m) {
        QuorumStateMachine sm;
        try {
            sm = quorum.stateMachine();
        } catch (IOException e) {
            return sendThroughClient(m);
        }
        long callId = quorum.nextCallId();
        CompletableFuture<List<Answer>> answers = sm.expectLocal(callId);
        RaftClientRequest request = quorum.localRequest(sm, callId, m, RaftClientRequest.writeRequestType());
        // Submitted from a sender thread, never the caller's (a Netty event loop); the reply completes on Ratis'
        // apply thread, so it is decoded and the callers answered on a sender thread too.
        return CompletableFuture.supplyAsync(() -> quorum.submitLocally(request), senders)
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
                                        "quorum " + quorum.name() + " applied the write but lost its answer",
                                        quorum.name()));
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
                                    "quorum " + quorum.name() + " lost its leader while writing; the write may still"
                                            + " be applied ("
                                            + quorum.unavailable(why).getMessage() + ")",
                                    quorum.name()));
                        },
                        QuorumHandle.orInline(senders))
                .thenCompose(f -> f);
    }

    private CompletableFuture<List<Answer>> sendThroughClient(Message m) {
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        RaftClientReply reply = client.io().send(m);
                        quorum.checkReply(reply);
                        List<byte[]> replies = Entry.decodeReplies(
                                reply.getMessage().getContent().toByteArray());
                        List<Answer> answers = new ArrayList<>(replies.size());
                        for (byte[] r : replies) {
                            answers.add(answer(r));
                        }
                        return answers;
                    } catch (IOException e) {
                        throw quorum.unavailable(e);
                    }
                },
                senders);
    }

    private static Answer answer(byte[] reply) {
        try {
            return Answer.of(QuorumHandle.toResponse(reply));
        } catch (HavenException e) {
            return Answer.failed(e);
        }
    }

    /** Ticks in a row at most while a backlog of due items drains (each expires up to the sweep limit). */
    private static final int MAX_TICK_ROUNDS = 16;

    /**
     * Appends a tick entry, and another at once while the store's sweep reports due items left over: blocking
     * sends on a sender thread, like a batch.
     */
    CompletableFuture<Void> tick(Supplier<Message> tick) {
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        for (int round = 0; round < MAX_TICK_ROUNDS; round++) {
                            RaftClientReply reply = client.io().send(tick.get());
                            quorum.checkReply(reply);
                            ByteString more = reply.getMessage().getContent();
                            if (more.isEmpty() || more.byteAt(0) == 0) {
                                return;
                            }
                        }
                    } catch (IOException e) {
                        throw quorum.unavailable(e);
                    }
                },
                senders);
    }

    int queued() {
        return batcher.queued();
    }
}
