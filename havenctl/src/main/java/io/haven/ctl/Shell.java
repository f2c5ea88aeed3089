package io.haven.ctl;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jline.reader.Completer;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;

/**
 * The interactive havenctl: reads command lines with JLine (history kept between runs in {@code ~/.havenctl_history}
 * or the file {@code $HAVEN_HISTORY} names; tab completion of commands, options, their values, kv keys and promise ids,
 * see {@link ShellCompleter}) and runs each as if given to {@code havenctl}, with the options the shell was started
 * with, on one shared connection.
 */
final class Shell {
    static final String PROMPT = "haven> ";

    /** The longest a tab waits for the node to list keys or ids. */
    private static final long COMPLETION_WAIT_MS = 2_000;

    private final Connections connections;
    private final HavenCtl base;

    Shell(Connections connections, HavenCtl base) {
        this.connections = connections;
        this.base = base;
    }

    /** Runs on the process's terminal (a dumb one when stdin is a pipe) until end of input or {@code exit}. */
    int run() {
        try (Terminal terminal =
                TerminalBuilder.builder().system(true).dumb(true).build()) {
            return run(terminal, Optional.of(historyFile(System.getenv(HISTORY_ENV))));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The environment variable naming the history file; {@code ~/.havenctl_history} when it is unset or empty. */
    static final String HISTORY_ENV = "HAVEN_HISTORY";

    static Path historyFile(String fromEnvironment) {
        if (fromEnvironment != null && !fromEnvironment.isBlank()) {
            return Path.of(fromEnvironment);
        }
        return Path.of(System.getProperty("user.home"), ".havenctl_history");
    }

    /** Runs on {@code terminal}; each line is added to {@code historyFile} as it is read, and read back next time. */
    int run(Terminal terminal, Optional<Path> historyFile) {
        ShellCompleter.Lookup lookup =
                ShellCompleter.Lookup.of(base::client, Math.min(base.timeoutMs, COMPLETION_WAIT_MS));
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("havenctl")
                .completer(completer(HavenCtl.commandLine(connections, true), lookup));
        historyFile.ifPresent(h -> builder.variable(LineReader.HISTORY_FILE, h));
        LineReader reader = builder.build();
        PrintWriter out = terminal.writer();
        out.println("havenctl shell on " + base.server + " - commands as for havenctl; 'help', 'exit'.");
        out.flush();
        int last = ExitCodes.OK;
        while (true) {
            String line;
            try {
                line = reader.readLine(PROMPT);
            } catch (UserInterruptException e) {
                continue;
            } catch (EndOfFileException e) {
                break;
            }
            List<String> words = reader.getParsedLine() == null
                    ? List.of(line.trim().split("\\s+"))
                    : reader.getParsedLine().words();
            words = words.stream().filter(w -> !w.isEmpty()).toList();
            if (words.isEmpty()) {
                continue;
            }
            if (words.get(0).equals("exit") || words.get(0).equals("quit")) {
                break;
            }
            last = execute(words, out);
        }
        return last;
    }

    /** Runs one command line with the shell's global options in front of it. */
    int execute(List<String> words, PrintWriter out) {
        List<String> args = new ArrayList<>(
                List.of("--server", base.server, "--token", base.token, "--timeout", Long.toString(base.timeoutMs)));
        if (base.json()) {
            args.add("-w");
            args.add("json");
        }
        args.addAll(words);
        CommandLine cl = HavenCtl.commandLine(connections, true);
        // The shell's own options come first; one the line gives again wins.
        cl.setOverwrittenOptionsAllowed(true);
        cl.setOut(out);
        cl.setErr(out);
        int code = cl.execute(args.toArray(String[]::new));
        out.flush();
        return code;
    }

    /** Completes commands, options and their values from the command line's model, keys and ids from the node. */
    static Completer completer(CommandLine root, ShellCompleter.Lookup lookup) {
        return new ShellCompleter(root, lookup);
    }
}
