package io.haven.quorum.internal;

import io.haven.storage.AppliedIndex;
import io.haven.storage.Store;
import io.haven.storage.StoreException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Fetches the checkpoint of the leader a member follows now, for Ratis' install (the member's log is behind the
 * leader's purged log) and for the repair of a diverged replica. Ratis does not ask again after a failed install,
 * so a leader that stops serving the group mid-transfer (it left the quorum, or lost leadership) would leave the
 * member behind for good: this tries whoever leads at each attempt, for a while. It never asks a node that is not
 * its leader now (see {@link SnapshotTransfer} on why). Runs on the caller's thread, which it blocks.
 */
final class CheckpointFetcher {
    private static final Logger LOG = LoggerFactory.getLogger(CheckpointFetcher.class);
    /** Checkpoint fetches (each from whoever leads then) before an install fails. */
    private static final int ATTEMPTS = 10;

    private final Supplier<String> quorum;
    private final Supplier<CompletableFuture<RaftServer>> server;
    private final Supplier<RaftGroupId> groupId;
    private final Function<RaftGroup, RaftClient> clients;
    private final SnapshotTransfer transfer;

    CheckpointFetcher(
            Supplier<String> quorum,
            Supplier<CompletableFuture<RaftServer>> server,
            Supplier<RaftGroupId> groupId,
            Function<RaftGroup, RaftClient> clients,
            SnapshotTransfer transfer) {
        this.quorum = quorum;
        this.server = server;
        this.groupId = groupId;
        this.clients = clients;
        this.transfer = transfer;
    }

    /** Fetches into {@code into} the leader's checkpoint at an applied index of at least {@code minIndex}. */
    AppliedIndex fetch(long minIndex, Path into) throws IOException {
        Exception last = null;
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            try {
                RaftServer.Division d = server.get().get().getDivision(groupId.get());
                RaftPeerId source = d.getInfo().getLeaderId();
                if (source != null && !source.equals(d.getId())) {
                    Path incoming;
                    try (RaftClient c = clients.apply(d.getGroup())) {
                        incoming = transfer.fetch(c, source, d.getInfo().getCurrentTerm(), into);
                    }
                    AppliedIndex at = Store.appliedIndexOf(incoming);
                    if (at.index() < minIndex) {
                        throw new IOException(
                                "the checkpoint of " + source + " at " + at + " is behind index " + minIndex);
                    }
                    LOG.info("quorum {}: fetched the leader's checkpoint at {} (from {})", quorum.get(), at, source);
                    return at;
                }
                last = new IOException("no leader to fetch a checkpoint from");
            } catch (IOException | StoreException | ExecutionException e) {
                last = e;
                LOG.warn("quorum {}: fetching the leader's checkpoint failed: {}", quorum.get(), e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted fetching a checkpoint");
            }
            try {
                Thread.sleep(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted fetching a checkpoint");
            }
        }
        throw new IOException("no checkpoint fetched after " + ATTEMPTS + " attempts", last);
    }
}
