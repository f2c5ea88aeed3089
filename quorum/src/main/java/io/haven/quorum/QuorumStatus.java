package io.haven.quorum;

import java.util.List;
import java.util.Objects;

/**
 * What one node knows of one of its quorums.
 *
 * @param role this node's role in the group: LEADER, FOLLOWER, CANDIDATE or LISTENER (a learner)
 * @param leader the leader's node uuid, empty when none is known
 * @param members the voters; {@code learners} are members still catching up
 * @param commitIndex the highest log index this member knows to be committed
 * @param appliedIndex the highest log index this member's store has applied
 * @param leaderReady for the leader: it has committed an entry of its own term, so it can serve; false otherwise
 */
public record QuorumStatus(
        String name,
        String role,
        String leader,
        List<Peer> members,
        List<Peer> learners,
        long term,
        long commitIndex,
        long appliedIndex,
        long revision,
        boolean leaderReady) {
    public QuorumStatus {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(leader, "leader");
        members = List.copyOf(members);
        learners = List.copyOf(learners);
    }
}
