package io.haven.ctl;

import io.haven.protocol.message.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code endpoint health|status}, as etcdctl has them: one or several nodes ({@code --endpoints a,b,c}, or every
 * member of the asked node's quorums with {@code --cluster}), each asked about itself on a connection of its own.
 * Exits {@link ExitCodes#UNHEALTHY} when any endpoint fails.
 */
@Command(name = "endpoint", description = "Check the health and status of one or several nodes.")
final class EndpointCommand {
    static final List<String> HEALTH_COLUMNS = List.of("endpoint", "health", "took_ms", "error");
    static final List<String> STATUS_COLUMNS = List.of(
            "endpoint",
            "uuid",
            "version",
            "quorum",
            "role",
            "leader",
            "term",
            "commit_index",
            "applied_index",
            "revision",
            "ready",
            "error");

    /** How often {@code health --wait} asks again. */
    private static final long RETRY_MS = 500;

    @ParentCommand
    HavenCtl ctl;

    @Spec
    CommandSpec spec;

    /** Which nodes to ask. */
    static final class Targets {
        @Option(
                names = "--endpoints",
                split = ",",
                paramLabel = "HOST:PORT",
                description = "the nodes to ask, comma-separated (default: the --server node)")
        List<String> endpoints = List.of();

        @Option(
                names = "--cluster",
                description = "ask every member of every quorum the --server node is a member of, itself first")
        boolean cluster;
    }

    @Command(
            name = "health",
            description = "Whether each node is healthy: it answers CONNECT and a ping, says it is ready, and answers"
                    + " a linearizable read in each quorum it serves; with the time that took.")
    int health(
            @CommandLine.Mixin Targets targets,
            @Option(
                            names = "--wait",
                            paramLabel = "MS",
                            defaultValue = "0",
                            description = "ask again until every node is healthy or MS have passed (default: once)")
                    long waitMs) {
        List<String> endpoints = endpoints(targets);
        long end = System.nanoTime() + waitMs * 1_000_000;
        List<Probes.Health> checks = Probes.health(ctl, endpoints);
        while (checks.stream().anyMatch(h -> !h.healthy()) && System.nanoTime() < end) {
            sleep();
            checks = Probes.health(ctl, endpoints);
        }
        List<Map<String, ?>> rows = new ArrayList<>();
        for (Probes.Health h : checks) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("endpoint", h.endpoint());
            row.put("health", h.healthy());
            row.put("took_ms", h.tookMs());
            row.put("error", h.error());
            rows.add(row);
        }
        ctl.output(spec).rows("endpoints", HEALTH_COLUMNS, rows, Map.of());
        return checks.stream().allMatch(Probes.Health::healthy) ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }

    @Command(
            name = "status",
            description = "Each node's view of itself: per quorum its role, the leader, term, commit and applied index"
                    + " and revision, and whether it is ready (DISCOVER status).")
    int status(@CommandLine.Mixin Targets targets) {
        List<Probes.Status> all = Probes.status(ctl, endpoints(targets));
        boolean ok = all.stream()
                .allMatch(s -> s.reply().map(Response.StatusReply::ready).orElse(false));
        if (ctl.json()) {
            List<Map<String, Object>> nodes = new ArrayList<>();
            for (Probes.Status s : all) {
                Map<String, Object> m = new LinkedHashMap<>();
                m.put("endpoint", s.endpoint());
                s.reply().ifPresent(r -> m.putAll(Views.status(r)));
                if (!s.error().isEmpty()) {
                    m.put("error", s.error());
                }
                nodes.add(m);
            }
            ctl.output(spec).object(Map.of("endpoints", nodes));
        } else {
            List<Map<String, ?>> rows = new ArrayList<>();
            for (Probes.Status s : all) {
                rows.addAll(rows(s));
            }
            ctl.output(spec).rows("endpoints", STATUS_COLUMNS, rows, Map.of());
        }
        return ok ? ExitCodes.OK : ExitCodes.UNHEALTHY;
    }

    /** One row per quorum of the node (one row with no quorum for a node in none, or that did not answer). */
    private static List<Map<String, ?>> rows(Probes.Status s) {
        List<Map<String, ?>> rows = new ArrayList<>();
        if (s.reply().isEmpty()) {
            rows.add(Map.of("endpoint", s.endpoint(), "error", s.error()));
            return rows;
        }
        Response.StatusReply r = s.reply().get();
        if (r.quorums().isEmpty()) {
            Map<String, Object> row = node(s.endpoint(), r);
            row.put("ready", r.ready());
            rows.add(row);
        }
        for (Response.QuorumState q : r.quorums()) {
            Map<String, Object> row = node(s.endpoint(), r);
            row.put("quorum", q.name());
            row.put("role", q.role().wireName());
            row.put("leader", q.leader());
            row.put("term", q.term());
            row.put("commit_index", q.commitIndex());
            row.put("applied_index", q.appliedIndex());
            row.put("revision", q.revision());
            row.put("ready", q.ready());
            rows.add(row);
        }
        return rows;
    }

    private static Map<String, Object> node(String endpoint, Response.StatusReply r) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("endpoint", endpoint);
        row.put("uuid", r.uuid());
        row.put("version", r.version());
        return row;
    }

    private List<String> endpoints(Targets targets) {
        if (targets.cluster && !targets.endpoints.isEmpty()) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "--cluster and --endpoints do not go together");
        }
        if (targets.cluster) {
            Response.StatusReply asked = Connections.await(ctl.client().status());
            return Probes.members(ctl.server, asked);
        }
        return targets.endpoints.isEmpty() ? List.of(ctl.server) : targets.endpoints;
    }

    private static void sleep() {
        try {
            Thread.sleep(RETRY_MS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
