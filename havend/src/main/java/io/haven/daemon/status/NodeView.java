package io.haven.daemon.status;

import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A running node as operations tools read it: the daemon implements this once, over its services, and hands it to
 * the HTTP endpoint. Every method may be called from any thread at any time, also before the node has finished
 * starting or after it began to close (then it answers what it has, or fails the future).
 */
public interface NodeView {
    NodeInfo node();

    /** The quorums this node is a member of (the locator's own among them), in a stable order. */
    List<QuorumInfo> quorums();

    NodeCounts counts();

    /** The directory's nodes, or empty when no location service is known to this node. */
    CompletableFuture<Optional<List<DirectoryNode>>> directory();

    /**
     * Runs a DATA query as a client's would run (routed to the quorum that serves it, linearizable). Fails with a
     * {@link io.haven.protocol.HavenException} carrying the error a client would get (404 for an unknown id, 503 with
     * no leader, ...).
     */
    CompletableFuture<DataResponse> query(DataRequest request);

    /**
     * Follows every change under {@code prefix}, in revision order, from revision {@code fromRev} ({@code 0}: only
     * changes committed from now on), until the returned subscription is closed or the node ends it.
     *
     * @throws io.haven.protocol.HavenException when no quorum of this node serves {@code prefix}, or {@code fromRev}
     *     is older than the change log keeps
     */
    Subscription watch(String prefix, long fromRev, ChangeListener listener);

    /** Receives one watch's changes. Called on the node's apply threads: it must not block. */
    interface ChangeListener {
        void changed(Change change);

        /** The node ended the watch (it closed, or the watch fell behind what the change log keeps). */
        void ended(String reason);
    }

    /** A running watch; closing it stops the changes. Idempotent. */
    interface Subscription extends AutoCloseable {
        @Override
        void close();
    }
}
