package io.haven.daemon.quorum;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.daemon.HavenNode;
import io.haven.daemon.Havend;
import io.haven.daemon.HavendConfig;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.ReplicaRole;
import io.haven.protocol.message.Response;
import io.haven.quorum.Peer;
import io.haven.quorum.QuorumStatus;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StatusReportTest {
    @TempDir
    Path data;

    private static QuorumStatus status(String role, String leader, long commit, long applied, boolean leaderReady) {
        Peer self = new Peer("n1", "127.0.0.1:7401", "127.0.0.1:7400");
        return new QuorumStatus("q1", role, leader, List.of(self), List.of(), 2, commit, applied, 7, leaderReady);
    }

    @Test
    void aFollowerThatKnowsItsLeaderAndHasAppliedWhatIsCommittedIsReady() {
        assertTrue(StatusReport.ready(ReplicaRole.FOLLOWER, status("FOLLOWER", "n2", 50, 50, false)));
    }

    @Test
    void aFollowerWithoutALeaderIsNotReady() {
        assertFalse(StatusReport.ready(ReplicaRole.FOLLOWER, status("FOLLOWER", "", 50, 50, false)));
    }

    @Test
    void aReplicaThatTrailsCommitByMoreThanTheLagIsNotReady() {
        long commit = 10 + StatusReport.READY_LAG + 1;
        assertFalse(StatusReport.ready(ReplicaRole.FOLLOWER, status("FOLLOWER", "n2", commit, 10, false)));
        assertTrue(StatusReport.ready(ReplicaRole.FOLLOWER, status("FOLLOWER", "n2", commit - 1, 10, false)));
    }

    @Test
    void aLeaderIsReadyOnlyOnceItHasCommittedAnEntryOfItsTerm() {
        assertFalse(StatusReport.ready(ReplicaRole.LEADER, status("LEADER", "n1", 5, 5, false)));
        assertTrue(StatusReport.ready(ReplicaRole.LEADER, status("LEADER", "n1", 5, 5, true)));
    }

    @Test
    void aCandidateIsNeverReady() {
        assertFalse(StatusReport.ready(ReplicaRole.CANDIDATE, status("CANDIDATE", "", 5, 5, false)));
    }

    @Test
    void ratisListenersAreLearnersAndRolesWithoutANameHereAreDown() {
        assertEquals(ReplicaRole.LEARNER, StatusReport.role("LISTENER"));
        assertEquals(ReplicaRole.DOWN, StatusReport.role("STARTING"));
    }

    @Test
    void aDevNodeReportsItsOneMemberQuorumLedByItselfAndReady() throws Exception {
        int raftPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            raftPort = s.getLocalPort();
        }
        HavendConfig config = HavendConfig.from(Map.of(
                HavendConfig.DATA_KEY,
                data.toString(),
                HavendConfig.LISTEN_KEY,
                "127.0.0.1:0",
                HavendConfig.RAFT_KEY,
                "127.0.0.1:" + raftPort,
                HavendConfig.DEV_KEY,
                "true"));
        try (HavenNode node = Havend.start(config)) {
            QuorumRole role = (QuorumRole) node.services().control();
            role.quorum(QuorumRole.DEV_QUORUM)
                    .orElseThrow()
                    .query(
                            new DataRequest.KvPut("/a", new byte[] {1}, "", DataRequest.NO_VERSION),
                            Consistency.LINEARIZABLE)
                    .join();
            io.haven.daemon.service.LocalNode self = new io.haven.daemon.service.LocalNode(
                    node.uuid(), "test", "127.0.0.1:" + node.address().getPort());
            Response.StatusReply reply = StatusReport.of(9, self, role.raft().quorums(), role::paths);
            assertTrue(reply.ready(), reply.toString());
            assertEquals(1, reply.quorums().size(), reply.toString());
            Response.QuorumState q = reply.quorums().get(0);
            assertEquals(QuorumRole.DEV_QUORUM, q.name());
            assertEquals(ReplicaRole.LEADER, q.role());
            assertEquals(node.uuid(), q.leader());
            assertEquals(List.of("/"), q.paths());
            assertEquals(
                    List.of(node.uuid()),
                    q.voters().stream().map(Response.Member::uuid).toList());
            assertTrue(q.appliedIndex() > 0 && q.commitIndex() >= q.appliedIndex(), q.toString());
            assertEquals(1, q.revision(), "the one put is the quorum's first change");
        }
    }
}
