package io.haven.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.message.Consistency;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that was down while the others purged the log it missed catches up by installing the leader's checkpoint.
 * The fast case lowers the snapshot threshold and segment size with {@code --set}; the default threshold (20,000 Raft
 * entries, 8 MiB segments) takes tens of thousands of writes, hence slow.
 */
@ExtendWith(ClusterLogs.class)
class SnapshotCatchUpTest {
    /** At most 8 entries in flight per member: few enough that most writes become an entry of their own. */
    private static final int SMALL_IN_FLIGHT = 16;

    @TempDir
    Path dir;

    @Test
    void aKilledLeaderWhoseMissedLogWasPurgedRestartsAndCatchesUpFromTheLeadersCheckpoint() throws Exception {
        List<String> smallLog = List.of("raft-snapshot-threshold=300", "raft-log-segment-bytes=32768");
        killPurgeAndCatchUp(smallLog, 2_000, 500, 20_000, false);
    }

    @Test
    @Tag("slow")
    void withTheDefaultSnapshotThresholdAKilledLeaderWhoseMissedLogWasPurgedCatchesUpFromTheCheckpoint()
            throws Exception {
        // 8 MiB segments hold more than the killed node has: restarting the new leader starts another term, which
        // closes the segment the new term began, so a snapshot past it purges it.
        killPurgeAndCatchUp(List.of(), 10_000, 2_000, 40_000, true);
    }

    /**
     * Writes {@code writes} through all members, kills the leader, then writes with it down until both survivors
     * have purged every segment that existed when they elected the new leader: the killed node's log ends before the
     * last of those, so the entries it needs next are gone. Restarted, it must serve every acknowledged write and
     * say it fetched the leader's checkpoint.
     */
    private void killPurgeAndCatchUp(
            List<String> settings, int writes, int chunk, int maxPurgeWrites, boolean restartNewLeader)
            throws Exception {
        try (HavenCluster cluster = HavenCluster.start(3, dir, settings)) {
            ClusterNode leader = cluster.bootstrap();
            Promises.Outcome before = LeaderKillTest.writeThroughAll(cluster, Promises.ids("p", 0, writes));
            assertEquals(writes, before.acknowledged().size(), "writes to a healthy quorum fail: " + before);
            cluster.mark("writing " + writes + " promises through all members");

            leader.kill();
            List<ClusterNode> rest = LeaderKillTest.survivors(cluster, leader);
            ClusterNode next = cluster.awaitLeader(rest);
            long lastStartAtKill = lastSegmentStart(rest);
            if (restartNewLeader) {
                next.restart();
                next = cluster.awaitLeader(rest);
            }
            cluster.mark("killing the leader and electing " + next + " (segments from " + lastStartAtKill + " on)");

            List<String> all = new ArrayList<>(before.acknowledged());
            int written = 0;
            while (!purgedBeyond(rest, lastStartAtKill)) {
                assertTrue(
                        written < maxPurgeWrites,
                        "no purge past index " + lastStartAtKill + " after " + written + " writes; segments "
                                + RaftLog.segmentStarts(next.data(), HavenCluster.QUORUM));
                Promises.Outcome o = Promises.createAll(
                        LeaderKillTest.clients(cluster, rest),
                        Promises.ids("purge", written, chunk),
                        SMALL_IN_FLIGHT,
                        Promises.PATIENT);
                assertEquals(chunk, o.acknowledged().size(), "writes with one member down fail: " + o);
                all.addAll(o.acknowledged());
                written += chunk;
            }
            cluster.mark("writing " + written + " more until the survivors purged past " + lastStartAtKill
                    + " (first segments now "
                    + RaftLog.segmentStarts(next.data(), HavenCluster.QUORUM).stream()
                            .limit(3)
                            .toList() + ")");

            leader.start();
            Set<String> missing = Promises.awaitReadable(
                    cluster.client(leader), all, Consistency.SERIALIZABLE, Duration.ofSeconds(120));
            assertTrue(missing.isEmpty(), "the restarted " + leader + " lacks " + Promises.sample(missing, 5));
            cluster.mark("the restarted node catching up on " + all.size() + " writes");
            assertTrue(
                    leader.logText().contains("fetched the leader's checkpoint"),
                    "the restarted node caught up without installing a checkpoint: was the log purged?");
        }
    }

    private static long lastSegmentStart(List<ClusterNode> members) throws Exception {
        long last = 0;
        for (ClusterNode m : members) {
            List<Long> starts = RaftLog.segmentStarts(m.data(), HavenCluster.QUORUM);
            last = Math.max(last, starts.isEmpty() ? 0 : starts.get(starts.size() - 1));
        }
        return last;
    }

    private static boolean purgedBeyond(List<ClusterNode> members, long index) throws Exception {
        for (ClusterNode m : members) {
            OptionalLong first = RaftLog.firstIndex(m.data(), HavenCluster.QUORUM);
            if (first.isEmpty() || first.getAsLong() <= index) {
                return false;
            }
        }
        return true;
    }
}
