package io.haven.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.haven.protocol.message.Consistency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault schedule's finding of FAULTS.md ("a restarted member whose log ends where the leader's log now starts
 * never catches up"): Ratis starts a new log segment when the term changes, so a killed leader's log ends exactly
 * where the new leader's first segment of the new term begins. When the new leader has purged every segment before
 * that one, and no more, the restarted node's next index is the leader's log start: not below it, so the leader
 * does not tell it to install a checkpoint, and the leader cannot name the entry before it (purged, and not the
 * snapshot index), so its log appender fails ("Previous TermIndex not found for firstIndex") and is not restarted.
 * Haven's appender ({@code io.haven.quorum.BoundaryAwareRpc}) sends such a node to the leader's checkpoint instead.
 */
@ExtendWith(ClusterLogs.class)
class PurgeBoundaryCatchUpTest {
    private static final List<String> SMALL_LOG =
            List.of("raft-snapshot-threshold=300", "raft-log-segment-bytes=32768");

    @TempDir
    Path dir;

    @Test
    void aKilledLeaderRestartedWhenTheNewLeadersLogStartsRightAfterItsOwnCatchesUp() throws Exception {
        try (HavenCluster cluster = HavenCluster.start(3, dir, SMALL_LOG)) {
            ClusterNode leader = cluster.bootstrap();
            Promises.Outcome before = LeaderKillTest.writeThroughAll(cluster, Promises.ids("p", 0, 500));
            assertTrue(before.failed() == 0, "writes to a healthy quorum fail: " + before);

            leader.kill();
            List<ClusterNode> rest = LeaderKillTest.survivors(cluster, leader);
            ClusterNode next = cluster.awaitLeader(rest);
            // The new leader has committed an entry of its term: its open segment starts where that term began.
            List<Long> starts = RaftLog.segmentStarts(next.data(), HavenCluster.QUORUM);
            long termStart = starts.get(starts.size() - 1);
            cluster.mark("killing the leader and electing " + next + "; its term begins at index " + termStart);

            List<String> all = new ArrayList<>(before.acknowledged());
            int written = 0;
            OptionalLong first = RaftLog.firstIndex(next.data(), HavenCluster.QUORUM);
            while (first.isEmpty() || first.getAsLong() < termStart) {
                assertTrue(written < 20_000, "no purge up to " + termStart + " after " + written + " writes");
                Promises.Outcome o = Promises.createAll(
                        LeaderKillTest.clients(cluster, rest), Promises.ids("q", written, 20), 4, Promises.PATIENT);
                all.addAll(o.acknowledged());
                written += 20;
                first = RaftLog.firstIndex(next.data(), HavenCluster.QUORUM);
            }
            assumeTrue(
                    first.getAsLong() == termStart,
                    "the leader purged past the term's first segment at once (its log starts at " + first.getAsLong()
                            + ", not " + termStart + "): this run cannot show the boundary case");
            cluster.mark("writing " + written + " until the leader's log starts at " + termStart);

            leader.start();
            Set<String> missing = Promises.awaitReadable(
                    cluster.client(leader), all, Consistency.SERIALIZABLE, Duration.ofSeconds(90));
            assertFalse(
                    next.logText().contains("Previous TermIndex not found"),
                    "the leader's appender to the restarted node failed:\n" + next.tail(30));
            assertTrue(missing.isEmpty(), "the restarted " + leader + " lacks " + Promises.sample(missing, 5));
            // Its log ends at or below the leader's log start, so it can only have caught up through a checkpoint:
            // at the boundary, Haven's appender sent it there ("install the checkpoint instead"); below it, Ratis did.
            assertTrue(leader.logText().contains("installed the leader's checkpoint"), leader.tail(30));
            System.out.println("the leader's appender "
                    + (next.logText().contains("install the checkpoint instead")
                            ? "met the boundary case and sent the node to the checkpoint"
                            : "did not meet the boundary case (the killed node's log ended below it)"));
        }
    }
}
