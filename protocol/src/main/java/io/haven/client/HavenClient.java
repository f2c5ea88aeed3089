package io.haven.client;

import io.haven.client.internal.ClientRuntime;
import io.haven.client.internal.Connection;
import io.haven.client.internal.Peers;
import io.haven.client.internal.QueryRouter;
import io.haven.client.internal.RouteTable;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.Role;
import java.io.Closeable;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A connection to Haven: send any {@link Request} and get its {@link Response}, with many requests in flight at
 * once on one TCP connection (each gets its own {@code _reqid}; answers may come back in any order).
 *
 * <pre>{@code
 * try (HavenClient client = HavenClient.connect(ClientOptions.of("127.0.0.1:7400")).join()) {
 *     DataResponse r = client.query(new DataRequest.KvGet("/app/config")).join();
 * }
 * }</pre>
 *
 * {@link #connect} opens the connection and completes CONNECT (version {@value ClientRuntime#VERSION}, the
 * options' token). If the connection is later lost, requests in flight fail with UNAVAILABLE and the client
 * reconnects in the background (next address, doubling pauses); requests sent meanwhile wait for the new connection
 * until their deadline. A DATA {@link #query} answered NOT_MINE (the node could not forward it to the quorum serving
 * its path) is sent once more, to the {@code location} the answer names. With {@link ClientOptions#withRouting}
 * the client routes DATA queries itself, straight to the leader of the quorum serving each path ({@link #routes()},
 * {@link #routingStats()}). Threading, failures, routing and nulls are described in the {@linkplain io.haven.client
 * package documentation}.
 */
public final class HavenClient implements Closeable {
    private final ClientRuntime runtime;

    /** Connections to the nodes NOT_MINE answers and routes send this client to, closed with it. */
    private final Peers redirects;

    /** Present when the options ask for routing. */
    private final Optional<QueryRouter> router;

    private HavenClient(ClientRuntime runtime) {
        this.runtime = runtime;
        this.redirects = new Peers(runtime);
        this.router = runtime.options().routing()
                ? Optional.of(new QueryRouter(runtime, redirects, new RouteTable(System::nanoTime)))
                : Optional.empty();
    }

    /** Connects to the first of the options' addresses that answers CONNECT. */
    public static CompletableFuture<HavenClient> connect(ClientOptions options) {
        Objects.requireNonNull(options, "options");
        return ClientRuntime.start(options).thenApply(HavenClient::new);
    }

    public ClientOptions options() {
        return runtime.options();
    }

    /** The answer to the CONNECT of the current connection; empty while the client is reconnecting. */
    public Optional<Response.ConnectReply> session() {
        Connection conn = runtime.connection();
        return conn == null ? Optional.empty() : Optional.of(conn.session());
    }

    /** The node this client talks to now; empty while the client is reconnecting. */
    public Optional<HostPort> remoteAddress() {
        Connection conn = runtime.connection();
        return conn == null ? Optional.empty() : Optional.of(conn.address());
    }

    public boolean isConnected() {
        return runtime.isConnected();
    }

    /**
     * Sends a request with the deadline its envelope names, or the options' default deadline when it names none. The
     * request's own {@code _reqid} is replaced.
     */
    public CompletableFuture<Response> send(Request request) {
        long ms = request.envelope().deadlineMs();
        return send(request, ms > 0 ? Duration.ofMillis(ms) : runtime.options().defaultDeadline());
    }

    /**
     * Sends a request and completes with its answer, or fails with TIMEOUT once {@code deadline} passes; the node is
     * told the deadline too and does not start the request after it.
     */
    public CompletableFuture<Response> send(Request request, Duration deadline) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(deadline, "deadline");
        if (deadline.isNegative() || deadline.isZero()) {
            throw new IllegalArgumentException("deadline must be positive: " + deadline);
        }
        if (request instanceof Request.Connect) {
            throw new IllegalArgumentException("CONNECT is sent by connect(), once per connection");
        }
        return runtime.send(request, deadline);
    }

    /** HEARTBEAT ping acknowledging events up to {@code ack}; the pong carries the watch events after it. */
    public CompletableFuture<Response.Pong> ping(long ack) {
        return expect(send(Request.Ping.of(ack)), Response.Pong.class);
    }

    public CompletableFuture<Response.Pong> ping() {
        return ping(0);
    }

    /**
     * DISCOVER: {@code argument} is the uuid for {@link DiscoverType#UUID}, the path for {@link DiscoverType#QUORUM}.
     * {@link DiscoverType#STATUS} has its own reply: ask for it with {@link #status()}.
     */
    public CompletableFuture<Response.DiscoverReply> discover(DiscoverType type, String argument) {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(argument, "argument");
        if (type == DiscoverType.STATUS) {
            throw new IllegalArgumentException("DISCOVER status has its own reply: use status()");
        }
        String uuid = type == DiscoverType.UUID ? argument : "";
        String path = type == DiscoverType.QUORUM ? argument : "";
        return expect(send(new Request.Discover(Envelope.NONE, type, uuid, path)), Response.DiscoverReply.class);
    }

    /** DISCOVER {@code status}: the connected node's own view of its quorums and whether it is ready. */
    public CompletableFuture<Response.StatusReply> status() {
        return expect(
                send(new Request.Discover(Envelope.NONE, DiscoverType.STATUS, "", "")), Response.StatusReply.class);
    }

    /** A linearizable DATA query; fails with the node's error (for example UNAVAILABLE with status 404). */
    public CompletableFuture<DataResponse> query(DataRequest request) {
        return query(request, Consistency.LINEARIZABLE);
    }

    /**
     * A DATA query within the options' default deadline. With routing on it goes to the leader serving its path
     * (retries included, all within the deadline); watches, and requests without a path ({@code task.heartbeat}),
     * go to the connected node either way: a watch's events come on the session that added it.
     */
    public CompletableFuture<DataResponse> query(DataRequest request, Consistency consistency) {
        Objects.requireNonNull(request, "request");
        Objects.requireNonNull(consistency, "consistency");
        if (router.isPresent() && routable(request)) {
            return router.get().query(request, consistency, runtime.options().defaultDeadline());
        }
        return expect(send(new Request.Query(Envelope.NONE, request, consistency, false)), Response.QueryReply.class)
                .thenApply(Response.QueryReply::data)
                .exceptionallyCompose(e -> followNotMine(e, request, consistency));
    }

    private static boolean routable(DataRequest request) {
        return !request.routingKey().isEmpty()
                && !(request instanceof DataRequest.WatchAdd)
                && !(request instanceof DataRequest.WatchRemove);
    }

    /** The routes this client has cached, expired ones included, longest prefix first; empty without routing. */
    public List<Route> routes() {
        return router.map(r -> r.routes().snapshot()).orElse(List.of());
    }

    /** What routing did so far; {@link RoutingStats#NONE} without routing. */
    public RoutingStats routingStats() {
        return router.map(QueryRouter::stats).orElse(RoutingStats.NONE);
    }

    /**
     * A node answered NOT_MINE (the path is served elsewhere and it could not forward): the request was not applied
     * there, so it is sent once to the {@code location} named, and that answer is final (NOT_MINE again included).
     */
    private CompletableFuture<DataResponse> followNotMine(
            Throwable error, DataRequest request, Consistency consistency) {
        HavenException h = ClientRuntime.unwrap(error);
        String location = h.error().location();
        if (h.code() != ErrorCode.NOT_MINE || location.isEmpty()) {
            return CompletableFuture.failedFuture(h);
        }
        return expect(
                        redirects.send(
                                location,
                                new Request.Query(Envelope.NONE, request, consistency, true),
                                runtime.options().defaultDeadline()),
                        Response.QueryReply.class)
                .thenApply(Response.QueryReply::data);
    }

    /** CONTROL {@code become} a role that needs no arguments (locator, processor). */
    public CompletableFuture<Response.ControlReply> become(Role role) {
        return become(role, "", List.of(), List.of());
    }

    /**
     * CONTROL {@code become}.
     *
     * @param quorum the quorum's name for {@link Role#QUORUM}, empty otherwise
     * @param paths the path prefixes a new quorum serves
     * @param peers {@code uuid=host:port} raft addresses when bootstrapping a group
     */
    public CompletableFuture<Response.ControlReply> become(
            Role role, String quorum, List<String> paths, List<String> peers) {
        return control(new Request.Control(Envelope.NONE, false, role, quorum, paths, peers, false));
    }

    public CompletableFuture<Response.ControlReply> leave(Role role) {
        return leave(role, "", false);
    }

    /** CONTROL {@code leave}; {@code force} lets the last member leave a quorum that holds data. */
    public CompletableFuture<Response.ControlReply> leave(Role role, String quorum, boolean force) {
        return control(new Request.Control(Envelope.NONE, true, role, quorum, List.of(), List.of(), force));
    }

    private CompletableFuture<Response.ControlReply> control(Request.Control request) {
        return expect(send(request), Response.ControlReply.class);
    }

    /** Closes the connection and stops the client's threads; requests still in flight fail with UNAVAILABLE. */
    @Override
    public void close() {
        redirects.close();
        runtime.close();
    }

    private static <T extends Response> CompletableFuture<T> expect(CompletableFuture<Response> f, Class<T> type) {
        return f.thenApply(r -> {
            if (type.isInstance(r)) {
                return type.cast(r);
            }
            throw HavenException.invalid("expected " + type.getSimpleName() + " but the node answered "
                    + r.getClass().getSimpleName());
        });
    }
}
