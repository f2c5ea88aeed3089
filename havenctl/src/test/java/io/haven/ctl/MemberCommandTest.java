package io.haven.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.message.ReplicaRole;
import io.haven.protocol.message.Response;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** {@code member list}: the asked node's configuration, each member's own view of itself beside it. */
class MemberCommandTest {

    @Test
    void everyMemberIsListedWithTheLeaderMarkedAndItsOwnRoleAndIndexes() {
        try (FakeNode follower = new FakeNode("f-uuid");
                FakeNode leader = new FakeNode()) {
            Response.Member l = new Response.Member(FakeNode.UUID, "127.0.0.1:11", leader.address());
            Response.Member f = new Response.Member("f-uuid", "127.0.0.1:12", follower.address());
            leader.reporting(true, EndpointCommandTest.quorum("q1", ReplicaRole.LEADER, true, l, f));
            follower.reporting(true, EndpointCommandTest.quorum("q1", ReplicaRole.FOLLOWER, true, l, f));
            Run run = Run.on(leader, "-w", "json", "member", "list");
            assertEquals(0, run.code(), run.err());
            assertTrue(
                    run.out()
                            .contains(
                                    "{\"quorum\":\"q1\",\"uuid\":\"" + FakeNode.UUID + "\",\"address\":\""
                                            + leader.address()
                                            + "\",\"raft\":\"127.0.0.1:11\",\"member\":\"voter\",\"leader\":true,"
                                            + "\"role\":\"leader\",\"term\":4,\"commit_index\":120,\"applied_index\":120,\"ready\":true}"),
                    run.out());
            assertTrue(
                    run.out()
                            .contains(
                                    "{\"quorum\":\"q1\",\"uuid\":\"f-uuid\",\"address\":\"" + follower.address()
                                            + "\",\"raft\":\"127.0.0.1:12\",\"member\":\"voter\",\"leader\":false,\"role\":\"follower\""),
                    run.out());
        }
    }

    @Test
    void aMemberThatDoesNotAnswerIsListedWithWhy() {
        FakeNode gone = new FakeNode();
        String address = gone.address();
        gone.close();
        try (FakeNode leader = new FakeNode()) {
            Response.Member l = new Response.Member(FakeNode.UUID, "127.0.0.1:11", leader.address());
            Response.Member g = new Response.Member("g-uuid", "127.0.0.1:12", address);
            leader.reporting(true, EndpointCommandTest.quorum("q1", ReplicaRole.LEADER, true, l, g));
            Run run = Run.on(leader, "member", "list");
            assertEquals(0, run.code(), run.err());
            assertEquals(3, run.lines().size(), run.out());
            assertTrue(run.lines().get(2).contains("ERROR_UNAVAILABLE: no node answered"), run.out());
        }
    }

    @Test
    void quorumNamesOneQuorumAndANameTheNodeIsNoMemberOfFails() {
        try (FakeNode node =
                new FakeNode().reporting(true, EndpointCommandTest.quorum("q1", ReplicaRole.LEADER, true))) {
            Run run = Run.on(node, "member", "list", "--quorum", "q9");
            assertEquals(ExitCodes.FAILED, run.code());
            assertTrue(run.err().contains("is not a member of quorum q9"), run.err());
        }
    }

    @Test
    void localAsksNoOtherMember() {
        FakeNode gone = new FakeNode();
        String address = gone.address();
        gone.close();
        try (FakeNode leader = new FakeNode()) {
            Response.Member g = new Response.Member("g-uuid", "127.0.0.1:12", address);
            leader.reporting(
                    true,
                    new Response.QuorumState(
                            "q1",
                            ReplicaRole.LEADER,
                            FakeNode.UUID,
                            1,
                            1,
                            1,
                            1,
                            true,
                            List.of(),
                            List.of(g),
                            List.of(),
                            Map.of()));
            Run run = Run.on(leader, "member", "list", "--local");
            assertEquals(0, run.code(), run.err());
            assertEquals(2, run.lines().size(), run.out());
            assertTrue(!run.lines().get(1).contains("ERROR_UNAVAILABLE"), run.out());
        }
    }
}
