package io.haven.daemon.locator;

import io.haven.daemon.quorum.QuorumRole;
import io.haven.daemon.service.DataService;
import io.haven.daemon.service.RequestContext;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.quorum.Quorum;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * DATA on a node with a location service: a path a local quorum serves goes to it; any other is looked up in the
 * directory (the answer kept briefly) and either refused with NOT_MINE naming the serving quorum's leader (when the
 * client asked for redirects) or forwarded there and its answer relayed. {@code promise.register} (also inside
 * {@code task.suspend}) whose promises live in two quorums is refused with INVALID naming {@code awaited}.
 */
public final class Router implements DataService {
    /** How long a directory answer is reused: short, so a new leader is found within about an election. */
    private static final long CACHE_MS = 1000;

    private static final int CACHE_MAX = 10_000;

    private final QuorumRole role;
    private final LocatorService locator;
    private final ExpiringCache<String, Response.DiscoverReply> cache = new ExpiringCache<>(CACHE_MS, CACHE_MAX);

    /** The {@code excluded} sub-prefixes of the prefixes local quorums serve, from directory answers. */
    private final ExpiringCache<String, List<String>> excluded = new ExpiringCache<>(CACHE_MS, CACHE_MAX);

    public Router(QuorumRole role, LocatorService locator) {
        this.role = role;
        this.locator = locator;
    }

    @Override
    public CompletableFuture<DataResponse> query(Request.Query query, RequestContext context) {
        DataRequest data = query.data();
        if (data instanceof DataRequest.WatchRemove || !locator.hasDirectory()) {
            return role.query(query, context);
        }
        return checkAwaited(data, context).thenCompose(ok -> route(query, context));
    }

    private CompletableFuture<DataResponse> route(Request.Query query, RequestContext context) {
        String key = query.data().routingKey();
        Optional<String> local = role.servingPrefix(key);
        if (query.data() instanceof DataRequest.WatchAdd) {
            // Watches stay with the node the session is on: its pongs carry the events.
            return role.query(query, context);
        }
        if (local.isPresent()) {
            // A local quorum serves a prefix of the key, unless another quorum serves a longer one under it (q2 on
            // /apps/b under this node's /): the directory names those, per local prefix.
            return excludedUnder(local.get(), context)
                    .thenCompose(excluded -> excluded.stream().anyMatch(key::startsWith)
                            ? elsewhere(query, key, context)
                            : role.query(query, context));
        }
        return elsewhere(query, key, context);
    }

