package io.haven.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OutputTest {

    @Test
    void statusShowsTheNodeItsRolesTheSessionAndThePingTime() {
        try (FakeNode node = new FakeNode()) {
            Run run = Run.on(node, "status");
            assertEquals(0, run.code(), run.err());
            List<String> lines = run.lines();
            assertEquals("address         " + node.address(), lines.get(0));
            assertEquals("node            " + FakeNode.UUID, lines.get(1));
            assertEquals("roles           idle", lines.get(2));
            assertEquals("session         session-1", lines.get(4));
            assertEquals("heartbeat_ms    5000", lines.get(5));
            assertTrue(lines.get(7).matches("ping_ms +[0-9.]+"), lines.get(7));
        }
    }

    @Test
    void statusSaysWhetherTheNodeIsReadyAndItsRoleInEachQuorum() {
        try (FakeNode node = new FakeNode()
                .reporting(
                        false,
                        EndpointCommandTest.quorum("locator", io.haven.protocol.message.ReplicaRole.FOLLOWER, true),
                        EndpointCommandTest.quorum("q1", io.haven.protocol.message.ReplicaRole.CANDIDATE, false))) {
            Run run = Run.on(node, "status");
            assertEquals(0, run.code(), run.err());
            assertEquals("false", run.field("ready"));
            assertEquals("locator:follower,q1:candidate(not ready)", run.field("quorums"));
        }
    }

    @Test
    void kvGetPrintsTheEntryAsAnAlignedTable() {
        try (FakeNode node = new FakeNode()) {
            assertEquals(
                    0,
                    Run.on(node, "kv", "put", "/app/color", "blue", "--content-type", "text/plain")
                            .code());
            Run run = Run.on(node, "kv", "get", "/app/color");
            assertEquals(
                    """
                    status        200
                    key           /app/color
                    value         blue
                    content_type  text/plain
                    version       1
                    rev           1
                    """,
                    run.out());
        }
    }

    @Test
    void jsonPrintsTheSameFieldsAsOneJsonObject() {
        try (FakeNode node = new FakeNode()) {
            Run.on(node, "kv", "put", "/app/color", "blue");
            Run run = Run.on(node, "--json", "kv", "get", "/app/color");
            assertEquals(
                    "{\"status\":200,\"key\":\"/app/color\",\"value\":\"blue\",\"content_type\":\"\",\"version\":1,"
                            + "\"rev\":1}\n",
                    run.out());
        }
    }

    @Test
    void globalOptionsMayFollowTheCommand() {
        try (FakeNode node = new FakeNode()) {
            Run.on(node, "kv", "put", "/k", "v");
            Run run = Run.of("kv", "get", "/k", "--json", "-s", node.address());
            assertEquals(0, run.code(), run.err());
            assertTrue(run.out().startsWith("{\"status\":200,"), run.out());
        }
    }

    @Test
    void kvLsPrintsOneRowPerKeyUnderAHeader() {
        try (FakeNode node = new FakeNode()) {
            Run.on(node, "kv", "put", "/a/1", "one");
            Run.on(node, "kv", "put", "/a/2", "two");
            Run.on(node, "kv", "put", "/b/1", "other");
            Run run = Run.on(node, "kv", "ls", "/a/");
            assertEquals(
                    List.of(
                            "KEY   VALUE  CONTENT_TYPE  VERSION  REV",
                            "/a/1  one                  1        1",
                            "/a/2  two                  1        2"),
                    run.lines());
        }
    }

    @Test
    void discoverLocationListsTheNodesAndWhereToGo() {
        try (FakeNode node = new FakeNode()) {
            Run run = Run.on(node, "--json", "discover", "location");
            assertEquals(
                    "{\"locations\":[{\"uuid\":\"" + FakeNode.UUID + "\",\"address\":\"" + node.address()
                            + "\",\"roles\":[\"idle\"],\"leader\":true,\"up\":true}],\"location\":\"" + node.address()
                            + "\"}\n",
                    run.out());
        }
    }

    @Test
    void discoverQuorumShowsTheLeaderTheQuorumAndTheMatchedPrefix() {
        try (FakeNode node = new FakeNode().servingQuorum()) {
            Run run = Run.on(node, "--json", "discover", "quorum", "/app/x");
            assertEquals(
                    "{\"locations\":[{\"uuid\":\"" + FakeNode.UUID + "\",\"address\":\"" + node.address()
                            + "\",\"roles\":[\"idle\"],\"leader\":true,\"up\":true}],\"location\":\""
                            + node.address() + "\",\"quorum\":\"dev\",\"prefix\":\"/\"}\n",
                    run.out());
        }
    }

    @Test
    void anEmptyListShowsAsADashInATable() {
        java.io.StringWriter out = new java.io.StringWriter();
        new Output(new java.io.PrintWriter(out), false).object(java.util.Map.of("roles", List.of()));
        assertEquals("roles  -\n", out.toString());
    }

    @Test
    void bytesThatAreNotUtf8AreShownAsBase64() {
        assertEquals("base64://4=", Views.bytes(new byte[] {(byte) 0xff, (byte) 0xfe}));
        assertEquals("héllo", Views.bytes("héllo".getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }
}
