package io.haven.tests.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A client built on another MessagePack library (Python's, from Debian's python3-msgpack) and written only from
 * protocol-docs talks to a real havend: CONNECT, HEARTBEAT, pipelining and two error cases.
 */
class PythonClientTest {
    private static final String PYTHON = "/usr/bin/python3";
    private static final Path SCRIPT = Path.of("src", "test", "python", "haven_client.py");

    @TempDir
    Path data;

    /** Skips without python3-msgpack, except on CI, where its absence is a failure. */
    private static void requirePythonMsgpack() throws InterruptedException {
        String why;
        try {
            Process p = new ProcessBuilder(PYTHON, "-c", "import msgpack")
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() == 0) {
                return;
            }
            why = out.strip();
        } catch (IOException e) {
            why = e.getMessage();
        }
        String message = PYTHON + " cannot import msgpack (apt-get install -y python3-msgpack): " + why;
        if ("true".equals(System.getenv("CI"))) {
            fail(message);
        }
        Assumptions.abort(message);
    }

    private static Map<String, Map<String, String>> steps(String output) {
        Map<String, Map<String, String>> steps = new HashMap<>();
        for (String line : output.split("\n")) {
            String[] words = line.strip().split(" ");
            Map<String, String> fields = new HashMap<>();
            for (int i = 1; i < words.length; i++) {
                int eq = words[i].indexOf('=');
                if (eq > 0) {
                    fields.put(words[i].substring(0, eq), words[i].substring(eq + 1));
                }
            }
            steps.put(words[0], fields);
        }
        return steps;
    }

    @Test
    void aPythonClientWrittenFromProtocolDocsTalksToHavend() throws Exception {
        requirePythonMsgpack();
        try (HavendProcess havend = HavendProcess.start(data)) {
            Process py = new ProcessBuilder(
                            PYTHON,
                            SCRIPT.toString(),
                            havend.address().getHostString(),
                            Integer.toString(havend.address().getPort()))
                    .redirectErrorStream(true)
                    .start();
            String output = new String(py.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(py.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, py.exitValue(), output);
            Map<String, Map<String, String>> steps = steps(output);

            Map<String, String> before = steps.get("before_connect");
            assertEquals("heartbeat", before.get("action"), output);
            assertEquals("1", before.get("reqid"));
            assertEquals("False", before.get("result"));
            assertEquals("400", before.get("status"));
            assertEquals("4", before.get("code"));
            assertEquals("ERROR_INCOMPLETE", before.get("name"));

            Map<String, String> connect = steps.get("connect");
            assertEquals("connect", connect.get("action"), output);
            assertEquals("2", connect.get("reqid"));
            assertEquals("True", connect.get("result"));
            assertEquals("200", connect.get("status"));
            assertEquals("1", connect.get("version"));
            UUID.fromString(connect.get("session"));
            assertEquals(Files.readString(data.resolve("node-id")).strip(), connect.get("uuid"));
            assertEquals("none", connect.get("roles"));
            assertEquals("5000", connect.get("heartbeat_ms"));
            assertEquals("30000", connect.get("session_ttl_ms"));

            Map<String, String> pong = steps.get("pong");
            assertEquals("heartbeat", pong.get("action"), output);
            assertEquals("pong", pong.get("type"));
            assertEquals("3", pong.get("reqid"));
            assertEquals("200", pong.get("status"));
            assertEquals("0", pong.get("events"));

            Map<String, String> unknown = steps.get("unknown_action");
            assertEquals("4", unknown.get("reqid"), output);
            assertEquals("False", unknown.get("result"));
            assertEquals("ERROR_INVALID", unknown.get("name"));
            assertEquals("3", unknown.get("code"));
            assertEquals("action", unknown.get("items"));

            assertEquals("10,11,12", steps.get("pipelined").get("reqids"), output);
        }
    }
}