    /**
     * The longer prefixes under {@code prefix} (one a local quorum serves) that other quorums serve, from the
     * directory, kept briefly per prefix; none when the directory cannot say (the local quorum then answers).
     */
    private CompletableFuture<List<String>> excludedUnder(String prefix, RequestContext context) {
        Optional<List<String>> known = excluded.get(prefix);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(known.get());
        }
        // A directory that cannot answer is remembered as "nothing excluded" too, so that the local quorum keeps
        // serving at full speed while the location service is down.
        return locator.lookup(prefix, context).handle((reply, error) -> {
            List<String> under = error == null && reply.prefix().equals(prefix) ? reply.excluded() : List.<String>of();
            excluded.put(prefix, under);
            return under;
        });
    }

    /** A key no local quorum should take: refused with NOT_MINE naming its quorum's leader, or forwarded there. */
    private CompletableFuture<DataResponse> elsewhere(Request.Query query, String key, RequestContext context) {
        return lookup(key, context).thenCompose(reply -> {
            if (query.redirect()) {
                return CompletableFuture.failedFuture(new HavenException(
                        HavenError.notMine(
                                "'" + key + "' is served by quorum " + reply.quorum() + " at " + reply.location(),
                                reply.location(),
                                key),
                        421));
            }
            List<String> targets = new ArrayList<>();
            reply.locations().stream()
                    .filter(Response.Location::up)
                    .map(Response.Location::address)
                    .filter(a -> !a.isEmpty())
                    .forEach(targets::add);
            if (targets.isEmpty()) {
                targets.add(reply.location());
            }
            return forward(query, key, targets, 0, context);
        });
    }

    /**
     * Sends the query to {@code targets[i]}; with redirects asked, so the target answers from its own quorum and
     * never forwards again. When a target cannot be reached the next is tried (any member of a quorum hands requests
     * to its leader).
     */
    private CompletableFuture<DataResponse> forward(
            Request.Query query, String key, List<String> targets, int i, RequestContext context) {
        Request.Query onward = new Request.Query(Envelope.NONE, query.data(), query.consistency(), true);
        return locator.forwarder()
                .send(targets.get(i), onward, Duration.ofMillis(budgetMs(context)))
                .thenApply(r -> {
                    if (r instanceof Response.QueryReply q) {
                        return q.data();
                    }
                    throw HavenException.unavailable(
                            targets.get(i) + " answered " + r.getClass().getSimpleName(), key);
                })
                .exceptionallyCompose(e -> {
                    cache.remove(key);
                    Optional<HavenException> h = LocatorService.cause(e);
                    boolean unreachable = h.isEmpty() || h.get().status() == 503;
                    boolean retryable = unreachable && (!query.data().kind().isWrite() || neverSent(h));
                    if (retryable && i + 1 < targets.size() && !context.expired(System.nanoTime())) {
                        return forward(query, key, targets, i + 1, context);
                    }
                    return CompletableFuture.failedFuture(h.isPresent() ? h.get() : e);
                });
    }

    /** Whether a failed send never reached the target (so a write may go elsewhere without being applied twice). */
    private static boolean neverSent(Optional<HavenException> h) {
        String m = h.map(HavenException::getMessage).orElse("");
        return m.contains("cannot reach") || m.contains("onnect") || m.contains("refused");
    }

    private static long budgetMs(RequestContext context) {
        if (!context.hasDeadline()) {
            return Quorum.DEFAULT_BUDGET_MS;
        }
        long elapsed = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - context.receivedNanos());
        return Math.max(1, context.deadlineMs() - elapsed - 20);
    }

    private CompletableFuture<Response.DiscoverReply> lookup(String key, RequestContext context) {
        Optional<Response.DiscoverReply> known = cache.get(key);
        if (known.isPresent()) {
            return CompletableFuture.completedFuture(known.get());
        }
        return locator.lookup(key, context).thenApply(reply -> {
            cache.put(key, reply);
            return reply;
        });
    }

    /** The name of the quorum serving {@code key}: a local one, else the directory's; empty when none does. */
    private CompletableFuture<String> quorumOf(String key, RequestContext context) {
        Optional<Quorum> local = role.serving(key);
        if (local.isPresent()) {
            return CompletableFuture.completedFuture(local.get().name());
        }
        return lookup(key, context).thenApply(Response.DiscoverReply::quorum).exceptionally(e -> "");
    }

    /** Refuses registers whose awaiter and awaited promises live in different quorums. */
    private CompletableFuture<Void> checkAwaited(DataRequest data, RequestContext context) {
        List<DataRequest.PromiseRegister> registers = new ArrayList<>();
        if (data instanceof DataRequest.PromiseRegister r) {
            registers.add(r);
        } else if (data instanceof DataRequest.TaskSuspend s) {
            for (DataRequest.PromiseRegister r : s.actions()) {
                registers.add(new DataRequest.PromiseRegister(s.id(), r.awaited()));
            }
        }
        CompletableFuture<Void> all = CompletableFuture.completedFuture(null);
        for (DataRequest.PromiseRegister r : registers) {
            all = all.thenCompose(ok -> quorumOf(r.awaiter(), context)
                    .thenCombine(quorumOf(r.awaited(), context), (awaiter, awaited) -> {
                        if (!awaiter.isEmpty() && !awaited.isEmpty() && !awaiter.equals(awaited)) {
                            throw HavenException.invalid(
                                    "promise.register across quorums is not supported: awaiter " + r.awaiter()
                                            + " is in quorum " + awaiter + ", awaited " + r.awaited() + " in quorum "
                                            + awaited,
                                    "awaited");
                        }
                        return null;
                    }));
        }
        return all;
    }

    @Override
    public void close() {
        role.close();
    }
}
