package io.haven.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.client.HavenClient;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Consistency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A 3-member quorum keeps taking writes with one member down and refuses them, in time, with two down. */
@ExtendWith(ClusterLogs.class)
class MajorityLossTest {
    private static final Duration DEADLINE = Duration.ofSeconds(5);
    /** Time for the answer to cross loopback and for a busy 2-core machine to schedule the threads involved. */
    private static final Duration MARGIN = Duration.ofMillis(1500);

    @TempDir
    Path dir;

    @Test
    void writesThroughTheOtherTwoMembersGoOnWhileOneMemberIsDown() throws Exception {
        try (HavenCluster cluster = HavenCluster.start(3, dir)) {
            ClusterNode leader = cluster.bootstrap();
            ClusterNode down = follower(cluster, leader);
            down.kill();
            List<ClusterNode> up = LeaderKillTest.survivors(cluster, down);
            List<String> ids = Promises.ids("one-down", 0, 1_000);
            Promises.Outcome o = Promises.createAll(LeaderKillTest.clients(cluster, up), ids, 100, Promises.PATIENT);
            assertEquals(ids.size(), o.acknowledged().size(), "writes with one member down failed: " + o);
            Set<String> missing = Promises.missing(cluster.client(up.get(1)), ids, Consistency.LINEARIZABLE);
            assertTrue(missing.isEmpty(), "acknowledged writes not read back: " + Promises.sample(missing, 5));
        }
    }

    @Test
    void writesToTheRemainingFollowerFailWithinTheirDeadlineWhenTheLeaderAndAnotherMemberAreDown() throws Exception {
        try (HavenCluster cluster = HavenCluster.start(3, dir)) {
            ClusterNode leader = cluster.bootstrap();
            ClusterNode survivor = follower(cluster, leader);
            for (ClusterNode n : cluster.nodes()) {
                if (n != survivor) {
                    n.kill();
                }
            }
            assertWritesFailInTime(cluster.client(survivor));
        }
    }

    @Test
    void writesToTheLeaderFailWithinTheirDeadlineWhenBothFollowersAreDown() throws Exception {
        try (HavenCluster cluster = HavenCluster.start(3, dir)) {
            ClusterNode leader = cluster.bootstrap();
            for (ClusterNode n : cluster.nodes()) {
                if (n != leader) {
                    n.kill();
                }
            }
            assertWritesFailInTime(cluster.client(leader));
        }
    }

    private static ClusterNode follower(HavenCluster cluster, ClusterNode leader) {
        return cluster.nodes().stream().filter(n -> n != leader).findFirst().orElseThrow();
    }

    /**
     * Sends a few writes with a {@link #DEADLINE} each, one after another so each is timed alone: every one must
     * fail with UNAVAILABLE (503), within its deadline plus {@link #MARGIN}. The answers are printed.
     */
    private static void assertWritesFailInTime(HavenClient client) throws Exception {
        List<String> outcomes = new ArrayList<>();
        for (String id : Promises.ids("two-down", 0, 3)) {
            long start = System.nanoTime();
            CompletableFuture<DataResponse> f = Promises.send(client, Promises.create(id), DEADLINE);
            Throwable error = null;
            try {
                DataResponse r = f.get(DEADLINE.plus(MARGIN).toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError("a write without a majority was acknowledged: " + r);
            } catch (ExecutionException e) {
                error = e.getCause();
            }
            long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            outcomes.add(ms + " ms: " + Promises.describe(error));
            assertNotNull(error);
            assertTrue(error instanceof HavenException, "not a Haven error: " + error);
        }
        System.err.println("writes without a majority answered: " + outcomes);
        for (String o : outcomes) {
            assertTrue(o.contains(ErrorCode.UNAVAILABLE.wireName() + " (503)"), "expected UNAVAILABLE: " + outcomes);
        }
    }
}
