package io.haven.daemon.quorum;

import io.haven.daemon.HavendConfig;
import io.haven.daemon.service.ControlService;
import io.haven.daemon.service.DataService;
import io.haven.daemon.service.DiscoverService;
import io.haven.daemon.service.HeartbeatService;
import io.haven.daemon.service.LocalNode;
import io.haven.daemon.service.RequestContext;
import io.haven.daemon.watch.ChangeSource;
import io.haven.daemon.watch.WatchHub;
import io.haven.daemon.watch.WatchLimits;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.Role;
import io.haven.quorum.Peer;
import io.haven.quorum.Quorum;
import io.haven.quorum.QuorumConfig;
import io.haven.quorum.QuorumListener;
import io.haven.quorum.QuorumStatus;
import io.haven.quorum.RaftNode;
import io.haven.storage.StoreOptions;
import io.haven.storage.TaskPush;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The quorum role: this node's {@link RaftNode} and the services that use it. One instance per node; thread-safe.
 * Roles of the {@link LocalNode} are kept in step: {@code quorum} while the node is a member of at least one
 * quorum.
 */
public final class QuorumRole
        implements DataService, ControlService, DiscoverService, HeartbeatService, QuorumListener {
    private static final Logger LOG = LoggerFactory.getLogger(QuorumRole.class);

    /**
     * The reserved name of the location service's quorum: its store holds the directory under keys beginning with
     * {@code haven:}, and it serves only those keys, whatever paths file it has.
     */
    public static final String LOCATOR = "locator";

    /** The one prefix the locator quorum serves. */
    public static final String LOCATOR_PREFIX = "haven:";

    /**
     * The JVM system property naming a fault-points file ({@code io.haven.quorum.FaultPoints}): the fault harness
     * slows a node's disk through it. Test-only; unset in production.
     */
    public static final String FAULT_POINTS_PROPERTY = "haven.fault-points";

    /** The quorum {@code havend --dev} runs: one member, serving every path. */
    public static final String DEV_QUORUM = "main";

    private final LocalNode node;
    private final RaftNode raft;
    private final WatchHub watches = new WatchHub(WatchLimits.DEFAULTS);
    private final ExecutorService control = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "haven-control");
        t.setDaemon(true);
        return t;
    });

    private final AtomicBoolean closed = new AtomicBoolean();

    private QuorumRole(LocalNode node, RaftNode raft) {
        this.node = node;
        this.raft = raft;
    }

    /** Starts the node's Raft server; quorums it was a member of come back by themselves. */
    public static QuorumRole start(HavendConfig config, LocalNode node) throws IOException {
        QuorumConfig qc = QuorumConfig.builder(
                        config.data(), config.raft().host(), config.raft().port())
                .log(config.raftSnapshotThreshold(), config.raftLogSegmentBytes())
                .batch(config.batchMaxCommands(), QuorumConfig.BATCH_MAX_BYTES_DEFAULT, config.batchMaxInflight())
                .build();
        QuorumRole[] self = new QuorumRole[1];
        QuorumListener listener = new QuorumListener() {
            @Override
            public void applied(String quorum, boolean leader, List<Change> changes, List<TaskPush> pushes) {
                if (self[0] != null) {
                    self[0].applied(quorum, leader, changes, pushes);
                }
            }

            @Override
            public void checkpointInstalled(String quorum, long revision) {
                if (self[0] != null) {
                    self[0].watches.checkpointInstalled(quorum, revision);
                }
            }
        };
        StoreOptions store =
                StoreOptions.builder().pendingRetryMs(config.pendingRetryMs()).build();
        RaftNode raft = new RaftNode(node.uuid(), node::address, qc, store, listener);
        raft.start();
        String faultPoints = System.getProperty(FAULT_POINTS_PROPERTY, "");
        if (!faultPoints.isEmpty()) {
            raft.watchFaultPoints(java.nio.file.Path.of(faultPoints));
        }
        self[0] = new QuorumRole(node, raft);
        raft.onQuorumsChanged(self[0]::refreshRoles);
        self[0].refreshRoles();
        return self[0];
    }

    /** For {@code --dev}: makes sure the one-member quorum {@value #DEV_QUORUM} serving {@code /} exists. */
    public void ensureDevQuorum() throws IOException {
        if (raft.quorum(DEV_QUORUM).isEmpty()) {
            raft.create(DEV_QUORUM, List.of(), List.of("/"));
            LOG.info("dev mode: created quorum {} serving /", DEV_QUORUM);
        }
        refreshRoles();
        // A one-member quorum elects itself within an election timeout; answer clients only once it has.
        Quorum q = raft.quorum(DEV_QUORUM).orElseThrow();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!q.isReady()) {
            if (System.nanoTime() > end) {
                throw new IOException("quorum " + DEV_QUORUM + " elected no leader within 30 s");
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted waiting for quorum " + DEV_QUORUM, e);
            }
        }
    }

    public RaftNode raft() {
        return raft;
    }

    private void refreshRoles() {
        List<String> roles = new ArrayList<>(node.roles());
        roles.remove(Role.QUORUM.wireName());
        roles.remove(Role.LOCATOR.wireName());
        if (raft.quorums().stream().anyMatch(q -> q.name().equals(LOCATOR))) {
            roles.add(0, Role.LOCATOR.wireName());
        }
        if (raft.quorums().stream().anyMatch(q -> !q.name().equals(LOCATOR))) {
            roles.add(Role.QUORUM.wireName());
        }
        node.roles(roles);
    }

    /** The locator quorum, when this node is one of its members (opening it if another node added it here). */
    public Optional<Quorum> locator() {
        Optional<Quorum> q = raft.quorum(LOCATOR);
        if (q.isPresent() && !node.roles().contains(Role.LOCATOR.wireName())) {
            // Another member added the group here and it was opened just now by name.
            refreshRoles();
        }
        return q;
    }

    /** The prefixes {@code q} serves: the locator quorum serves {@value #LOCATOR_PREFIX} only. */
    public List<String> paths(Quorum q) {
        if (q.name().equals(LOCATOR)) {
            return List.of(LOCATOR_PREFIX);
        }
        // A member another node added serves nothing until it learns the quorum's paths: taking the default "/"
        // for them would store writes for other quorums' paths in this one.
        return raft.knowsPaths(q.name()) ? raft.paths(q.name()) : List.of();
    }

    /** The local quorum serving the longest prefix of {@code key}, if this node is a member of one. */
    public Optional<Quorum> serving(String key) {
        try {
            return Optional.of(route(key));
        } catch (HavenException e) {
            return Optional.empty();
        }
    }

    // ---- DATA ----------------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<DataResponse> query(Request.Query query, RequestContext context) {
        Quorum q;
        try {
            if (query.data() instanceof DataRequest.WatchRemove remove) {
                return CompletableFuture.completedFuture(watches.remove(context.session(), remove.watch()));
            }
            q = route(query.data().routingKey());
            if (query.data() instanceof DataRequest.WatchAdd add) {
                return CompletableFuture.completedFuture(watches.add(context.session(), add, changeSource(q)));
            }
        } catch (HavenException e) {
            return CompletableFuture.failedFuture(e);
        }
        return q.query(query.data(), query.consistency(), budgetMs(context));
    }

    /**
     * How long the quorum may take: a little less than what is left of the request's deadline, so that a quorum
     * that cannot commit answers UNAVAILABLE (it says why) before the server's TIMEOUT would.
     */
    static long budgetMs(RequestContext context) {
        if (!context.hasDeadline()) {
            return Quorum.DEFAULT_BUDGET_MS;
        }
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - context.receivedNanos());
        long leftMs = context.deadlineMs() - elapsedMs;
        // A fifth of what is left (at least 200 ms) is kept for the answer to travel back through a busy node.
        return Math.max(1, leftMs - Math.max(200, leftMs / 5));
    }

    /** The change log of this node's replica of {@code q}, for watches catching up. */
    private static ChangeSource changeSource(Quorum q) {
        return new ChangeSource() {
            @Override
            public String quorumId() {
                return q.id();
            }

            @Override
            public long revision() {
                return io(q::revision);
            }

            @Override
            public long oldestRevision() {
                return io(q::oldestRevision);
            }

            @Override
            public List<Change> changesSince(long fromRev, int limit) {
                try {
                    return q.changesSince(fromRev, limit);
                } catch (IOException e) {
                    throw HavenException.unavailable("quorum " + q.name() + ": " + e.getMessage(), q.name());
                }
            }

            private long io(IoLong f) {
                try {
                    return f.get();
                } catch (IOException e) {
                    throw HavenException.unavailable("quorum " + q.name() + ": " + e.getMessage(), q.name());
                }
            }
        };
    }

    private interface IoLong {
        long get() throws IOException;
    }

    // ---- HEARTBEAT -----------------------------------------------------------------------------------------------

    /**
     * A ping: the pong carries the session's watch events. A processor's ping ({@code pid}) also extends the leases
     * of its tasks in every quorum of this node (seed 000's task.heartbeat); the pong does not wait for that.
     */
    @Override
    public CompletableFuture<Response.Pong> ping(Request.Ping ping, long waitMs, RequestContext context) {
        if (!ping.pid().isEmpty()) {
            for (Quorum q : raft.quorums()) {
                q.query(new DataRequest.TaskHeartbeat(ping.pid()), Consistency.LINEARIZABLE)
                        .exceptionally(e -> {
                            LOG.debug("lease heartbeat of {} in {} failed: {}", ping.pid(), q.name(), e.toString());
                            return null;
                        });
            }
        }
        return watches.ping(context.session(), ping.envelope().reqId(), ping.ack(), waitMs);
    }

    @Override
    public void sessionOpened(String session, Consumer<Push> pushes) {
        watches.sessionOpened(session, pushes);
    }

    @Override
    public void sessionClosed(String session) {
        watches.closeSession(session);
    }

    public WatchHub watches() {
        return watches;
    }

    /** The longest prefix of {@code key} a local quorum serves, if this node is a member of one that does. */
    public Optional<String> servingPrefix(String key) {
        String best = null;
        for (Quorum q : raft.quorums()) {
            for (String prefix : paths(q)) {
                if (key.startsWith(prefix) && (best == null || prefix.length() > best.length())) {
                    best = prefix;
                }
            }
        }
        return Optional.ofNullable(best);
    }

    /** The local quorum serving the longest prefix of {@code key}. */
    Quorum route(String key) {
        Quorum best = null;
        int bestLength = -1;
        for (Quorum q : raft.quorums()) {
            for (String prefix : paths(q)) {
                if (key.startsWith(prefix) && prefix.length() > bestLength) {
                    best = q;
                    bestLength = prefix.length();
                }
            }
        }
        if (best == null) {
            throw HavenException.unavailable(
                    raft.quorums().isEmpty()
                            ? "this node is a member of no quorum, so it serves no data"
                            : "no quorum on this node serves '" + key + "'",
                    key);
        }
        return best;
    }

    // ---- CONTROL -------------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Response.ControlReply> control(Request.Control request, RequestContext context) {
        if (request.role() == Role.LOCATOR) {
            return CompletableFuture.supplyAsync(
                    () -> {
                        try {
                            int status = request.leave() ? leaveLocator(request) : becomeLocator(request);
                            refreshRoles();
                            return new Response.ControlReply(
                                    request.envelope().reqId(), request.action(), status, node.roles());
                        } catch (IOException e) {
                            throw new CompletionException(HavenException.unavailable(
                                    request.action().wireName() + " locator failed: " + e.getMessage(), LOCATOR));
                        }
                    },
                    control);
        }
        if (request.role() != Role.QUORUM) {
            return CompletableFuture.failedFuture(HavenException.unavailable(
                    "the " + request.role().wireName() + " role is not built on this node yet",
                    request.role().wireName()));
        }
        if (request.quorum().equals(LOCATOR)) {
            return CompletableFuture.failedFuture(HavenException.invalid(
                    "the quorum name " + LOCATOR + " is reserved for the location service: use become locator",
                    "quorum"));
        }
        if (request.quorum().isEmpty()) {
            return CompletableFuture.failedFuture(
                    HavenException.incomplete("become/leave quorum needs the quorum's name", "quorum"));
        }
        return CompletableFuture.supplyAsync(
                () -> {
                    try {
                        int status = request.leave() ? leave(request) : become(request);
                        refreshRoles();
                        return new Response.ControlReply(
                                request.envelope().reqId(), request.action(), status, node.roles());
                    } catch (IOException e) {
                        throw new CompletionException(HavenException.unavailable(
                                request.action().wireName() + " quorum " + request.quorum() + " failed: "
                                        + withCauses(e),
                                request.quorum()));
                    }
                },
                control);
    }

    /**
     * The message of {@code e} followed by its causes' messages that add something: Ratis reports a refused group
     * management call as "failed for N attempts" and keeps the server's reason in the cause.
     */
    static String withCauses(Throwable e) {
        StringBuilder out = new StringBuilder(String.valueOf(e.getMessage()));
        int depth = 0;
        for (Throwable t = e.getCause(); t != null && t != t.getCause() && depth < 4; t = t.getCause(), depth++) {
            String m = t.getMessage();
            if (m != null && !m.isBlank() && out.indexOf(m) < 0) {
                out.append(" (caused by ")
                        .append(t.getClass().getSimpleName())
                        .append(": ")
                        .append(m)
                        .append(')');
            }
        }
        return out.toString();
    }

    /**
     * {@code become quorum}: 200 when already a member. With {@code peers} that include this node: bootstrap the
     * quorum on all of them; with peers that do not: join it through them (learner first, then voter); with none:
     * a new one-member quorum.
     */
    private int become(Request.Control request) throws IOException {
        RaftNode.checkName(request.quorum());
        for (String path : request.paths()) {
            if (!path.startsWith("/")) {
                throw HavenException.invalid("a served path starts with '/': " + path, "paths");
            }
        }
        if (raft.quorum(request.quorum()).isPresent()) {
            // Another member added this node; until the log tells it the quorum's paths, the operator's word does.
            if (!request.paths().isEmpty()) {
                raft.offerPaths(request.quorum(), request.paths());
            }
            return 200;
        }
        List<Peer> peers = request.peers().stream().map(Peer::parse).toList();
        boolean includesSelf = peers.stream().anyMatch(p -> p.id().equals(node.uuid()));
        if (peers.isEmpty() || includesSelf) {
            raft.create(request.quorum(), peers, request.paths());
        } else {
            raft.join(request.quorum(), peers, request.paths());
        }
        return 201;
    }

    /**
     * {@code become locator}: the same rules as {@link #become} for the quorum {@value #LOCATOR}, which serves only
     * the directory's keys.
     */
    private int becomeLocator(Request.Control request) throws IOException {
        if (raft.quorum(LOCATOR).isPresent()) {
            return 200;
        }
        List<Peer> peers = request.peers().stream().map(Peer::parse).toList();
        boolean includesSelf = peers.stream().anyMatch(p -> p.id().equals(node.uuid()));
        if (peers.isEmpty() || includesSelf) {
            raft.create(LOCATOR, peers, List.of(LOCATOR_PREFIX));
        } else {
            raft.join(LOCATOR, peers, List.of(LOCATOR_PREFIX));
        }
        return 201;
    }

    private int leaveLocator(Request.Control request) throws IOException {
        if (raft.quorum(LOCATOR).isEmpty()) {
            return 200;
        }
        // The directory is rebuilt by the agents, so the last locator may leave it with data in it.
        raft.leave(LOCATOR, true);
        return 201;
    }

    private int leave(Request.Control request) throws IOException {
        raft.leave(request.quorum(), request.force());
        return 201;
    }

    // ---- DISCOVER ------------------------------------------------------------------------------------------------

    @Override
    public CompletableFuture<Response.DiscoverReply> quorum(Request.Discover request, RequestContext context) {
        try {
            String path = request.path().isEmpty() ? "/" : request.path();
            Quorum q = route(path);
            QuorumStatus status = q.status();
            List<Response.Location> locations = new ArrayList<>();
            String leaderAddress = "";
            for (Peer p : status.members()) {
                boolean leader = p.id().equals(status.leader());
                String address = p.clientAddress().isEmpty() ? "" : p.clientAddress();
                locations.add(new Response.Location(p.id(), address, List.of(Role.QUORUM.wireName()), leader));
                if (leader) {
                    leaderAddress = address;
                }
            }
            locations.sort((a, b) -> Boolean.compare(b.leader(), a.leader()));
            if (leaderAddress.isEmpty()) {
                throw HavenException.unavailable("quorum " + q.name() + " has no leader right now", q.name());
            }
            String matched = "";
            for (String prefix : paths(q)) {
                if (path.startsWith(prefix) && prefix.length() > matched.length()) {
                    matched = prefix;
                }
            }
            // The longer prefixes this node's other quorums serve under the matched one: not covered by this answer.
            TreeSet<String> excluded = new TreeSet<>();
            for (Quorum other : raft.quorums()) {
                if (other == q) {
                    continue;
                }
                for (String prefix : paths(other)) {
                    if (prefix.length() > matched.length() && prefix.startsWith(matched)) {
                        excluded.add(prefix);
                    }
                }
            }
            return CompletableFuture.completedFuture(new Response.DiscoverReply(
                    request.envelope().reqId(), leaderAddress, locations, q.name(), matched, List.copyOf(excluded)));
        } catch (HavenException e) {
            return CompletableFuture.failedFuture(e);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(HavenException.unavailable(e.getMessage(), request.path()));
        }
    }

    /** DISCOVER status: each quorum this node is a member of, from this node's replica of it. */
    @Override
    public CompletableFuture<Response.StatusReply> status(Request.Discover request, LocalNode self) {
        return CompletableFuture.completedFuture(
                StatusReport.of(request.envelope().reqId(), self, raft.quorums(), this::paths));
    }

    // ---- apply path ----------------------------------------------------------------------------------------------

    @Override
    public void applied(String quorumId, boolean leader, List<Change> changes, List<TaskPush> pushes) {
        watches.applied(quorumId, changes);
        // Processor pushes (tasks.execute / tasks.abort) hook in here once the processor role exists.
    }

    /** What this node knows of each of its quorums, for status pages and tests. */
    public List<QuorumStatus> status() {
        List<QuorumStatus> out = new ArrayList<>();
        for (Quorum q : raft.quorums()) {
            try {
                out.add(q.status());
            } catch (IOException e) {
                LOG.debug("status of {} failed", q.name(), e);
            }
        }
        return out;
    }

    public Optional<Quorum> quorum(String name) {
        return raft.quorum(name);
    }

    /** Stops the Raft server; the role is registered as several services, so closing twice is harmless. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        control.shutdownNow();
        try {
            control.awaitTermination(5, TimeUnit.SECONDS);
            raft.close();
        } catch (IOException e) {
            LOG.warn("closing the Raft server failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
