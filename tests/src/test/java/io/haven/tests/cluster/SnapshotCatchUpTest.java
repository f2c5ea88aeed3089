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
 * With the default snapshot threshold (20,000 Raft entries) that takes tens of thousands of writes, hence slow.
 */
@ExtendWith(ClusterLogs.class)
@Tag("slow")
class SnapshotCatchUpTest {
    private static final int WRITES = 10_000;
    /** At most 8 entries in flight per member: few enough that most writes become an entry of their own. */
    private static final int SMALL_IN_FLIGHT = 16;

    private static final int CHUNK = 2_000;
    /** The default threshold is 20,000 entries; most writes become an entry of their own, with ticks between. */
    private static final int MAX_PURGE_WRITES = 40_000;

    @TempDir
    Path dir;

    @Test
    void aKilledLeaderWhoseMissedLogWasPurgedRestartsAndCatchesUpFromTheLeadersCheckpoint() throws Exception {
        try (HavenCluster cluster = HavenCluster.start(3, dir)) {
            ClusterNode leader = cluster.bootstrap();
            Promises.Outcome before = LeaderKillTest.writeThroughAll(cluster, Promises.ids("p", 0, WRITES));
            assertEquals(WRITES, before.acknowledged().size(), "writes to a healthy quorum fail: " + before);
            cluster.mark("writing " + WRITES + " promises through all members");

            leader.kill();
            List<ClusterNode> rest = LeaderKillTest.survivors(cluster, leader);
            ClusterNode next = cluster.awaitLeader(rest);
            // The new term started a new segment on both survivors; the killed node's log ends before it. Restarting
            // the new leader starts another term and so closes that segment too: once the survivors purge past its
            // first index, the entries the killed node needs next are gone from every log.
            long lastStartAtKill = lastSegmentStart(rest);
            next.restart();
            next = cluster.awaitLeader(rest);
            cluster.mark("killing the leader, electing another, restarting that one (segments from " + lastStartAtKill
                    + " on)");

            List<String> all = new ArrayList<>(before.acknowledged());
            int written = 0;
            while (!purgedBeyond(rest, lastStartAtKill)) {
                assertTrue(
                        written < MAX_PURGE_WRITES,
                        "no purge past index " + lastStartAtKill + " after " + written + " writes; segments "
                                + RaftLog.segmentStarts(next.data(), HavenCluster.QUORUM));
                Promises.Outcome o = Promises.createAll(
                        LeaderKillTest.clients(cluster, rest),
                        Promises.ids("purge", written, CHUNK),
                        SMALL_IN_FLIGHT,
                        Promises.PATIENT);
                assertEquals(CHUNK, o.acknowledged().size(), "writes with one member down fail: " + o);
                all.addAll(o.acknowledged());
                written += CHUNK;
            }
            cluster.mark("writing " + written + " more until the survivors purged past " + lastStartAtKill
                    + " (segments now " + RaftLog.segmentStarts(next.data(), HavenCluster.QUORUM) + ")");

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
