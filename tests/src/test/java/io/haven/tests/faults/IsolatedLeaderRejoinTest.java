package io.haven.tests.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.haven.tests.cluster.ClusterLogs;
import io.haven.tests.cluster.ClusterNode;
import io.haven.tests.lin.History;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Finding 2 of FAULTS.md, on its own: a leader cut off from the other four while clients write through every node
 * (so it appends entries of its term that the others never get) must, once the routes are back, drop those entries,
 * take the new leader's and apply every later write. Repeated ({@code -Dhaven.faults.rounds}, default 4), since it
 * depends on how the new leader's pipelined appends meet the old leader's truncation: finding 2 was seen once in a
 * schedule and this test has not reproduced it yet, so it runs with the slow suite as a stress test. Since the
 * node restarts a member whose appends Ratis fails for good, the contract is the fence: every node applies it.
 */
@Tag("slow")
@ExtendWith(ClusterLogs.class)
class IsolatedLeaderRejoinTest {
    private static final int ROUNDS = Integer.getInteger("haven.faults.rounds", 4);

    @TempDir
    Path dir;

    @Test
    void anIsolatedLeaderAppliesEveryLaterWriteOnceThePartitionHeals() throws Exception {
        assumeTrue(Ip.namespacesAvailable(), "network namespaces cannot be made here (not root or no iproute2)");
        try (FaultCluster fc = FaultCluster.start(dir, List.of())) {
            History history = new History();
            List<Workload> load = List.of(
                    new RegisterWorkload(fc.cluster(), history, 4, 4, 1),
                    new PromiseWorkload(fc.cluster(), history, 3, 1));
            load.forEach(Workload::start);
            try {
                for (int round = 1; round <= ROUNDS; round++) {
                    ClusterNode leader = fc.awaitLeader();
                    Set<Integer> others = new java.util.HashSet<>(Set.of(0, 1, 2, 3, 4));
                    others.remove(leader.index());
                    fc.log("round " + round + ": isolating the leader, node " + leader.index());
                    fc.network().cut(Set.of(leader.index()), others);
                    await(fc, leader);
                    fc.network().heal();
                    fc.log("healed; the fence must reach every node");
                    long fence = FinalState.fence(fc, fc.awaitLeader());
                    for (ClusterNode n : fc.nodes()) {
                        long applied =
                                FinalState.revision(fc.cluster().client(n)).orElse(-1L);
                        assertTrue(
                                applied >= fence,
                                "node " + n.index() + " is at revision " + applied + ", before the fence's " + fence);
                    }
                    // Ratis may still refuse the old leader's appends past a gap (finding 2); the node restarts the
                    // member's division and it catches up, which the fence above checks. Say when it happened.
                    fc.log("after round " + round + ": " + FinalState.restarted(fc));
                }
            } finally {
                for (Workload w : load) {
                    w.stop();
                }
            }
        }
    }

    /** Waits until the four others serve with a new leader (the old one keeps its clients' writes meanwhile). */
    private static void await(FaultCluster fc, ClusterNode isolated) throws InterruptedException {
        List<ClusterNode> rest = fc.nodes().stream().filter(n -> n != isolated).toList();
        fc.cluster().awaitLeader(rest);
        // A few seconds more, so that the isolated leader gathers entries of its own term.
        Thread.sleep(3_000);
    }
}
