package io.haven.tests.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.Response;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 3 of FAULTS.md: the leader of a quorum leaves it (CONTROL {@code leave quorum} sent to the leader). Ratis
 * answers the configuration change and then, two seconds later (its minimum RPC timeout), closes the leader's
 * division by itself, because the leader is not in the new configuration; havend's own removal of the local group
 * afterwards may find it gone. The leave must still answer success, remove the group's Raft directory, and the node
 * restarted must be a member of no quorum. Writes keep the quorum busy meanwhile, as in the schedule where it was seen.
 */
@ExtendWith(ClusterLogs.class)
class LeaderLeaveTest {
    @TempDir
    Path dir;

    @Test
    void aLeaderThatLeavesItsQuorumIsAnsweredSuccessAndStaysOutAfterARestart() throws Exception {
        try (HavenCluster cluster = HavenCluster.start(5, dir)) {
            ClusterNode first = cluster.bootstrap();
            // Writes in flight through every member, as in the fault schedule where this was seen, and a leader that
            // was a follower forwarding them before: its Raft client then holds streams to the others, and closing
            // it (three seconds per channel at most) outlasts the two seconds after which Ratis closes the division.
            Writer writer =
                    Writer.start(LeaderKillTest.clients(cluster, cluster.nodes()), "load", 64, Promises.PATIENT);
            writer.awaitAcknowledged(200, Promises.PATIENT);
            first.pause();
            ClusterNode leader = cluster.awaitLeader(LeaderKillTest.survivors(cluster, first));
            first.resume();
            cluster.awaitLeader(cluster.nodes());
            Path raftGroup = RaftLog.dir(leader.data(), HavenCluster.QUORUM).getParent();
            assertTrue(Files.isDirectory(raftGroup), "no Raft group directory at " + raftGroup);

            AtomicBoolean reading = new AtomicBoolean(true);
            Thread reader = new Thread(() -> {
                try {
                    while (reading.get()) {
                        for (ClusterNode n : cluster.nodes()) {
                            Promises.missing(cluster.client(n), Promises.ids("load", 0, 50), Consistency.LINEARIZABLE);
                        }
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
            reader.setDaemon(true);
            reader.start();
            Response reply;
            try {
                writer.awaitAcknowledged(writer.acknowledgedCount() + 200, Promises.PATIENT);
                reply = cluster.leave(leader, HavenCluster.QUORUM);
            } catch (IllegalStateException e) {
                reply = null;
                System.err.println("leave answered: " + e.getMessage());
            } finally {
                reading.set(false);
                writer.close();
                reader.join(60_000);
            }
            List<ClusterNode> rest = LeaderKillTest.survivors(cluster, leader);
            cluster.awaitLeader(rest);
            assertEquals(4, cluster.members(rest.get(0)).size(), "members after the leave");
            assertTrue(reply instanceof Response.ControlReply c && c.status() == 201, "the leave answered " + reply);
            assertFalse(Files.exists(raftGroup), "the left quorum's Raft directory is still there: " + raftGroup);

            leader.restart();
            HavenCluster.Seen seen = cluster.discoverLeader(leader);
            assertTrue(
                    seen.answer().contains("member of no quorum"),
                    "after a restart the node that left answers DISCOVER with " + seen.answer());
        }
    }
}
