package io.haven.protocol.message;

import java.util.Optional;

/** The role of one node's replica in a quorum, as DISCOVER {@code status} reports it; the wire name is lower-case. */
public enum ReplicaRole {
    LEADER("leader"),
    FOLLOWER("follower"),
    /** Asking for votes: the quorum has no leader this replica knows of. */
    CANDIDATE("candidate"),
    /** A member that catches up without voting (it joined and is not a voter yet). */
    LEARNER("learner"),
    /** The replica is not running on this node right now: starting, restarting after a failure, or being removed. */
    DOWN("down");

    private final String wireName;

    ReplicaRole(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<ReplicaRole> of(String wireName) {
        for (ReplicaRole r : values()) {
            if (r.wireName.equals(wireName)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
