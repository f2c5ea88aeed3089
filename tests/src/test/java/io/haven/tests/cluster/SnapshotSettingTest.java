package io.haven.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** havend's Raft log settings reach the quorums it hosts. */
@ExtendWith(ClusterLogs.class)
class SnapshotSettingTest {
    @TempDir
    Path dir;

    @Test
    void aQuorumPurgesItsLogAfterTheSnapshotThresholdSetOnTheCommandLine() throws Exception {
        List<String> settings = List.of("raft-snapshot-threshold=100", "raft-log-segment-bytes=16384");
        try (HavenCluster cluster = HavenCluster.start(1, dir, settings)) {
            ClusterNode node = cluster.bootstrap();
            // Few in flight, so that most writes are an entry of their own: 2,000 entries, 20 thresholds.
            Promises.Outcome o =
                    Promises.createAll(List.of(cluster.client(node)), Promises.ids("p", 0, 2_000), 4, Promises.PATIENT);
            assertEquals(2_000, o.acknowledged().size(), "writes fail: " + o);
            long end = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            OptionalLong first = RaftLog.firstIndex(node.data(), HavenCluster.QUORUM);
            while (first.orElse(0) == 0 && System.nanoTime() < end) {
                Thread.sleep(200);
                first = RaftLog.firstIndex(node.data(), HavenCluster.QUORUM);
            }
            assertTrue(
                    first.orElse(0) > 0,
                    "the log still starts at index 0: segments "
                            + RaftLog.segmentStarts(node.data(), HavenCluster.QUORUM));
        }
    }
}
