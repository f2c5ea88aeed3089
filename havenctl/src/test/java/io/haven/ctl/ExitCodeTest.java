package io.haven.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ExitCodeTest {

    @Test
    void aCommandThatSucceedsExitsWithZeroAndPrintsNothingToStderr() {
        try (FakeNode node = new FakeNode()) {
            Run run = Run.on(node, "connect");
            assertEquals(ExitCodes.OK, run.code());
            assertEquals("", run.err());
        }
    }

    @Test
    void aNodeErrorExitsWithOneAndPrintsTheErrorsNameAndMessageToStderr() {
        try (FakeNode node = new FakeNode()) {
            Run run = Run.on(node, "promise", "get", "p1");
            assertEquals(ExitCodes.FAILED, run.code());
            assertEquals("", run.out());
            assertEquals("ERROR_UNAVAILABLE: no quorum on this node yet (status 503, items: p1)\n", run.err());
        }
    }

    @Test
    void withJsonTheErrorIsPrintedAsAJsonObject() {
        try (FakeNode node = new FakeNode()) {
            Run run = Run.on(node, "--json", "kv", "get", "/missing");
            assertEquals(ExitCodes.FAILED, run.code());
            assertEquals(
                    "{\"error\":{\"code\":2,\"name\":\"ERROR_UNAVAILABLE\",\"message\":\"no key /missing\","
                            + "\"status\":404,\"items\":[\"/missing\"]}}\n",
                    run.err());
        }
    }

    @Test
    void aCommandWhoseServerSideIsMissingPrintsTheNodesError() {
        try (FakeNode node = new FakeNode()) {
            Run run = Run.on(node, "become", "locator");
            assertEquals(ExitCodes.FAILED, run.code());
            assertTrue(run.err().startsWith("ERROR_UNAVAILABLE: role changes are not available"), run.err());
        }
    }

    @Test
    void anUnreachableNodeExitsWithThree() {
        FakeNode gone = new FakeNode();
        String address = gone.address();
        gone.close();
        Run run = Run.of("-s", address, "status");
        assertEquals(ExitCodes.UNREACHABLE, run.code());
        assertTrue(run.err().startsWith("ERROR_UNAVAILABLE: no node answered"), run.err());
    }

    @Test
    void aMissingArgumentExitsWithTheUsageCode() {
        Run run = Run.of("kv", "put", "/only-a-key");
        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(run.err().contains("Missing required parameter"), run.err());
    }

    @Test
    void anAddressThatIsNotHostAndPortExitsWithTheUsageCode() {
        Run run = Run.of("-s", "no-port-here", "status");
        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(run.err().contains("not host:port"), run.err());
    }

    @Test
    void anUnknownOutputFormatExitsWithTheUsageCode() {
        Run run = Run.of("-w", "yaml", "status");
        assertEquals(ExitCodes.USAGE, run.code());
        assertTrue(run.err().contains("table, json"), run.err());
    }

    @Test
    void jsonIsTheSameAsWriteOutJson() {
        try (FakeNode node = new FakeNode()) {
            Run.on(node, "kv", "put", "/k", "v");
            assertEquals(
                    Run.on(node, "-w", "json", "kv", "get", "/k").out(),
                    Run.on(node, "--json", "kv", "get", "/k").out());
        }
    }

    @Test
    void theHelpListsEveryExitCode() {
        Run run = Run.of("--help");
        assertEquals(ExitCodes.OK, run.code());
        for (int code = ExitCodes.OK; code <= ExitCodes.UNHEALTHY; code++) {
            assertTrue(run.out().contains("\n  " + code + "  "), "exit code " + code + " in:\n" + run.out());
        }
    }

    @Test
    void anUnknownRoleExitsWithTheUsageCode() {
        try (FakeNode node = new FakeNode()) {
            Run run = Run.on(node, "become", "janitor");
            assertEquals(ExitCodes.USAGE, run.code());
            assertEquals(0, node.connects(), "the command line was rejected before connecting");
        }
    }
}
