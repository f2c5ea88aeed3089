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
    QuorumListener NONE = (quorum, leader, changes, pushes) -> {};

    void applied(String quorum, boolean leader, List<Change> changes, List<TaskPush> pushes);
}
