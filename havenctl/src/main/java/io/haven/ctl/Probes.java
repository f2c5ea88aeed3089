package io.haven.ctl;

import io.haven.client.HavenClient;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.message.Response;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;

/**
 * Asks several nodes about themselves at once, each on a connection of its own (not routed, so the node asked is the
 * node that answers): their DISCOVER status, and whether each is healthy. Used by {@code endpoint} and {@code
 * member}; one probe never waits on another, so a stopped node costs one timeout, not one per node.
 */
final class Probes {
    /** The quorum whose store holds the directory: it serves no keys a health read could use. */
    static final String LOCATOR = "locator";

    /** The key a health check reads in each data quorum (a 404 is as good an answer as a value). */
    static final String HEALTH_KEY = ".haven-health";

    private Probes() {}

    /** One node's DISCOVER status, or why there is none. */
    record Status(String endpoint, Optional<Response.StatusReply> reply, String error) {
        Optional<Response.QuorumState> quorum(String name) {
            return reply.flatMap(
                    r -> r.quorums().stream().filter(q -> q.name().equals(name)).findFirst());
        }
    }

    /**
     * Whether one node is healthy: it answered CONNECT and a ping, says it is ready, and answered a linearizable
     * read in each data quorum it is a member of.
     */
    record Health(String endpoint, boolean healthy, double tookMs, String error) {}

    static List<Status> status(HavenCtl ctl, List<String> endpoints) {
        return each(endpoints, e -> status(ctl, e));
    }

    static List<Health> health(HavenCtl ctl, List<String> endpoints) {
        return each(endpoints, e -> health(ctl, e));
    }

    private static Status status(HavenCtl ctl, String endpoint) {
        try (HavenClient c = ctl.direct(endpoint)) {
            return new Status(endpoint, Optional.of(Connections.await(c.status())), "");
        } catch (RuntimeException e) {
            return new Status(endpoint, Optional.empty(), reason(e));
        }
    }

    private static Health health(HavenCtl ctl, String endpoint) {
        long start = System.nanoTime();
        try (HavenClient c = ctl.direct(endpoint)) {
            Connections.await(c.ping());
            Response.StatusReply status = Connections.await(c.status());
            List<String> problems = new ArrayList<>();
            for (Response.QuorumState q : status.quorums()) {
                if (!q.ready()) {
                    problems.add("quorum " + q.name() + " is not ready here ("
                            + q.role().wireName()
                            + (q.leader().isEmpty() ? ", no leader" : "") + ", applied " + q.appliedIndex() + " of "
                            + q.commitIndex() + ")");
                } else if (!q.name().equals(LOCATOR) && !q.paths().isEmpty()) {
                    read(c, q).ifPresent(problems::add);
                }
            }
            return new Health(endpoint, problems.isEmpty(), took(start), String.join("; ", problems));
        } catch (RuntimeException e) {
            return new Health(endpoint, false, took(start), reason(e));
        }
    }

    /** A linearizable kv.get in quorum {@code q}; empty when it was answered (a value or 404), else the failure. */
    private static Optional<String> read(HavenClient c, Response.QuorumState q) {
        String path = q.paths().get(0);
        String key = path + (path.endsWith("/") ? "" : "/") + HEALTH_KEY;
        try {
            Connections.await(c.query(new DataRequest.KvGet(key)));
            return Optional.empty();
        } catch (HavenException e) {
            if (e.code() == ErrorCode.UNAVAILABLE && e.status() == 404) {
                return Optional.empty();
            }
            return Optional.of("quorum " + q.name() + ": reading " + key + " failed: " + HavenCtl.describe(e));
        }
    }

    /** The client addresses of every member of every quorum the given status names, the asked node first. */
    static List<String> members(String asked, Response.StatusReply status) {
        Set<String> out = new LinkedHashSet<>();
        out.add(asked);
        for (Response.QuorumState q : status.quorums()) {
            for (List<Response.Member> ms : List.of(q.voters(), q.learners())) {
                for (Response.Member m : ms) {
                    if (m.uuid().equals(status.uuid())) {
                        continue;
                    }
                    if (!m.address().isEmpty()) {
                        out.add(m.address());
                    }
                }
            }
        }
        return List.copyOf(out);
    }

    private static <T> List<T> each(List<String> endpoints, Function<String, T> probe) {
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(endpoints.size(), 16)), r -> {
            Thread t = new Thread(r, "havenctl-probe");
            t.setDaemon(true);
            return t;
        });
        try {
            List<CompletableFuture<T>> all = endpoints.stream()
                    .map(e -> CompletableFuture.supplyAsync(() -> probe.apply(e), pool))
                    .toList();
            return all.stream().map(CompletableFuture::join).toList();
        } finally {
            pool.shutdownNow();
        }
    }

    private static double took(long startNanos) {
        return Math.round((System.nanoTime() - startNanos) / 1_000.0) / 1_000.0;
    }

    private static String reason(RuntimeException e) {
        if (e instanceof Connections.Unreachable u) {
            return HavenCtl.describe(u.error());
        }
        if (e instanceof HavenException he) {
            return HavenCtl.describe(he);
        }
        return String.valueOf(e.getMessage());
    }
}
