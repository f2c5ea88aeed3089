package io.haven.daemon.status;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a node is ready to serve: every one of its quorums has a leader, and has applied what it committed up to
 * at most {@link #MAX_APPLY_LAG} entries. A node with no quorums is ready (it serves CONNECT, DISCOVER and CONTROL).
 *
 * @param reasons why not, one sentence per quorum at fault; empty when ready
 */
public record Readiness(List<String> reasons) {
    /**
     * Committed entries a quorum may have left to apply and still count as ready: a few batches' worth, so that a
     * busy leader is ready while a member replaying its log after a restart is not.
     */
    public static final long MAX_APPLY_LAG = 1_000;

    public Readiness {
        reasons = List.copyOf(reasons);
    }

    public boolean ready() {
        return reasons.isEmpty();
    }

    public static Readiness of(List<QuorumInfo> quorums) {
        List<String> reasons = new ArrayList<>();
        for (QuorumInfo q : quorums) {
            if (!q.hasLeader()) {
                reasons.add("quorum " + q.name() + " has no leader (term " + q.term() + ")");
            } else if (q.applyLag() > MAX_APPLY_LAG) {
                reasons.add("quorum " + q.name() + " has applied " + q.appliedIndex() + " of " + q.commitIndex()
                        + " committed entries (more than " + MAX_APPLY_LAG + " behind)");
            }
        }
        return new Readiness(reasons);
    }
}
