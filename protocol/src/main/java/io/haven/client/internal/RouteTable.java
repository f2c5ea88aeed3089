package io.haven.client.internal;

import io.haven.client.Route;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * A routing client's cache: prefix to {@link Route}, each for {@link #ROUTE_TTL} (so a leader change the client did
 * not see itself is learned within a few seconds), at most {@link #MAX_ROUTES} of them; the addresses found
 * unreachable lately; and whether the connected node has no location service. Expired routes are kept until space is
 * needed, as a last resort when the connected node cannot be asked. Thread-safe: any thread may read and update it.
 */
public final class RouteTable {
    public static final Duration ROUTE_TTL = Duration.ofSeconds(3);
    /** How long an address that refused a connection is tried last. */
    public static final Duration DOWN_TTL = Duration.ofSeconds(2);
    /** How long, after DISCOVER failed on the connected node, requests go to that node without asking again. */
    public static final Duration NO_DIRECTORY_TTL = Duration.ofSeconds(5);

    public static final int MAX_ROUTES = 1024;
    private static final int MAX_DOWN = 256;

    private record Entry(Route route, long expiresAt) {}

    private final LongSupplier clock;
    private final long ttlNanos;
    /** By {@link Route#prefix()} (exact routes under a key of their own, so a prefix and a path never collide). */
    private final Map<String, Entry> routes = new ConcurrentHashMap<>();

    private final Map<String, Long> downUntil = new ConcurrentHashMap<>();
    private volatile long noDirectoryUntil = Long.MIN_VALUE;
    private volatile boolean noDirectory;

    /** @param clock nanoseconds, as {@link System#nanoTime()} counts them */
    public RouteTable(LongSupplier clock) {
        this(clock, ROUTE_TTL);
    }

    public RouteTable(LongSupplier clock, Duration ttl) {
        this.clock = clock;
        this.ttlNanos = ttl.toNanos();
    }

    private static String keyOf(Route r) {
        return r.exact() ? "=" + r.prefix() : r.prefix();
    }

    /** The unexpired route with the longest prefix covering {@code key}. */
    public Optional<Route> fresh(String key) {
        return find(key, true);
    }

    /** The route with the longest prefix covering {@code key}, expired or not. */
    public Optional<Route> any(String key) {
        return find(key, false);
    }

    private Optional<Route> find(String key, boolean freshOnly) {
        long now = clock.getAsLong();
        Route best = null;
        for (Entry e : routes.values()) {
            Route r = e.route();
            if (!r.covers(key) || (freshOnly && now - e.expiresAt() >= 0)) {
                continue;
            }
            // An exact route is the most specific there is.
            if (best == null
                    || (r.exact() && !best.exact())
                    || (r.exact() == best.exact()
                            && r.prefix().length() > best.prefix().length())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Caches a route for {@link #ROUTE_TTL}, trying the members that refused connections lately last. */
    public Route put(Route route) {
        List<String> members = new ArrayList<>();
        List<String> late = new ArrayList<>();
        for (String a : route.members()) {
            (isDown(a) ? late : members).add(a);
        }
        members.addAll(late);
        Route r = route.withMembers(members);
        makeRoom();
        routes.put(keyOf(r), new Entry(r, clock.getAsLong() + ttlNanos));
        return r;
    }

    /** {@code route} with {@code address} moved to the end of its members. */
    private static Route last(Route route, String address) {
        List<String> members = new ArrayList<>(route.members());
        members.remove(address);
        members.add(address);
        return route.withMembers(members);
    }

    private void makeRoom() {
        if (routes.size() < MAX_ROUTES) {
            return;
        }
        long now = clock.getAsLong();
        routes.values().removeIf(e -> now - e.expiresAt() >= 0);
        while (routes.size() >= MAX_ROUTES) {
            routes.entrySet().stream()
                    .min(Comparator.comparingLong(e -> e.getValue().expiresAt()))
                    .ifPresent(e -> routes.remove(e.getKey(), e.getValue()));
        }
    }

    /**
     * A node named {@code address} as the place for a path of {@code route}: a member becomes the leader (the quorum
     * elected another); anything else means the prefix is served elsewhere now, so the route is dropped.
     */
    public void redirected(Route route, String address) {
        if (route.members().contains(address)) {
            replace(route, Optional.of(route.withLeader(address)));
        } else {
            drop(route);
        }
    }

    /**
     * {@code address} could not be reached: it is tried last for a while, and the route goes to its next member
     * until it expires, which it now does soon (the quorum is probably electing a leader, which a new DISCOVER
     * will name).
     */
    public void unreachable(Route route, String address) {
        markDown(address);
        if (route.members().size() == 1) {
            drop(route);
            return;
        }
        Route r = last(route, address);
        long soon = clock.getAsLong() + Math.min(ttlNanos, DOWN_TTL.toNanos() / 2);
        routes.computeIfPresent(
                keyOf(route), (k, e) -> e.route().equals(route) ? new Entry(r, Math.min(e.expiresAt(), soon)) : e);
    }

    /** Forgets {@code route} (unless it was replaced meanwhile), so the next request asks DISCOVER again. */
    public void drop(Route route) {
        routes.computeIfPresent(keyOf(route), (k, e) -> e.route().equals(route) ? null : e);
    }

    private void replace(Route old, Optional<Route> fresh) {
        routes.computeIfPresent(
                keyOf(old),
                (k, e) -> e.route().equals(old)
                        ? fresh.map(r -> new Entry(r, e.expiresAt())).orElse(null)
                        : e);
    }

    public void markDown(String address) {
        long now = clock.getAsLong();
        if (downUntil.size() >= MAX_DOWN) {
            downUntil.values().removeIf(t -> now - t >= 0);
            if (downUntil.size() >= MAX_DOWN) {
                downUntil.clear();
            }
        }
        downUntil.put(address, now + DOWN_TTL.toNanos());
    }

    public boolean isDown(String address) {
        Long t = downUntil.get(address);
        return t != null && clock.getAsLong() - t < 0;
    }

    /** The connected node cannot answer DISCOVER: send requests to it, as a client without routing would, for a while. */
    public void noDirectory() {
        noDirectoryUntil = clock.getAsLong() + NO_DIRECTORY_TTL.toNanos();
        noDirectory = true;
    }

    public boolean hasNoDirectory() {
        return noDirectory && clock.getAsLong() - noDirectoryUntil < 0;
    }

    /** Every route cached, expired ones included, longest prefix first. */
    public List<Route> snapshot() {
        List<Route> out = new ArrayList<>();
        for (Entry e : routes.values()) {
            out.add(e.route());
        }
        out.sort(Comparator.comparing((Route r) -> -r.prefix().length()).thenComparing(Route::prefix));
        return out;
    }
}
