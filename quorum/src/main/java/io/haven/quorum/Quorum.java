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
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
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

    /**
     * Runs the blocking sends of write batches, one thread per entry in flight. Ratis' blocking API retries each
     * request on its own; its ordered async API fails every pending request for good once one exhausts its retries
     * (as across a leader loss), which a long-lived node cannot afford.
     */
    private final ExecutorService senders;

    Quorum(String name, RaftGroupId groupId, RaftServer server, RaftClient client, QuorumConfig config) {
        this.name = name;
        this.groupId = groupId;
        this.server = server;
        this.client = client;
        this.senders = Executors.newFixedThreadPool(config.batchMaxInflight(), r -> {
            Thread t = new Thread(r, "haven-send-" + name);
            t.setDaemon(true);
            return t;
        });
        this.batcher = new Batcher(
                config.batchMaxCommands(), config.batchMaxBytes(), config.batchMaxInflight(), this::sendBatch);
    }

    public String name() {
        return name;
    }

    RaftGroupId groupId() {
        return groupId;
    }

    RaftClient client() {
        return client;
    }

    /** Applies a DATA request: writes go through the log, reads per {@code consistency}. */
    public CompletableFuture<DataResponse> query(DataRequest request, Consistency consistency) {
        byte[] command = MessageCodec.encode(request);
        if (request.kind().isWrite()) {
            return batcher.submit(command).thenApply(Quorum::toResponse);
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
        Message read = Message.valueOf(ByteString.copyFrom(Entry.read(command).encode(false)));
        return client.async().sendReadOnlyUnordered(read).handle((reply, error) -> {
            if (error != null) {
                throw unavailable(error);
            }
            checkReply(reply);
            return toResponse(reply.getMessage().getContent().toByteArray());
        });
    }

    /** Appends a tick entry (the leader does this periodically so timeouts and leases expire). */
    CompletableFuture<Void> tick() {
        Message m = Message.valueOf(ByteString.copyFrom(Entry.tick().encode(false)));
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        checkReply(client.io().send(m));
                    } catch (IOException e) {
                        throw unavailable(e);
                    }
                },
                senders);
    }

    private CompletableFuture<List<byte[]>> sendBatch(List<byte[]> commands) {
        Message m = Message.valueOf(ByteString.copyFrom(Entry.batch(commands).encode(false)));
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        RaftClientReply reply = client.io().send(m);
                        checkReply(reply);
                        return Entry.decodeReplies(
                                reply.getMessage().getContent().toByteArray());
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

    QuorumStateMachine stateMachine() throws IOException {
        return (QuorumStateMachine) server.getDivision(groupId).getStateMachine();
    }

    public QuorumStatus status() throws IOException {
        RaftServer.Division d = server.getDivision(groupId);
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
                d.getInfo().getLastAppliedIndex(),
                sm.revision());
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
        client.close();
    }
}
