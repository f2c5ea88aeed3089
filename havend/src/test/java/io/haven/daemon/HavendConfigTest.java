package io.haven.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.daemon.logging.LogFormat;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class HavendConfigTest {
    @TempDir
    Path dir;

    private Map<String, String> parse(String... args) throws Exception {
        Havend h = new Havend();
        new CommandLine(h).parseArgs(args);
        return h.settings();
    }

    @Test
    void withNothingGivenEverySettingHasItsDocumentedDefault() {
        HavendConfig c = HavendConfig.defaults();
        assertFalse(c.dev());
        assertEquals(Optional.empty(), c.nodeId());
        assertEquals(Path.of("./data"), c.data());
        assertEquals("127.0.0.1:7400", c.listen().toString());
        assertEquals("127.0.0.1:7401", c.raft().toString());
        assertEquals(List.of(), c.locators());
        assertEquals(4 * 1024 * 1024, c.maxFrame());
        assertEquals(5_000, c.heartbeatMs());
        assertEquals(30_000, c.sessionTtlMs());
        assertEquals(2, c.eventLoopThreads());
        assertEquals(30_000, c.pendingRetryMs());
    }

    @Test
    void flagsWinOverTheConfigFile() throws Exception {
        Path file = dir.resolve("havend.properties");
        Files.writeString(file, "listen=127.0.0.1:9000\nmax-frame=1000\ndata=/from/file\n");
        HavendConfig c = HavendConfig.from(parse("--config", file.toString(), "--listen", "127.0.0.1:9100"));
        assertEquals(9100, c.listen().port());
        assertEquals(1000, c.maxFrame());
        assertEquals(Path.of("/from/file"), c.data());
    }

    @Test
    void everyFlagIsRead() throws Exception {
        HavendConfig c = HavendConfig.from(parse(
                "--dev",
                "--node-id",
                "0b6f5b1c-4e52-4c1e-9d1a-0c5a0c9a7f10",
                "--data",
                "d",
                "--listen",
                "127.0.0.2:1",
                "--raft",
                "127.0.0.2:2",
                "--locators",
                "127.0.0.3:3, 127.0.0.4:4",
                "--set",
                "session-ttl-ms=1234"));
        assertTrue(c.dev());
        assertEquals(Optional.of("0b6f5b1c-4e52-4c1e-9d1a-0c5a0c9a7f10"), c.nodeId());
        assertEquals(Path.of("d"), c.data());
        assertEquals("127.0.0.2:2", c.raft().toString());
        assertEquals(2, c.locators().size());
        assertEquals(4, c.locators().get(1).port());
        assertEquals(1234, c.sessionTtlMs());
    }

    @Test
    void anUnknownSettingIsRefusedNamingIt() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HavendConfig.from(Map.of("max-frames", "1")));
        assertTrue(e.getMessage().contains("max-frames"));
    }

    @Test
    void aValueThatDoesNotParseIsRefusedNamingItsKey() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HavendConfig.from(Map.of("max-pending", "lots")));
        assertTrue(e.getMessage().startsWith("max-pending"), e.getMessage());
    }

    @Test
    void aListenAddressWithoutPortIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> HavendConfig.from(Map.of("listen", "localhost")));
    }

    @Test
    void anAuthSchemeOtherThanNoneIsRefusedUntilItExists() {
        assertThrows(IllegalArgumentException.class, () -> HavendConfig.from(Map.of("auth", "token")));
    }

    @Test
    void aConfigRoundTripsThroughItsMap() {
        HavendConfig c = HavendConfig.defaults().with(Map.of("max-frame", "77", "locators", "127.0.0.1:5"));
        assertEquals(c, HavendConfig.from(c.asMap()));
    }

    @Test
    void theHttpEndpointListensOnLoopbackPort7402ByDefault() {
        assertEquals(
                "127.0.0.1:7402", HavendConfig.defaults().http().orElseThrow().toString());
    }

    @Test
    void theHttpEndpointIsTurnedOffWithOff() {
        HavendConfig c = HavendConfig.from(Map.of("http", "off"));
        assertEquals(Optional.empty(), c.http());
        assertEquals(c, HavendConfig.from(c.asMap()));
    }

    @Test
    void aBadHttpAddressIsRefusedNamingTheKey() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HavendConfig.from(Map.of("http", "nowhere")));
        assertTrue(e.getMessage().startsWith("http"), e.getMessage());
    }

    @Test
    void theLogFormatIsUnsetByDefaultAndTakesTextOrJson() {
        assertEquals(Optional.empty(), HavendConfig.defaults().logFormat());
        HavendConfig c = HavendConfig.from(Map.of("log-format", "JSON"));
        assertEquals(Optional.of(LogFormat.JSON), c.logFormat());
        assertEquals(c, HavendConfig.from(c.asMap()));
    }

    @Test
    void anUnknownLogFormatIsRefusedListingTheFormats() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> HavendConfig.from(Map.of("log-format", "xml")));
        assertTrue(e.getMessage().startsWith("log-format") && e.getMessage().contains("text, json"), e.getMessage());
    }
}
