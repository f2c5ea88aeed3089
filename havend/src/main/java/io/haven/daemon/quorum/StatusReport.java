package io.haven.daemon.quorum;

import io.haven.daemon.service.LocalNode;
import io.haven.protocol.message.ReplicaRole;
import io.haven.protocol.message.Response;
import io.haven.quorum.Peer;
import io.haven.quorum.Quorum;
import io.haven.quorum.QuorumStatus;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * DISCOVER {@code status}: this node's replicas as the reply describes them, and when each counts as ready. A replica
 * is ready when it is running and not electing, knows a leader (the leader itself: it has committed an entry of its
 * term), and has applied all but at most {@link #READY_LAG} of the entries it knows are committed. Reads only what
 * each replica holds in memory or on local disk; never waits on another node.
 */
final class StatusReport {
    /** How far applying may trail committing on a ready replica, in log entries (documented in actions.md). */
    static final long READY_LAG = 1000;

    private StatusReport() {}

    static Response.StatusReply of(
            long reqId, LocalNode node, List<Quorum> quorums, Function<Quorum, List<String>> paths) {
        List<Response.QuorumState> states = new ArrayList<>();
        for (Quorum q : quorums) {
            states.add(state(q, paths.apply(q)));
        }
        states.sort(Comparator.comparing(Response.QuorumState::name));
        boolean ready = states.stream().allMatch(Response.QuorumState::ready);
        return new Response.StatusReply(
                reqId, node.uuid(), node.address(), node.version(), node.roles(), ready, states);
    }

    private static Response.QuorumState state(Quorum q, List<String> paths) {
        QuorumStatus s;
        try {
            s = q.status();
        } catch (IOException e) {
            return new Response.QuorumState(
                    q.name(), ReplicaRole.DOWN, "", 0, 0, 0, 0, false, paths, List.of(), List.of(), Map.of());
        }
        ReplicaRole role = role(s.role());
        return new Response.QuorumState(
                s.name(),
                role,
                s.leader(),
                s.term(),
                s.commitIndex(),
                s.appliedIndex(),
                s.revision(),
                ready(role, s),
                paths,
                members(s.members()),
                members(s.learners()),
                Map.of());
    }

    /** Ratis' role names; a learner is what Ratis calls a listener. */
    static ReplicaRole role(String ratisRole) {
        return switch (ratisRole) {
            case "LEADER" -> ReplicaRole.LEADER;
            case "FOLLOWER" -> ReplicaRole.FOLLOWER;
            case "CANDIDATE" -> ReplicaRole.CANDIDATE;
            case "LISTENER" -> ReplicaRole.LEARNER;
            default -> ReplicaRole.DOWN;
        };
    }

    static boolean ready(ReplicaRole role, QuorumStatus s) {
        boolean leads =
                switch (role) {
                    case LEADER -> s.leaderReady();
                    case FOLLOWER, LEARNER -> !s.leader().isEmpty();
                    case CANDIDATE, DOWN -> false;
                };
        return leads && s.commitIndex() - s.appliedIndex() <= READY_LAG;
    }

    private static List<Response.Member> members(List<Peer> peers) {
        return peers.stream()
                .map(p -> new Response.Member(p.id(), p.address(), p.clientAddress()))
                .toList();
    }
}
