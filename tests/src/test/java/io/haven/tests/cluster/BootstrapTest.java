package io.haven.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.message.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Forming a quorum of three havend processes with one CONTROL {@code become} naming every member. */
@ExtendWith(ClusterLogs.class)
class BootstrapTest {
    @TempDir
    Path dir;

    @Test
    void everyMemberNamesTheSameLeaderAndAllThreeMembersLeaderFirst() throws Exception {
        try (HavenCluster cluster = HavenCluster.start(3, dir)) {
            ClusterNode leader = cluster.bootstrap();
            Set<String> all = cluster.nodes().stream().map(ClusterNode::uuid).collect(Collectors.toSet());
            for (ClusterNode n : cluster.nodes()) {
                assertEquals(Optional.of(leader), cluster.leaderSeenBy(n), n + " names another leader");
                List<String> members = cluster.members(n);
                assertEquals(all, Set.copyOf(members), n + " reports other members");
                assertEquals(leader.uuid(), members.get(0), n + " does not list the leader first");
            }
        }
    }

    @Test
    void membersTheBootstrapReachedThroughAnotherNodeServeTheQuorum() throws Exception {
        try (HavenCluster cluster = HavenCluster.start(3, dir)) {
            List<String> peers = cluster.nodes().stream().map(ClusterNode::peer).toList();
            Response.ControlReply reply = cluster.become(cluster.node(0), HavenCluster.QUORUM, peers);
            assertEquals(201, reply.status());
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            for (ClusterNode n : cluster.nodes().subList(1, 3)) {
                Optional<ClusterNode> named = Optional.empty();
                while (named.isEmpty() && System.nanoTime() < end) {
                    named = cluster.leaderSeenBy(n);
                    Thread.sleep(100);
                }
                assertTrue(named.isPresent(), n + " does not serve the quorum it is a member of");
            }
        }
    }
}
