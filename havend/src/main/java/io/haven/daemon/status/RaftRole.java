package io.haven.daemon.status;

/** This node's part in one quorum's Raft group. A learner (Ratis calls it a listener) replicates but does not vote. */
public enum RaftRole {
    LEADER,
    FOLLOWER,
    CANDIDATE,
    LEARNER
}
