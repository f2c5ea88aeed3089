package io.haven.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.client.HavenClient;
import io.haven.protocol.message.Consistency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A 3-member quorum loses its leader to {@code kill -9} after 10,000 pipelined writes through all members. */
@ExtendWith(ClusterLogs.class)
class LeaderKillTest {
    private static final int WRITES = 10_000;
    private static final int IN_FLIGHT = 300;
    private static final Duration WRITE_DEADLINE = Promises.PATIENT;
    private static final Duration CATCH_UP = Duration.ofSeconds(60);

    @TempDir
    Path dir;

    @Test
    void everyAcknowledgedWriteIsReadableFromEveryRemainingMemberAfterTheLeaderIsKilled() throws Exception {
        try (HavenCluster cluster = HavenCluster.start(3, dir)) {
            ClusterNode leader = cluster.bootstrap();
            List<String> ids = Promises.ids("p", 0, WRITES);
            Promises.Outcome written = writeThroughAll(cluster, ids);
            assertEquals(WRITES, written.acknowledged().size(), "writes to a healthy quorum fail: " + written);
            cluster.mark("writing " + WRITES + " promises through all members");

            leader.kill();
            List<ClusterNode> rest = survivors(cluster, leader);
            ClusterNode next = cluster.awaitLeader(rest);
            assertNotEquals(leader, next);
            cluster.mark("killing the leader and electing " + next);

            for (ClusterNode n : rest) {
                HavenClient c = cluster.client(n);
                Set<String> local =
                        Promises.awaitReadable(c, written.acknowledged(), Consistency.SERIALIZABLE, CATCH_UP);
                assertTrue(local.isEmpty(), n + " lacks acknowledged writes " + Promises.sample(local, 5));
                Set<String> linear = Promises.missing(c, written.acknowledged(), Consistency.LINEARIZABLE);
                assertTrue(linear.isEmpty(), "linearizable reads through " + n + " lack " + Promises.sample(linear, 5));
                cluster.mark("reading every write back from " + n + ", serializable and linearizable");
            }
        }
    }

    @Test
    void aKilledLeaderRestartsFromItsDataDirectoryAndCatchesUpOnWritesItMissed() throws Exception {
        try (HavenCluster cluster = HavenCluster.start(3, dir)) {
            ClusterNode leader = cluster.bootstrap();
            // Fewer writes than the test above: the catch-up is the point here, not the volume.
            Promises.Outcome before = writeThroughAll(cluster, Promises.ids("p", 0, 2_000));
            assertEquals(2_000, before.acknowledged().size(), "writes to a healthy quorum fail: " + before);
            cluster.mark("writing 2,000 promises through all members");

            leader.kill();
            List<ClusterNode> rest = survivors(cluster, leader);
            cluster.awaitLeader(rest);
            Promises.Outcome during =
                    Promises.createAll(clients(cluster, rest), Promises.ids("q", 0, 2_000), IN_FLIGHT, WRITE_DEADLINE);
            assertEquals(2_000, during.acknowledged().size(), "writes with one member down fail: " + during);
            cluster.mark("killing the leader, electing another and writing 2,000 more");

            leader.start();
            cluster.mark("restarting the killed node");
            List<String> all = new ArrayList<>(before.acknowledged());
            all.addAll(during.acknowledged());
            Set<String> local = Promises.awaitReadable(cluster.client(leader), all, Consistency.SERIALIZABLE, CATCH_UP);
            assertTrue(local.isEmpty(), "the restarted " + leader + " lacks " + Promises.sample(local, 5));
            cluster.mark("the restarted node catching up");
        }
    }

    static Promises.Outcome writeThroughAll(HavenCluster cluster, List<String> ids) throws InterruptedException {
        return Promises.createAll(clients(cluster, cluster.nodes()), ids, IN_FLIGHT, WRITE_DEADLINE);
    }

    static List<HavenClient> clients(HavenCluster cluster, List<ClusterNode> nodes) throws InterruptedException {
        List<HavenClient> out = new ArrayList<>();
        for (ClusterNode n : nodes) {
            out.add(cluster.client(n));
        }
        return out;
    }

    static List<ClusterNode> survivors(HavenCluster cluster, ClusterNode gone) {
        return cluster.nodes().stream().filter(n -> n != gone).toList();
    }
}
