package io.haven.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.message.Consistency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A leader frozen with SIGSTOP (as in a long pause) while the others carry on, then thawed. */
@ExtendWith(ClusterLogs.class)
class PausedLeaderTest {
    @TempDir
    Path dir;

    @Test
    void aPausedLeaderIsReplacedAndOnResumingFollowsTheNewLeaderWithEveryWrite() throws Exception {
        try (HavenCluster cluster = HavenCluster.start(3, dir)) {
            ClusterNode leader = cluster.bootstrap();
            Promises.Outcome before = LeaderKillTest.writeThroughAll(cluster, Promises.ids("before", 0, 500));
            assertEquals(500, before.acknowledged().size(), "writes to a healthy quorum fail: " + before);

            leader.pause();
            List<ClusterNode> rest = LeaderKillTest.survivors(cluster, leader);
            ClusterNode next = cluster.awaitLeader(rest);
            assertNotEquals(leader, next);
            Promises.Outcome during = Promises.createAll(
                    LeaderKillTest.clients(cluster, rest), Promises.ids("during", 0, 500), 64, Promises.PATIENT);
            assertEquals(500, during.acknowledged().size(), "writes with the leader paused fail: " + during);
            cluster.mark("pausing the leader, electing " + next + " and writing 500");

            leader.resume();
            ClusterNode after = cluster.awaitLeader(cluster.nodes());
            assertEquals(Optional.of(after), cluster.leaderSeenBy(leader), "the resumed node names another leader");
            List<String> all = new ArrayList<>(before.acknowledged());
            all.addAll(during.acknowledged());
            Set<String> missing = Promises.awaitReadable(
                    cluster.client(leader), all, Consistency.SERIALIZABLE, Duration.ofSeconds(60));
            assertTrue(missing.isEmpty(), "the resumed " + leader + " lacks " + Promises.sample(missing, 5));
            cluster.mark("resuming the old leader and its catching up");
        }
    }
}
