package io.haven.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.Response;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Membership changes of a running quorum while a writer keeps writing through it. */
@ExtendWith(ClusterLogs.class)
class MembershipChangeTest {
    private static final Duration STEP = Duration.ofSeconds(60);
    private static final int PER_STEP = 500;

    @TempDir
    Path dir;

    @Test
    void noAcknowledgedWriteIsLostWhenAFourthMemberJoinsUnderLoadAndThenAnotherMemberLeaves() throws Exception {
        try (HavenCluster cluster = HavenCluster.start(3, dir)) {
            ClusterNode leader = cluster.bootstrap();
            ClusterNode leaving = cluster.nodes().stream()
                    .filter(n -> n != leader)
                    .findFirst()
                    .orElseThrow();
            List<ClusterNode> staying = LeaderKillTest.survivors(cluster, leaving);
            List<String> oldPeers =
                    cluster.nodes().stream().map(ClusterNode::peer).toList();

            Writer writer = Writer.start(LeaderKillTest.clients(cluster, staying), "load", 64, Promises.PATIENT);
            try {
                writer.awaitAcknowledged(PER_STEP, STEP);
                cluster.mark("starting the writer");

                ClusterNode joining = cluster.addNode();
                Response.ControlReply joined = cluster.become(joining, HavenCluster.QUORUM, oldPeers);
                assertEquals(201, joined.status(), "join answered " + joined);
                cluster.mark("starting a 4th node and joining it");
                List<ClusterNode> four = cluster.nodes();
                ClusterNode leaderOfFour = cluster.awaitLeader(four);
                assertEquals(uuids(four), Set.copyOf(cluster.members(leaderOfFour)), "members after the join");
                writer.awaitAcknowledged(writer.acknowledgedCount() + PER_STEP, STEP);

                Response.ControlReply left = cluster.leave(leaving, HavenCluster.QUORUM);
                assertEquals(201, left.status(), "leave answered " + left);
                cluster.mark("writing on, then " + leaving + " leaving");
                writer.awaitAcknowledged(writer.acknowledgedCount() + PER_STEP, STEP);
            } finally {
                writer.close();
            }

            List<ClusterNode> members = new ArrayList<>(staying);
            members.add(cluster.node(3));
            ClusterNode now = cluster.awaitLeader(members);
            assertEquals(uuids(members), Set.copyOf(cluster.members(now)), "members after the leave");
            Promises.Outcome o = writer.outcome();
            System.err.println(
                    "writer: " + o.acknowledged().size() + " acknowledged, " + o.failed() + " failed " + o.failures());
            for (ClusterNode m : members) {
                Set<String> missing =
                        Promises.awaitReadable(cluster.client(m), o.acknowledged(), Consistency.SERIALIZABLE, STEP);
                assertTrue(missing.isEmpty(), m + " lacks acknowledged writes " + Promises.sample(missing, 5));
                cluster.mark("reading every write back from " + m);
            }
            Set<String> linear = Promises.missing(cluster.client(now), o.acknowledged(), Consistency.LINEARIZABLE);
            assertTrue(linear.isEmpty(), "linearizable reads lack " + Promises.sample(linear, 5));
        }
    }

    private static Set<String> uuids(List<ClusterNode> nodes) {
        return nodes.stream().map(ClusterNode::uuid).collect(Collectors.toSet());
    }
}
