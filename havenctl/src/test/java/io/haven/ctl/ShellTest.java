package io.haven.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ShellTest {
    @TempDir
    Path dir;

    private static String runShell(FakeNode node, String input, Optional<Path> history) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connections connections = new Connections();
                Terminal terminal =
                        new DumbTerminal(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out)) {
            CommandLine cl = HavenCtl.commandLine(connections, false);
            cl.parseArgs("-s", node.address());
            new Shell(connections, cl.getCommand()).run(terminal, history);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static String runShell(FakeNode node, String input) throws Exception {
        return runShell(node, input, Optional.empty());
    }

    @Test
    void theShellRunsEachLineAsACommandOnOneConnection() throws Exception {
        try (FakeNode node = new FakeNode()) {
            String out = runShell(node, "status\nkv put /s \"two words\"\nkv get /s\nexit\n");
            assertTrue(out.contains("node            " + FakeNode.UUID), out);
            assertTrue(out.contains("value         two words"), out);
            assertEquals(1, node.connects());
        }
    }

    @Test
    void aFailingCommandPrintsItsErrorAndTheShellGoesOn() throws Exception {
        try (FakeNode node = new FakeNode()) {
            String out = runShell(node, "promise get p1\nkv put /after yes\n");
            assertTrue(out.contains("ERROR_UNAVAILABLE: no quorum on this node yet"), out);
            assertTrue(out.contains("key           /after"), out);
        }
    }

    @Test
    void anOptionGivenOnALineWinsOverTheShellsOwn() throws Exception {
        try (FakeNode node = new FakeNode()) {
            String out = runShell(node, "kv put /j v\nkv get /j -w json\n");
            assertTrue(out.contains("{\"status\":200,\"key\":\"/j\""), out);
        }
    }

    @Test
    void historyIsKeptInTheFileAndReadBackByTheNextShell() throws Exception {
        Path history = dir.resolve("history");
        try (FakeNode node = new FakeNode()) {
            runShell(node, "kv put /h first\n", Optional.of(history));
            assertTrue(Files.readString(history).contains("kv put /h first"), Files.readString(history));
            // "!!" is JLine's event for the previous line: in a new shell it can only come from the file.
            String out = runShell(node, "!!\n", Optional.of(history));
            assertEquals(2, node.received().size(), "the put ran again: " + out);
        }
    }

    @Test
    void theHistoryFileIsTheOneHavenHistoryNamesOrTheHomeDefault() {
        assertEquals(Path.of("/tmp/h"), Shell.historyFile("/tmp/h"));
        assertEquals(Path.of(System.getProperty("user.home"), ".havenctl_history"), Shell.historyFile(null));
        assertEquals(Path.of(System.getProperty("user.home"), ".havenctl_history"), Shell.historyFile(""));
    }

    private static List<String> complete(String line, ShellCompleter.Lookup lookup) throws Exception {
        try (Terminal terminal = new DumbTerminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            List<Candidate> candidates = new ArrayList<>();
            Shell.completer(HavenCtl.commandLine(new Connections(), true), lookup)
                    .complete(reader, new DefaultParser().parse(line, line.length()), candidates);
            return candidates.stream().map(Candidate::value).sorted().toList();
        }
    }

    private static List<String> complete(String line) throws Exception {
        return complete(line, ShellCompleter.Lookup.NONE);
    }

    @Test
    void tabCompletesCommandNames() throws Exception {
        List<String> names = complete("");
        assertTrue(
                names.containsAll(List.of(
                        "status", "connect", "discover", "promise", "task", "kv", "member", "endpoint", "exit")),
                names.toString());
    }

    @Test
    void tabCompletesSubcommandNamesAfterACommand() throws Exception {
        assertEquals(List.of("del", "delete", "get", "ls", "put"), complete("kv "));
    }

    @Test
    void tabCompletesTheOptionsOfTheCommandBeingTypedInheritedOnesIncluded() throws Exception {
        List<String> options = complete("kv get /a --");
        assertTrue(
                options.containsAll(List.of("--prefix", "--keys-only", "--limit", "--server", "--write-out")),
                options.toString());
    }

    @Test
    void tabCompletesTheValuesOfAnOptionWithAFixedSet() throws Exception {
        assertEquals(List.of("canceled", "rejected", "resolved"), complete("promise settle p1 --state "));
        assertEquals(List.of("json", "table"), complete("kv get /a -w "));
    }

    @Test
    void tabCompletesKeysFromTheNodeOnePathSegmentAtATime() throws Exception {
        try (FakeNode node = new FakeNode();
                Connections connections = new Connections()) {
            Run.on(node, "kv", "put", "/app/config/color", "blue");
            Run.on(node, "kv", "put", "/app/config/size", "9");
            Run.on(node, "kv", "put", "/app/name", "x");
            ShellCompleter.Lookup lookup = ShellCompleter.Lookup.of(
                    () -> connections.client(node.address(), "", java.time.Duration.ofSeconds(5)), 2000);
            assertEquals(List.of("/app/config/", "/app/name"), complete("kv get /app/", lookup));
            assertEquals(List.of("/app/config/color", "/app/config/size"), complete("kv get /app/config/", lookup));
        }
    }

    @Test
    void tabCompletesPromiseAndTaskIdsFromTheNode() throws Exception {
        Promise p = new Promise("order/42", PromiseState.PENDING, Payload.EMPTY, Payload.EMPTY, 1, Map.of(), 0, 0);
        Promise q = new Promise("order/43", PromiseState.PENDING, Payload.EMPTY, Payload.EMPTY, 1, Map.of(), 0, 0);
        try (FakeNode node = new FakeNode().holding(p).holding(q);
                Connections connections = new Connections()) {
            ShellCompleter.Lookup lookup = ShellCompleter.Lookup.of(
                    () -> connections.client(node.address(), "", java.time.Duration.ofSeconds(5)), 2000);
            assertEquals(List.of("order/42", "order/43"), complete("task get order/", lookup));
            assertEquals(List.of("order/42", "order/43"), complete("task suspend x --on ord", lookup));
            assertEquals(List.of("order/42", "order/43"), complete("promise register order/1 order", lookup));
        }
    }

    @Test
    void aNodeThatCannotBeReachedCompletesNothing() throws Exception {
        FakeNode gone = new FakeNode();
        String address = gone.address();
        gone.close();
        try (Connections connections = new Connections()) {
            ShellCompleter.Lookup lookup = ShellCompleter.Lookup.of(
                    () -> connections.client(address, "", java.time.Duration.ofSeconds(2)), 2000);
            assertEquals(List.of(), complete("kv get /", lookup));
        }
    }
}
