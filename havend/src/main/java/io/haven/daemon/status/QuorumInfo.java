package io.haven.daemon.status;

import java.util.List;
import java.util.Objects;

/**
 * What this node knows of one of its quorums right now.
 *
 * @param name the quorum's name
 * @param role this node's part in it
 * @param leader the leader's node uuid; empty when no leader is known
 * @param members voters and learners, this node among them
 * @param paths the path prefixes the quorum serves
 * @param term the current Raft term
 * @param commitIndex the highest log index known committed
 * @param appliedIndex the highest log index this node's state machine has applied
 * @param revision the quorum revision of the last change applied here
 * @param store the quorum's store on this node
 */
public record QuorumInfo(
        String name,
        RaftRole role,
        String leader,
        List<MemberInfo> members,
        List<String> paths,
        long term,
        long commitIndex,
        long appliedIndex,
        long revision,
        StoreInfo store) {
    public QuorumInfo {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(leader, "leader");
        members = List.copyOf(members);
        paths = List.copyOf(paths);
        Objects.requireNonNull(store, "store");
    }

    public boolean leads() {
        return role == RaftRole.LEADER;
    }

    public boolean hasLeader() {
        return !leader.isEmpty();
    }

    /** Committed entries this node has not applied yet. */
    public long applyLag() {
        return Math.max(0, commitIndex - appliedIndex);
    }
}
