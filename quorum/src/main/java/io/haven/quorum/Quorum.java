package io.haven.quorum;

import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Consistency;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * This node's handle on one quorum it is a member of: submits writes (batched into Raft entries), serves reads
 * (linearizable through a ReadIndex round, or serializable from the local replica) and reports status. A write or
 * linearizable read that reaches a follower goes to the leader through the Raft client.
 *
 * <p>Thread-safe; every method may be called from any thread, and none blocks (the futures complete on the
 * quorum's own threads).
 */
public interface Quorum extends AutoCloseable {
    /** How long a request without a deadline may take before it answers UNAVAILABLE. */
    long DEFAULT_BUDGET_MS = 15_000;

    String name();

    /** The quorum's Raft group uuid: the key {@link QuorumListener} reports its changes under. */
    String id();

    /** Answers within {@link #DEFAULT_BUDGET_MS}: {@link #query(DataRequest, Consistency, long)}. */
    default CompletableFuture<DataResponse> query(DataRequest request, Consistency consistency) {
        return query(request, consistency, DEFAULT_BUDGET_MS);
    }

    /**
     * Applies a DATA request: writes go through the log, reads per {@code consistency}, and the answer comes within
     * {@code budgetMs}. While this member sees no working leader a write or linearizable read waits for one; if none
     * appears, or the quorum does not answer in time, it fails with UNAVAILABLE. It never hangs on a quorum that
     * cannot commit. (A write that timed out this way may still be applied later: its outcome is unknown, and the
     * message says so.)
     */
    CompletableFuture<DataResponse> query(DataRequest request, Consistency consistency, long budgetMs);

    /** The revision of this replica's last applied change. */
    long revision() throws IOException;

    /** The oldest revision this replica's change log still holds. */
    long oldestRevision() throws IOException;

    /** Up to {@code limit} changes of this replica with revision {@code >= fromRev}, in order. */
    List<Change> changesSince(long fromRev, int limit) throws IOException;

    QuorumStatus status() throws IOException;

    /** What this replica saw go against Raft's guarantees since the node started (all 0 when healthy). */
    SafetyStatus safety() throws IOException;

    /** Whether this member is the leader and has committed an entry of its term (so it can serve). */
    boolean isReady();

    /** Whether this member leads the quorum now (ready or not). */
    boolean isLeader();

    @Override
    void close() throws IOException;
}
