package io.haven.ctl;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jline.reader.Candidate;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.DumbTerminal;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ShellTest {

    private static String runShell(FakeNode node, String input) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (Connections connections = new Connections();
                Terminal terminal =
                        new DumbTerminal(new ByteArrayInputStream(input.getBytes(StandardCharsets.UTF_8)), out)) {
            CommandLine cl = HavenCtl.commandLine(connections, false);
            cl.parseArgs("-s", node.address());
            new Shell(connections, cl.getCommand()).run(terminal, Optional.empty());
        }
        return out.toString(StandardCharsets.UTF_8);
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

    private static List<String> complete(String line) throws Exception {
        try (Terminal terminal = new DumbTerminal(new ByteArrayInputStream(new byte[0]), new ByteArrayOutputStream())) {
            LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
            List<Candidate> candidates = new ArrayList<>();
            Shell.completer(HavenCtl.commandLine(new Connections(), true))
                    .complete(reader, new DefaultParser().parse(line, line.length()), candidates);
            return candidates.stream().map(Candidate::value).sorted().toList();
        }
    }

    @Test
    void tabCompletesCommandNames() throws Exception {
        List<String> names = complete("");
        assertTrue(
                names.containsAll(List.of("status", "connect", "discover", "promise", "kv", "become", "exit")),
                names.toString());
    }

    @Test
    void tabCompletesSubcommandNamesAfterACommand() throws Exception {
        assertEquals(List.of("delete", "get", "ls", "put"), complete("kv "));
    }
}
