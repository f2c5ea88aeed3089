package io.haven.bench.load;

import io.haven.client.HostPort;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One run of the load generator, as parsed from the command line ({@link #parse}); see {@link #USAGE}.
 *
 * @param system what runs at the targets: Haven, or etcd for the key/value workloads
 * @param targets the nodes' client addresses; connections are spread over them in turn
 * @param workload what the clients send
 * @param clients virtual clients; in a closed loop each has exactly one request outstanding, in an open loop they
 *     bound the requests outstanding
 * @param connections TCP connections (one {@code HavenClient} each); client i uses connection i mod connections
 * @param rate requests per second for an open loop, 0 for a closed loop
 * @param warmup how long to run before measuring (nothing is recorded)
 * @param duration how long to measure
 * @param deadline each request's deadline, sent to the node too
 * @param valueSize bytes of each promise param and kv value
 * @param keyCount distinct keys of the kv workloads
 * @param json where to write the JSON report, if anywhere
 * @param label free text naming the run in the report (for example "3 nodes")
 * @param progress print a progress line to stderr while running
 * @param routing Haven clients route DATA to each path's quorum leader themselves ({@code ClientOptions.withRouting})
 *     instead of letting the target node forward it
 */
public record LoadOptions(
        TargetSystem system,
        List<String> targets,
        Workload workload,
        int clients,
        int connections,
        int rate,
        Duration warmup,
        Duration duration,
        Duration deadline,
        int valueSize,
        int keyCount,
        Optional<Path> json,
        String label,
        boolean progress,
        boolean routing) {

    public static final String USAGE = String.join(
            "\n",
            "usage: haven-bench [options]",
            "  --system NAME       " + TargetSystem.names() + ": what runs at the targets (default haven;",
            "                      etcd runs kv-put, kv-get and mix through jetcd, targets are client URLs' host:port)",
            "  --targets HOST:PORT[,HOST:PORT...]  nodes to connect to (default 127.0.0.1:7400)",
            "  --workload NAME     " + Workload.names() + " (default promise-create)",
            "  --clients N         concurrent virtual clients (default 16)",
            "  --connections M     TCP connections shared by the clients (default min(clients, 4))",
            "  --rate R            open loop at R requests/s in total (default 0: closed loop)",
            "  --warmup SECONDS    unmeasured run before measuring (default 5)",
            "  --duration SECONDS  measured run (default 15)",
            "  --deadline MS       per-request deadline (default 5000)",
            "  --value-size BYTES  promise param / kv value size (default 256)",
            "  --keys N            distinct keys of the kv workloads (default 10000)",
            "  --json FILE         also write the report as JSON",
            "  --label TEXT        names the run in the report",
            "  --no-progress       no progress line on stderr",
            "  --routing           haven: clients send each request to its quorum's leader themselves",
            "  --help              this text");

    public LoadOptions {
        Objects.requireNonNull(system, "system");
        targets = List.copyOf(targets);
        if (targets.isEmpty()) {
            throw new IllegalArgumentException("at least one target is needed");
        }
        targets.forEach(HostPort::parse);
        Objects.requireNonNull(workload, "workload");
        if (!system.runs(workload)) {
            throw new IllegalArgumentException(system.wireName() + " cannot run the workload " + workload.wireName());
        }
        positive(clients, "clients");
        positive(connections, "connections");
        if (rate < 0) {
            throw new IllegalArgumentException("rate must not be negative: " + rate);
        }
        if (warmup.isNegative()) {
            throw new IllegalArgumentException("warmup must not be negative: " + warmup);
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("duration must be positive: " + duration);
        }
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
        if (valueSize < 0) {
            throw new IllegalArgumentException("value-size must not be negative: " + valueSize);
        }
        positive(keyCount, "keys");
        Objects.requireNonNull(json, "json");
        Objects.requireNonNull(label, "label");
    }

    /** Options without client-side routing. */
    public LoadOptions(
            TargetSystem system,
            List<String> targets,
            Workload workload,
            int clients,
            int connections,
            int rate,
            Duration warmup,
            Duration duration,
            Duration deadline,
            int valueSize,
            int keyCount,
            Optional<Path> json,
            String label,
            boolean progress) {
        this(
                system,
                targets,
                workload,
                clients,
                connections,
                rate,
                warmup,
                duration,
                deadline,
                valueSize,
                keyCount,
                json,
                label,
                progress,
                false);
    }

    /** Defaults against one node: promise-create, 16 clients, 5 s warm-up, 15 s measured. */
    public static LoadOptions defaults(String... targets) {
        return new LoadOptions(
                TargetSystem.HAVEN,
                targets.length == 0 ? List.of("127.0.0.1:7400") : List.of(targets),
                Workload.PROMISE_CREATE,
                16,
                4,
                0,
                Duration.ofSeconds(5),
                Duration.ofSeconds(15),
                Duration.ofSeconds(5),
                256,
                10_000,
                Optional.empty(),
                "",
                true);
    }

    /**
     * Parses the command line; a bad or unknown option is an IllegalArgumentException naming it. The options are
     * checked together once all are read, so their order does not matter ({@code --system etcd} before {@code
     * --workload kv-put}).
     */
    public static LoadOptions parse(String... args) {
        Builder b = new Builder(defaults());
        boolean connectionsGiven = false;
        List<String> rest = new ArrayList<>(Arrays.asList(args));
        while (!rest.isEmpty()) {
            String flag = rest.remove(0);
            if (flag.equals("--no-progress")) {
                b.progress = false;
                continue;
            }
            if (flag.equals("--routing")) {
                b.routing = true;
                continue;
            }
            if (rest.isEmpty()) {
                throw new IllegalArgumentException(flag + " needs a value (or is unknown)\n" + USAGE);
            }
            String v = rest.remove(0);
            switch (flag) {
                case "--system" -> b.system = TargetSystem.of(v)
                        .orElseThrow(() -> new IllegalArgumentException(
                                "unknown system " + v + "; known: " + TargetSystem.names()));
                case "--targets" -> b.targets = List.of(v.split(","));
                case "--workload" -> b.workload = Workload.of(v)
                        .orElseThrow(() ->
                                new IllegalArgumentException("unknown workload " + v + "; known: " + Workload.names()));
                case "--clients" -> b.clients = integer(flag, v);
                case "--connections" -> {
                    b.connections = integer(flag, v);
                    connectionsGiven = true;
                }
                case "--rate" -> b.rate = integer(flag, v);
                case "--warmup" -> b.warmup = seconds(flag, v);
                case "--duration" -> b.duration = seconds(flag, v);
                case "--deadline" -> b.deadline = Duration.ofMillis(integer(flag, v));
                case "--value-size" -> b.valueSize = integer(flag, v);
                case "--keys" -> b.keyCount = integer(flag, v);
                case "--json" -> b.json = Optional.of(Path.of(v));
                case "--label" -> b.label = v;
                default -> throw new IllegalArgumentException("unknown option " + flag + "\n" + USAGE);
            }
        }
        if (!connectionsGiven) {
            b.connections = Math.min(b.clients, 4);
        }
        return b.build();
    }

    /** Whether requests are sent at a fixed rate rather than as soon as the previous one is answered. */
    public boolean openLoop() {
        return rate > 0;
    }

    private static void positive(int value, String name) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be at least 1: " + value);
        }
    }

    private static int integer(String flag, String v) {
        try {
            return Integer.parseInt(v.strip());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes an integer, not '" + v + "'", e);
        }
    }

    private static Duration seconds(String flag, String v) {
        try {
            return Duration.ofMillis(Math.round(Double.parseDouble(v.strip()) * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(flag + " takes seconds, not '" + v + "'", e);
        }
    }

    /** Mutable copy of the options, used while parsing. */
    static final class Builder {
        TargetSystem system;
        List<String> targets;
        Workload workload;
        int clients;
        int connections;
        int rate;
        Duration warmup;
        Duration duration;
        Duration deadline;
        int valueSize;
        int keyCount;
        Optional<Path> json;
        String label;
        boolean progress;
        boolean routing;

        Builder(LoadOptions o) {
            system = o.system;
            targets = o.targets;
            workload = o.workload;
            clients = o.clients;
            connections = o.connections;
            rate = o.rate;
            warmup = o.warmup;
            duration = o.duration;
            deadline = o.deadline;
            valueSize = o.valueSize;
            keyCount = o.keyCount;
            json = o.json;
            label = o.label;
            progress = o.progress;
            routing = o.routing;
        }

        LoadOptions build() {
            return new LoadOptions(
                    system,
                    targets,
                    workload,
                    clients,
                    connections,
                    rate,
                    warmup,
                    duration,
                    deadline,
                    valueSize,
                    keyCount,
                    json,
                    label,
                    progress,
                    routing);
        }
    }
}
