package io.haven.quorum;

import io.haven.protocol.data.Change;
import io.haven.storage.TaskPush;
import java.util.List;

/**
 * Receives what a quorum's replica applied, on the replica's apply thread, in log order. Watches match {@code
 * changes} here, so a client connected to any member sees every committed change; only the leader acts on {@code
 * pushes} (task messages for processors) so they are sent once.
 *
 * <p>Implementations must return quickly and never block: they run on the Raft apply path.
 */
public interface QuorumListener {
    QuorumListener NONE = (quorumId, leader, changes, pushes) -> {};

    /**
     * @param quorumId the quorum's Raft group uuid ({@link Quorum#id()}): stable on every member, also one that
     *     does not know the quorum's name yet
     */
    void applied(String quorumId, boolean leader, List<Change> changes, List<TaskPush> pushes);

    /**
     * The replica installed the leader's checkpoint instead of applying the log: its state jumped to {@code revision}
     * and the changes before it were never passed to {@link #applied}. Watches that needed them must be told.
     */
    default void checkpointInstalled(String quorumId, long revision) {}
}
