package io.haven.ctl;

import io.haven.client.HavenClient;
import io.haven.client.HostPort;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * {@code havenctl}: the root command. Global options may come before or after the subcommand; without a
 * subcommand it starts the interactive {@link Shell}.
 */
@Command(
        name = "havenctl",
        version = "havenctl 0.1.0 (protocol v1)",
        description = "Steer and query Haven nodes. Without a command: an interactive shell.",
        footer = {
            "",
            "Exit codes:",
            "  " + ExitCodes.OK + "  the command did what it was asked",
            "  " + ExitCodes.FAILED + "  the node answered with an error (its name and message are on stderr)",
            "  " + ExitCodes.USAGE + "  the command line was wrong",
            "  " + ExitCodes.UNREACHABLE + "  no node answered at the address",
            "  " + ExitCodes.UNHEALTHY + "  endpoint health/status: some endpoint is unreachable, not ready or failed"
                    + " its read"
        },
        subcommands = {
            StatusCommand.class,
            ConnectCommand.class,
            DiscoverCommand.class,
            MemberCommand.class,
            EndpointCommand.class,
            PromiseCommand.class,
            TaskCommand.class,
            KvCommand.class,
            BecomeCommand.class,
            LeaveCommand.class,
            WatchCommand.class,
            HelpCommand.class
        })
public final class HavenCtl implements Callable<Integer> {
    /** How answers are printed: {@code -w table} (the default) or {@code -w json}. */
    enum Format {
        table,
        json
    }

    // Help is offered on every subcommand; --version only here, since `kv put --version N` means something else.
    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            scope = ScopeType.INHERIT,
            description = "show this help and exit")
    boolean help;

    @Option(
            names = {"-V", "--version"},
            versionHelp = true,
            description = "print the version and exit")
    boolean version;

    @Option(
            names = {"-s", "--server"},
            scope = ScopeType.INHERIT,
            paramLabel = "HOST:PORT",
            description = "the node to talk to (default: ${DEFAULT-VALUE})",
            defaultValue = "127.0.0.1:7400")
    String server;

    @Option(
            names = {"-w", "--write-out"},
            scope = ScopeType.INHERIT,
            paramLabel = "FORMAT",
            defaultValue = "table",
            description = "how to print answers: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    Format format;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "the same as -w json")
    boolean json;

    @Option(
            names = "--token",
            scope = ScopeType.INHERIT,
            paramLabel = "TOKEN",
            description = "credentials sent with CONNECT",
            defaultValue = "")
    String token;

    @Option(
            names = "--timeout",
            scope = ScopeType.INHERIT,
            paramLabel = "MS",
            description = "how long to wait for a node, in milliseconds (default: ${DEFAULT-VALUE})",
            defaultValue = "10000")
    long timeoutMs;

    private final Connections connections;
    /** Set when this command line belongs to a shell, which then must not start another. */
    private final boolean inShell;

    HavenCtl(Connections connections, boolean inShell) {
        this.connections = connections;
        this.inShell = inShell;
    }

    public static void main(String[] args) {
        int code;
        try (Connections connections = new Connections()) {
            code = commandLine(connections, false).execute(args);
        }
        System.exit(code);
    }

    /** A command line whose commands share {@code connections}; output goes to the command line's writers. */
    static CommandLine commandLine(Connections connections, boolean inShell) {
        CommandLine cl = new CommandLine(new HavenCtl(connections, inShell));
        cl.setExecutionExceptionHandler(HavenCtl::failed);
        return cl;
    }

    @Override
    public Integer call() {
        if (inShell) {
            return ExitCodes.OK;
        }
        return new Shell(connections, this).run();
    }

    HavenClient client() {
        HostPort.parse(server);
        if (timeoutMs <= 0) {
            throw new CommandLine.ParameterException(new CommandLine(this), "--timeout must be positive: " + timeoutMs);
        }
        return connections.client(server, token, Duration.ofMillis(timeoutMs));
    }

    /** Whether answers are printed as JSON ({@code -w json} or {@code --json}). */
    boolean json() {
        return json || format == Format.json;
    }

    Output output(CommandLine.Model.CommandSpec spec) {
        return new Output(spec.commandLine().getOut(), json());
    }

    /** A client of its own to {@code address}, sent nothing but what the caller sends; the caller closes it. */
    HavenClient direct(String address) {
        HostPort.parse(address);
        return Connections.open(address, token, Duration.ofMillis(timeoutMs));
    }

    /** Prints a failure to stderr as {@code NAME: message} (or a JSON object) and picks the exit code. */
    private static int failed(Exception e, CommandLine cl, CommandLine.ParseResult parsed) {
        HavenCtl root = rootOf(cl);
        PrintWriter err = cl.getErr();
        int code;
        HavenException he;
        if (e instanceof Connections.Unreachable u) {
            he = u.error();
            code = ExitCodes.UNREACHABLE;
        } else if (e instanceof IllegalArgumentException) {
            // Bad values that picocli's types let through, such as an address that is not host:port.
            err.println(e.getMessage());
            err.flush();
            return ExitCodes.USAGE;
        } else {
            he = Connections.unwrap(e);
            code = ExitCodes.FAILED;
        }
        if (root != null && root.json()) {
            err.println(Json.write(Map.of("error", errorFields(he))));
        } else {
            err.println(describe(he));
        }
        err.flush();
        return code;
    }

    static String describe(HavenException e) {
        HavenError error = e.error();
        StringBuilder sb =
                new StringBuilder(error.code().wireName()).append(": ").append(error.message());
        sb.append(" (status ").append(e.status());
        if (!error.items().isEmpty()) {
            sb.append(", items: ").append(String.join(",", error.items()));
        }
        if (!error.location().isEmpty()) {
            sb.append(", go to ").append(error.location());
        }
        return sb.append(')').toString();
    }

    private static Map<String, Object> errorFields(HavenException e) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("code", e.code().code());
        m.put("name", e.code().wireName());
        m.put("message", e.error().message());
        m.put("status", e.status());
        m.put("items", e.error().items());
        if (!e.error().location().isEmpty()) {
            m.put("location", e.error().location());
        }
        return m;
    }

    private static HavenCtl rootOf(CommandLine cl) {
        CommandLine c = cl;
        while (c.getParent() != null) {
            c = c.getParent();
        }
        return c.getCommand() instanceof HavenCtl h ? h : null;
    }
}
