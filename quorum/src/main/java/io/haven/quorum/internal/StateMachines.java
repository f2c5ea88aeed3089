package io.haven.quorum.internal;

import io.haven.quorum.QuorumConfig;
import io.haven.quorum.QuorumListener;
import io.haven.storage.StoreOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.statemachine.StateMachine;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The state-machine registry of a node's Raft server: Ratis asks it for the state machine of every group it hosts,
 * at start for the groups in its storage and when a group is added (also by another node bootstrapping a quorum). A
 * quorum's directory is named by its group id, so a member needs no other knowledge to host it.
 *
 * <p>Ratis drops a division whose start failed without closing its state machine, which keeps the quorum's store
 * open (one RocksDB open per process) and the group's Raft directory locked: the next request for the same group's
 * machine closes what the failed one left first, and deletes a directory it formatted that holds no log yet.
 *
 * <p>Thread-safe: Ratis calls {@link #newStateMachine} from its own threads.
 */
public final class StateMachines implements StateMachine.Registry {
    private static final Logger LOG = LoggerFactory.getLogger(StateMachines.class);

    private final QuorumConfig config;
    private final StoreOptions storeOptions;
    private final QuorumListener listener;
    private final Function<RaftGroup, RaftClient> clients;
    private final QuorumCatalog catalog;
    private final FaultPoints faults;
    private final java.util.concurrent.Executor background;
    /** The state machine Ratis last asked for, per group. */
    private final Map<RaftGroupId, QuorumStateMachine> machines = new ConcurrentHashMap<>();

    /**
     * @param background where a member that learned its quorum's name from the log records it (off the apply
     *     thread)
     */
    public StateMachines(
            QuorumConfig config,
            StoreOptions storeOptions,
            QuorumListener listener,
            Function<RaftGroup, RaftClient> clients,
            QuorumCatalog catalog,
            FaultPoints faults,
            java.util.concurrent.Executor background) {
        this.config = config;
        this.storeOptions = storeOptions;
        this.listener = listener;
        this.clients = clients;
        this.catalog = catalog;
        this.faults = faults;
        this.background = background;
    }

    @Override
    public StateMachine apply(RaftGroupId gid) {
        return newStateMachine(gid);
    }

    private StateMachine newStateMachine(RaftGroupId gid) {
        Path dir = config.quorumDir(gid.getUuid().toString());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = catalog.readName(gid).orElse(gid.getUuid().toString());
        QuorumStateMachine previous = machines.get(gid);
        if (previous != null && (previous.hasStore() || previous.startFailed())) {
            clearFailedStart(gid, name, previous);
        }
        QuorumStateMachine m = new QuorumStateMachine(
                name,
                dir,
                storeOptions,
                listener,
                clients,
                (learned, paths) -> background.execute(() -> catalog.learned(gid, learned, paths)),
                faults);
        machines.put(gid, m);
        return m;
    }

    private void clearFailedStart(RaftGroupId gid, String name, QuorumStateMachine previous) {
        LOG.info("quorum {}: clearing what a failed start of its group left (its store, a formatted directory)", name);
        try {
            previous.close();
        } catch (IOException e) {
            LOG.warn("closing the store a failed start of group {} left open failed", gid, e);
        }
        // The failed start also keeps the lock of the group's Raft directory. One it formatted holds no log yet:
        // delete it, so this start formats a new one (a directory with a log is left for Ratis to recover).
        Path raft = config.raftDir().resolve(gid.getUuid().toString());
        if (holdsNoLog(raft)) {
            LOG.info("quorum {}: deleting {}, which a failed start formatted", name, raft);
            try {
                SnapshotTransfer.deleteTree(raft);
            } catch (IOException e) {
                LOG.warn("deleting {} failed", raft, e);
            }
        }
    }

    /** Whether a group's Raft directory exists and holds no log segment (only what a format writes). */
    private static boolean holdsNoLog(Path raft) {
        Path current = raft.resolve("current");
        if (!Files.isDirectory(current)) {
            return false;
        }
        try (var files = Files.list(current)) {
            return files.noneMatch(f -> f.getFileName().toString().startsWith("log_"));
        } catch (IOException e) {
            return false;
        }
    }

    /** The state machines Ratis asked for, for status pages and tests. */
    public List<QuorumStateMachine> all() {
        return List.copyOf(machines.values());
    }
}
