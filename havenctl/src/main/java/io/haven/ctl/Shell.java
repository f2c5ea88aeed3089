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
import org.jline.reader.impl.completer.AggregateCompleter;
import org.jline.reader.impl.completer.ArgumentCompleter;
import org.jline.reader.impl.completer.NullCompleter;
import org.jline.reader.impl.completer.StringsCompleter;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine;

/**
 * The interactive havenctl: reads command lines with JLine (history kept in {@code ~/.havenctl_history}, tab
 * completion of command and subcommand names) and runs each as if given to {@code havenctl}, with the options the
 * shell was started with, on one shared connection.
 */
final class Shell {
    static final String PROMPT = "haven> ";

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
            Path history = Path.of(System.getProperty("user.home"), ".havenctl_history");
            return run(terminal, Optional.of(history));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    int run(Terminal terminal, Optional<Path> historyFile) {
        LineReaderBuilder builder = LineReaderBuilder.builder()
                .terminal(terminal)
                .appName("havenctl")
                .completer(completer(HavenCtl.commandLine(connections, true)));
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
        if (base.json) {
            args.add("--json");
        }
        args.addAll(words);
        CommandLine cl = HavenCtl.commandLine(connections, true);
        cl.setOut(out);
        cl.setErr(out);
        int code = cl.execute(args.toArray(String[]::new));
        out.flush();
        return code;
    }

    /** Completes command names, then subcommand names, from the command line's own model. */
    static Completer completer(CommandLine root) {
        List<Completer> completers = new ArrayList<>();
        root.getSubcommands().forEach((name, sub) -> {
            if (sub.getSubcommands().isEmpty()) {
                completers.add(new ArgumentCompleter(new StringsCompleter(name), NullCompleter.INSTANCE));
            } else {
                completers.add(new ArgumentCompleter(
                        new StringsCompleter(name),
                        new StringsCompleter(sub.getSubcommands().keySet()),
                        NullCompleter.INSTANCE));
            }
        });
        completers.add(new ArgumentCompleter(new StringsCompleter("exit", "quit"), NullCompleter.INSTANCE));
        return new AggregateCompleter(completers);
    }
}
