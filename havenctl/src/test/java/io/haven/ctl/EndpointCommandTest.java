package io.haven.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.message.ReplicaRole;
import io.haven.protocol.message.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code endpoint health|status} over one or several nodes, as etcdctl has them. */
class EndpointCommandTest {

    static Response.QuorumState quorum(String name, ReplicaRole role, boolean ready, Response.Member... voters) {
        return new Response.QuorumState(
                name,
                role,
                role == ReplicaRole.LEADER ? FakeNode.UUID : "",
                4,
                120,
                ready ? 120 : 3,
                77,
                ready,
                List.of("/app"),
                List.of(voters),
                List.of(),
                Map.of());
    }

    private static String gone() {
        FakeNode node = new FakeNode();
        String address = node.address();
        node.close();
        return address;
    }

    @Test
    void aReadyNodeIsHealthyAfterAReadInEachOfItsQuorums() {
        try (FakeNode node = new FakeNode().reporting(true, quorum("q1", ReplicaRole.LEADER, true))) {
            Run run = Run.on(node, "-w", "json", "endpoint", "health");
            assertEquals(ExitCodes.OK, run.code(), run.err() + run.out());
            assertTrue(
                    run.out().startsWith("{\"endpoints\":[{\"endpoint\":\"" + node.address() + "\",\"health\":true"),
                    run.out());
            assertEquals(List.of(new DataRequest.KvGet("/app/" + Probes.HEALTH_KEY)), node.received());
        }
    }

    @Test
    void aNodeWhoseQuorumIsNotReadyIsUnhealthyAndSaysWhy() {
        try (FakeNode node = new FakeNode().reporting(false, quorum("q1", ReplicaRole.CANDIDATE, false))) {
            Run run = Run.on(node, "endpoint", "health");
            assertEquals(ExitCodes.UNHEALTHY, run.code());
            assertTrue(run.lines().get(1).contains("false"), run.out());
            assertTrue(
                    run.out().contains("quorum q1 is not ready here (candidate, no leader, applied 3 of 120)"),
                    run.out());
        }
    }

    @Test
    void severalEndpointsAreEachCheckedAndOneUnreachableMakesTheExitCodeFour() {
        String down = gone();
        try (FakeNode up = new FakeNode()) {
            Run run = Run.of("endpoint", "health", "--endpoints", up.address() + "," + down);
            assertEquals(ExitCodes.UNHEALTHY, run.code());
            assertEquals(3, run.lines().size(), run.out());
            assertTrue(
                    run.lines().get(1).matches(up.address() + " +true +[0-9.]+"),
                    run.lines().get(1));
            assertTrue(
                    run.lines().get(2).matches(down + " +false +[0-9.]+ +ERROR_UNAVAILABLE: no node answered.*"),
                    run.lines().get(2));
        }
    }

    @Test
    void statusShowsOneRowPerQuorumOfEachNode() {
        try (FakeNode node = new FakeNode()
                .reporting(
                        true, quorum("locator", ReplicaRole.FOLLOWER, true), quorum("q1", ReplicaRole.LEADER, true))) {
            Run run = Run.on(node, "endpoint", "status");
            assertEquals(ExitCodes.OK, run.code(), run.err());
            assertEquals(
                    "ENDPOINT  UUID  VERSION  QUORUM  ROLE  LEADER  TERM  COMMIT_INDEX  APPLIED_INDEX  REVISION  READY"
                            + "  ERROR",
                    run.lines().get(0).replaceAll(" +", "  "));
            assertEquals(3, run.lines().size(), run.out());
            assertTrue(
                    run.lines()
                            .get(2)
                            .replaceAll(" +", " ")
                            .startsWith(node.address() + " " + FakeNode.UUID + " 0.1.0-test q1 leader " + FakeNode.UUID
                                    + " 4 120 120 77 true"),
                    run.lines().get(2));
        }
    }

    @Test
    void statusAsJsonHoldsEachNodesWholeAnswer() {
        try (FakeNode node = new FakeNode().reporting(false, quorum("q1", ReplicaRole.FOLLOWER, false))) {
            Run run = Run.on(node, "-w", "json", "endpoint", "status");
            assertEquals(ExitCodes.UNHEALTHY, run.code(), "a node that is not ready");
            assertTrue(
                    run.out()
                            .startsWith("{\"endpoints\":[{\"endpoint\":\"" + node.address() + "\",\"uuid\":\""
                                    + FakeNode.UUID + "\",\"address\":\"" + node.address()
                                    + "\",\"version\":\"0.1.0-test\",\"roles\":[\"idle\"],\"ready\":false,\"quorums\":[{\"name\":"
                                    + "\"q1\",\"role\":\"follower\""),
                    run.out());
        }
    }

    @Test
    void clusterAsksEveryMemberTheAskedNodeNames() {
        try (FakeNode other = new FakeNode();
                FakeNode asked = new FakeNode()) {
            Response.Member self = new Response.Member(FakeNode.UUID, "127.0.0.1:1", asked.address());
            Response.Member peer = new Response.Member("peer", "127.0.0.1:2", other.address());
            asked.reporting(true, quorum("q1", ReplicaRole.LEADER, true, self, peer));
            Run run = Run.on(asked, "endpoint", "health", "--cluster");
            assertEquals(ExitCodes.OK, run.code(), run.out());
            assertEquals(asked.address(), run.lines().get(1).split(" +")[0]);
            assertEquals(other.address(), run.lines().get(2).split(" +")[0]);
        }
    }

    @Test
    void waitAsksAgainUntilTheNodeIsHealthy() throws Exception {
        try (FakeNode node = new FakeNode().reporting(false, quorum("q1", ReplicaRole.CANDIDATE, false))) {
            Thread later = new Thread(() -> {
                try {
                    Thread.sleep(700);
                } catch (InterruptedException e) {
                    return;
                }
                node.reporting(true, quorum("q1", ReplicaRole.LEADER, true));
            });
            later.start();
            Run run = Run.on(node, "endpoint", "health", "--wait", "20000");
            later.join();
            assertEquals(ExitCodes.OK, run.code(), run.out());
        }
    }
}
