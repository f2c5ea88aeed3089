package io.haven.quorum.internal;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.statemachine.TransactionContext;

/**
 * The answers of the leader's own entries in flight ({@link WritePath}'s local path), by call id: their Raft replies
 * carry nothing, and the callers get their outcomes as objects from the apply thread. Only the member that
 * submitted an entry has it here, and only while it waits. Thread-safe.
 */
final class LocalAnswers {
    /** The client id of the leader's own entries: a request of any other client is answered the encoded way. */
    private final ClientId clientId = ClientId.randomId();

    private final Map<Long, CompletableFuture<List<Answer>>> waiting = new ConcurrentHashMap<>();

    ClientId clientId() {
        return clientId;
    }

    /** Registers the future that gets the answers of this member's own entry {@code callId} once it is applied. */
    CompletableFuture<List<Answer>> expect(long callId) {
        CompletableFuture<List<Answer>> f = new CompletableFuture<>();
        waiting.put(callId, f);
        return f;
    }

    /** Drops a local entry's future that will never be completed (its submission failed). */
    void forget(long callId) {
        waiting.remove(callId);
    }

    /** The future waiting for the answers of {@code trx}, if this member submitted it; null otherwise. */
    CompletableFuture<List<Answer>> take(TransactionContext trx) {
        RaftClientRequest request = trx.getClientRequest();
        if (request == null || !request.getClientId().equals(clientId)) {
            return null;
        }
        return waiting.remove(request.getCallId());
    }
}
