package io.haven.tests.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A real havend process: what its startup says, how it stops on SIGTERM, that its identity survives a restart. */
class HavendShutdownTest {
    @TempDir
    Path data;

    @Test
    void sigtermStopsHavendGracefullyWithExitCodeZero() throws Exception {
        try (HavendProcess havend = HavendProcess.start(data, "--dev")) {
            String uuid = Files.readString(data.resolve("node-id")).strip();
            try (WireClient c = WireClient.connected(havend.address())) {
                assertEquals(0, havend.terminate(20_000), havend.log());
                assertTrue(c.closedByPeer(), "the client connection was closed");
            }
            String log = havend.log();
            assertTrue(log.contains("starting: node " + uuid), log);
            assertTrue(log.contains("roles none (idle)"), log);
            assertTrue(
                    log.contains("listening for clients on " + "127.0.0.1:"
                            + havend.address().getPort()),
                    log);
            assertTrue(log.contains("AUTH SCHEME none"), log);
            assertTrue(log.contains("shutdown requested"), log);
            assertTrue(log.contains("node " + uuid + " stopped"), log);
            assertTrue(log.indexOf("shutdown requested") < log.indexOf("havend exited cleanly"), log);
        }
    }

    @Test
    void aRestartedNodeKeepsItsUuid() throws Exception {
        String first;
        try (HavendProcess havend = HavendProcess.start(data)) {
            first = Files.readString(data.resolve("node-id")).strip();
            try (WireClient c = WireClient.connected(havend.address())) {
                assertEquals(first, c.connectReply().node().uuid());
            }
            assertEquals(0, havend.terminate(20_000));
        }
        try (HavendProcess havend = HavendProcess.start(data);
                WireClient c = WireClient.connected(havend.address())) {
            assertEquals(first, c.connectReply().node().uuid());
        }
    }
}
