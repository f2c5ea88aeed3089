package io.haven.daemon.watch;

import io.haven.protocol.data.Change;
import java.util.List;

/** A quorum replica's change log as a new watch reads it to catch up from a revision. */
public interface ChangeSource {
    /** A stable key of the quorum (its Raft group uuid); the apply path reports changes under the same key. */
    String quorumId();

    /** The revision of the last applied change. */
    long revision();

    /** The oldest revision the change log still holds. */
    long oldestRevision();

    /** Up to {@code limit} changes with revision {@code >= fromRev}, in order. */
    List<Change> changesSince(long fromRev, int limit);
}
