package io.haven.client.internal;

import io.haven.client.ConnectionException;
import io.haven.client.HostPort;
import io.haven.client.Route;
import io.haven.client.RoutingStats;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Client-side routing of DATA: each request goes straight to the leader of the quorum serving its path, found with
 * DISCOVER and kept in a {@link RouteTable}. The rules (the client package's javadoc tells callers the same):
 *
 * <pre>
 *  cached route?  --no--> DISCOVER quorum on the connected node
 *     |                      ok: cache {prefix -> leader, members}     503 / other refusal: connected node, redirect
 *     |                      404: connected node for this request       off, for a while (no location service)
 *     |                      connection failure: an expired route, else back off and ask again
 *     |                      (the connected node's own answers are final, but NOT_MINE: followed as below)
 *     v
 *  send to route.leader with redirect, on a connection to that address
 *     answer ............................................... done
 *     NOT_MINE + location (nothing applied) ................ leader := location, send there (at most 3 hops)
 *     never sent (refused, lost before write) .............. member tried last, next member, back off, again
 *     UNAVAILABLE 503 / lost after write, read ............. drop route, back off, again (DISCOVER)
 *     UNAVAILABLE 503 / lost after write, write ............ drop route, fail: it may have been applied
 *     anything else (TIMEOUT included) ..................... fail
 * </pre>
 *
 * Retries stop at the request's deadline; the last failure is then the answer. Thread-safe: one {@link Journey} per
 * request, advanced by whichever client thread completed its previous step.
 */
public final class QueryRouter {
    /** NOT_MINE answers followed per request before the last one is the answer. */
    public static final int MAX_HOPS = 3;

    private static final long BACKOFF_MIN_NANOS = TimeUnit.MILLISECONDS.toNanos(25);
    private static final long BACKOFF_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(400);

    private final ClientRuntime home;
    private final Peers peers;
    private final RouteTable routes;

    private final LongAdder routed = new LongAdder();
    private final LongAdder discoveries = new LongAdder();
    private final LongAdder fallbacks = new LongAdder();
    private final LongAdder notMine = new LongAdder();
    private final LongAdder resent = new LongAdder();
    private final LongAdder readsRetried = new LongAdder();
    private final Map<String, LongAdder> answers = new ConcurrentHashMap<>();

    public QueryRouter(ClientRuntime home, Peers peers, RouteTable routes) {
        this.home = home;
        this.peers = peers;
        this.routes = routes;
    }

    public RouteTable routes() {
        return routes;
    }

    /** Routes one DATA request; {@code deadline} bounds the whole of it, retries included. */
    public CompletableFuture<DataResponse> query(DataRequest data, Consistency consistency, Duration deadline) {
        routed.increment();
        return new Journey(data, consistency, System.nanoTime() + deadline.toNanos()).step();
    }

    public RoutingStats stats() {
        Map<String, Long> byAddress = new TreeMap<>();
        answers.forEach((a, n) -> byAddress.put(a, n.sum()));
        return new RoutingStats(
                routed.sum(),
                discoveries.sum(),
                fallbacks.sum(),
                notMine.sum(),
                resent.sum(),
                readsRetried.sum(),
                byAddress);
    }

    /** One request's way to an answer. Its fields are touched by one step at a time, each after the last. */
    private final class Journey {
        private final DataRequest data;
        private final Consistency consistency;
        private final long deadlineNanos;
        private final String key;
        private int hops;
        private int retries;
        private HavenException last;

        Journey(DataRequest data, Consistency consistency, long deadlineNanos) {
            this.data = data;
            this.consistency = consistency;
            this.deadlineNanos = deadlineNanos;
            this.key = data.routingKey();
        }

        private long left() {
            return deadlineNanos - System.nanoTime();
        }

        CompletableFuture<DataResponse> step() {
            if (left() <= 0) {
                return CompletableFuture.failedFuture(expired());
            }
            if (routes.hasNoDirectory()) {
                return fallback();
            }
            Optional<Route> route = routes.fresh(key);
            if (route.isPresent()) {
                return send(route.get().leader(), Optional.of(route.get()));
            }
            if (!home.isConnected()) {
                // The connected node cannot be asked now; an expired route is better than waiting for it.
                Optional<Route> stale = routes.any(key);
                if (stale.isPresent()) {
                    return send(stale.get().leader(), stale);
                }
            }
            return discover();
        }

        private CompletableFuture<DataResponse> discover() {
            discoveries.increment();
            Request.Discover ask = new Request.Discover(Envelope.NONE, DiscoverType.QUORUM, "", key);
            return home.send(ask, Duration.ofNanos(left()))
                    .handle((reply, e) -> e == null ? discovered(reply) : discoverFailed(ClientRuntime.unwrap(e)))
                    .thenCompose(f -> f);
        }

        private CompletableFuture<DataResponse> discovered(Response reply) {
            if (!(reply instanceof Response.DiscoverReply d) || d.location().isEmpty()) {
                // No leader to name: the connected node does what it can with the request.
                return fallback();
            }
            Route route = routes.put(Route.of(key, d));
            return send(route.leader(), Optional.of(route));
        }

        private CompletableFuture<DataResponse> discoverFailed(HavenException e) {
            last = e;
            if (e instanceof ConnectionException) {
                Optional<Route> stale = routes.any(key);
                return stale.isPresent() ? send(stale.get().leader(), stale) : later();
            }
            if (e.code() == ErrorCode.TIMEOUT) {
                return CompletableFuture.failedFuture(e);
            }
            if (e.status() != 404) {
                // No location service there (havend --dev, a node without --locators), or it refused us: stop asking.
                routes.noDirectory();
            }
            return fallback();
        }

        /**
         * The connected node, redirect off, as a client without routing would: it serves the request, forwards it,
         * or says where to go; only the last is followed, its other answers are final.
         */
        private CompletableFuture<DataResponse> fallback() {
            fallbacks.increment();
            Request.Query q = new Request.Query(Envelope.NONE, data, consistency, false);
            String address =
                    home.connection() == null ? "" : home.connection().address().toString();
            return home.send(q, Duration.ofNanos(left()))
                    .handle((r, e) -> {
                        if (e == null) {
                            return answered(r, address);
                        }
                        HavenException h = ClientRuntime.unwrap(e);
                        return h.code() == ErrorCode.NOT_MINE
                                ? failed(h, address, Optional.empty())
                                : CompletableFuture.<DataResponse>failedFuture(h);
                    })
                    .thenCompose(f -> f);
        }

        private CompletableFuture<DataResponse> send(String address, Optional<Route> route) {
            long left = left();
            if (left <= 0) {
                return CompletableFuture.failedFuture(expired());
            }
            Request.Query q = new Request.Query(Envelope.NONE, data, consistency, true);
            Duration d = Duration.ofNanos(left);
            return outcome(isHome(address) ? home.send(q, d) : peers.send(address, q, d), address, route);
        }

        private CompletableFuture<DataResponse> outcome(
                CompletableFuture<Response> sent, String address, Optional<Route> route) {
            return sent.handle((r, e) ->
                            e == null ? answered(r, address) : failed(ClientRuntime.unwrap(e), address, route))
                    .thenCompose(f -> f);
        }

        private CompletableFuture<DataResponse> answered(Response r, String address) {
            if (r instanceof Response.QueryReply q) {
                answers.computeIfAbsent(address, a -> new LongAdder()).increment();
                return CompletableFuture.completedFuture(q.data());
            }
            return CompletableFuture.failedFuture(HavenException.invalid("expected QueryReply but " + address
                    + " answered " + r.getClass().getSimpleName()));
        }

        private CompletableFuture<DataResponse> failed(HavenException e, String address, Optional<Route> route) {
            last = e;
            String location = e.error().location();
            if (e.code() == ErrorCode.NOT_MINE && !location.isEmpty()) {
                // Nothing was applied: the node only said where to go.
                notMine.increment();
                if (++hops > MAX_HOPS) {
                    return CompletableFuture.failedFuture(e);
                }
                route.ifPresent(r -> routes.redirected(r, location));
                return send(
                        location,
                        route.filter(r -> r.members().contains(location)).map(r -> r.withLeader(location)));
            }
            if (e instanceof ConnectionException c && !c.sent()) {
                // No node saw it: safe to send elsewhere whatever its kind.
                resent.increment();
                if (route.isPresent()) {
                    routes.unreachable(route.get(), address);
                } else if (!address.isEmpty()) {
                    routes.markDown(address);
                }
                return later();
            }
            boolean unavailable = e.code() == ErrorCode.UNAVAILABLE && e.status() == 503;
            if (unavailable) {
                // The leader may be gone or changing: ask DISCOVER again next time.
                route.ifPresent(routes::drop);
                if (!data.kind().isWrite()) {
                    readsRetried.increment();
                    return later();
                }
            }
            // A write that may have been applied, or an answer about the request itself: the caller decides.
            return CompletableFuture.failedFuture(e);
        }

        /** The next step after a short pause (doubling, with jitter), unless the deadline comes first. */
        private CompletableFuture<DataResponse> later() {
            long left = left();
            if (left <= 0) {
                return CompletableFuture.failedFuture(expired());
            }
            long base = Math.min(BACKOFF_MAX_NANOS, BACKOFF_MIN_NANOS << Math.min(retries, 10));
            retries++;
            long delay = Math.min(
                    left, (long) (base * (0.5 + ThreadLocalRandom.current().nextDouble() / 2)));
            CompletableFuture<DataResponse> out = new CompletableFuture<>();
            try {
                home.schedule(
                        () -> {
                            try {
                                step().whenComplete((r, e) -> {
                                    if (e == null) {
                                        out.complete(r);
                                    } else {
                                        out.completeExceptionally(ClientRuntime.unwrap(e));
                                    }
                                });
                            } catch (RuntimeException e) {
                                out.completeExceptionally(ClientRuntime.unwrap(e));
                            }
                        },
                        delay);
            } catch (IllegalStateException stopped) {
                out.completeExceptionally(new ConnectionException("the client is closed", false));
            }
            return out;
        }

        private HavenException expired() {
            return last != null
                    ? last
                    : new HavenException(HavenError.of(ErrorCode.TIMEOUT, "no answer before the deadline"), 504);
        }
    }

    /** Whether {@code address} is the node the client is connected to, so the request can use that connection. */
    private boolean isHome(String address) {
        Connection c = home.connection();
        if (c == null || !c.isOpen()) {
            return false;
        }
        try {
            return c.address().equals(HostPort.parse(address));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
