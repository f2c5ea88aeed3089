package io.haven.quorum;

/**
 * A replica's safety counts (see {@code Safety}): each must be 0 on a healthy node.
 *
 * @param truncatedApplied truncations of the Raft log at or below the applied index (an uncommitted entry applied)
 * @param divergences times this replica's hash chain of applied changes differed from its leader's
 * @param repairs times a diverged replica installed the leader's checkpoint instead of its own store
 * @param last what the last of these events was, empty when none happened
 */
public record SafetyStatus(long truncatedApplied, long divergences, long repairs, String last) {
    public static final SafetyStatus NONE = new SafetyStatus(0, 0, 0, "");

    /** Whether any violation was seen (a repair is the answer to one, so it does not count on its own). */
    public boolean violated() {
        return truncatedApplied > 0 || divergences > 0;
    }
}
