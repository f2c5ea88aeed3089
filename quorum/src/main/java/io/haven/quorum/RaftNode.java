package io.haven.quorum;

import io.haven.protocol.HavenException;
import io.haven.storage.StoreOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Pattern;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.client.RaftClientConfigKeys;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.grpc.GrpcFactory;
import org.apache.ratis.proto.RaftProtos;
import org.apache.ratis.proto.RaftProtos.RaftPeerRole;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.GroupManagementRequest;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.protocol.exceptions.AlreadyExistsException;
import org.apache.ratis.protocol.exceptions.GroupMismatchException;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.CallId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.statemachine.StateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Raft server of a havend, hosting every quorum the node is a member of as a Ratis group (multi-raft
 * through a state machine registry), over gRPC on the node's peer address.
 *
 * <p>Lifecycle: {@link #start()} reloads the groups found in {@code <data>/raft} (a killed member rejoins with no
 * operator action); {@link #create}, {@link #join} and {@link #leave} change membership; {@link #close()} stops it.
 * The quorums map is concurrent; membership changes are serialized by {@code this}.
 */
public final class RaftNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);
    private static final Pattern QUORUM_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]{0,63}");
    /** How long adding or removing a group on this node may take before it counts as failed. */
    private static final long CLOSE_WAIT_MS = 30_000;
    /** The first wait before a division closed on a failure is restarted again; it doubles up to the maximum. */
    private static final long REVIVE_BACKOFF_MS = 5_000;

    private static final long REVIVE_BACKOFF_MAX_MS = 300_000;
    /** How long a follower's log may stay behind its leader's commit without moving before it counts as stuck. */
    private static final long STALL_MS = 15_000;
    /** A follower whose leader has not sent it anything for this long is cut off, not stuck. */
    private static final long LEADER_SILENT_MS = 3_000;
    /** Attempts to add a group on this node, each failed one cleaned up before the next. */
    private static final int ADD_ATTEMPTS = 4;

    private final String nodeId;
    private final Supplier<String> clientAddress;
    private final QuorumConfig config;
    private final StoreOptions storeOptions;
    private final QuorumListener listener;
    private final RaftProperties properties;
    private final Map<String, Quorum> quorums = new ConcurrentHashMap<>();
    /** The paths each quorum serves, as kept in its directory; read once (DATA routing asks on every request). */
    private final Map<String, List<String>> paths = new ConcurrentHashMap<>();
    /** The quorums whose paths were written here (see {@link #knowsPaths}). */
    private final Set<String> pathsKnown = ConcurrentHashMap.newKeySet();
    /**
     * Groups this node hosts whose name it does not know yet (another node added it to them). They are ticked when
     * this node leads them, and become named quorums when a tick from a member that knows the name is applied.
     */
    private final Map<RaftGroupId, Quorum> nameless = new ConcurrentHashMap<>();

    private final Map<RaftGroupId, Revival> revivals = new ConcurrentHashMap<>();
    private final Map<RaftGroupId, Stall> stalls = new ConcurrentHashMap<>();
    /** Where tests and the fault harness make this node's quorums fail on purpose. */
    private final FaultPoints faults = new FaultPoints();
    /** The state machine Ratis last asked for, per group: one whose division failed to start is closed from here. */
    private final Map<RaftGroupId, QuorumStateMachine> machines = new ConcurrentHashMap<>();

    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "haven-ticker");
        t.setDaemon(true);
        return t;
    });
    /** Runs in-process group adds and removals, so that one that hangs (a division that never closes) is bounded. */
    private final java.util.concurrent.ExecutorService admin = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "haven-group-admin");
        t.setDaemon(true);
        return t;
    });

    private RaftServer server;
    private volatile Runnable onQuorumsChanged = () -> {};

    /** Called (on an internal thread) when this node starts or stops being a member of a quorum. */
    public void onQuorumsChanged(Runnable callback) {
        onQuorumsChanged = callback;
    }

    /**
     * @param clientAddress the address this node's clients reach it at; members learn it from the Raft
     *     configuration ({@link Peer})
     */
    public RaftNode(
            String nodeId,
            Supplier<String> clientAddress,
            QuorumConfig config,
            StoreOptions storeOptions,
            QuorumListener listener) {
        this.nodeId = nodeId;
        this.clientAddress = clientAddress;
        this.config = config;
        this.storeOptions = storeOptions;
        this.listener = listener;
        this.properties = properties(config);
    }

    public String nodeId() {
        return nodeId;
    }

    /** This node's fault points (tests and the fault harness only). */
    public FaultPoints faults() {
        return faults;
    }

    /**
     * Reads the fault points {@code file} names (see {@link FaultPoints#reload}) now and whenever it changes, on this
     * node's ticker: the fault harness' way in. Never used outside tests.
     */
    public void watchFaultPoints(Path file) {
        LOG.warn("fault injection is on: this node reads fault points from {}", file);
        ticker.scheduleWithFixedDelay(() -> faults.reload(file), 0, 500, TimeUnit.MILLISECONDS);
    }

    public Peer self() {
        return new Peer(nodeId, config.raftAddress(), clientAddress.get());
    }

    /** The Ratis settings Haven runs with; see {@link QuorumConfig} for why elections take seconds. */
    static RaftProperties properties(QuorumConfig c) {
        RaftProperties p = new RaftProperties();
        RaftServerConfigKeys.setStorageDir(p, List.of(c.raftDir().toFile()));
        RaftServerConfigKeys.setRemovedGroupsDir(p, c.removedGroupsDir().toFile());
        // gRPC, with a log appender that does not get stuck at a purged term boundary (see BoundaryAwareRpc).
        RaftConfigKeys.Rpc.setType(p, new BoundaryAwareRpc());
        GrpcConfigKeys.Server.setHost(p, c.raftHost());
        GrpcConfigKeys.Server.setPort(p, c.raftPort());
        RaftServerConfigKeys.Rpc.setTimeoutMin(p, duration(c.electionTimeoutMin()));
        RaftServerConfigKeys.Rpc.setTimeoutMax(p, duration(c.electionTimeoutMax()));
        RaftServerConfigKeys.Rpc.setRequestTimeout(p, duration(c.raftRequestTimeout()));
        RaftServerConfigKeys.Read.setOption(p, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
        RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(p, true);
        RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(p, c.snapshotThreshold());
        RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(p, true);
        RaftServerConfigKeys.Log.setPurgeGap(p, (int) Math.max(1, Math.min(1024, c.snapshotThreshold() / 2)));
        RaftServerConfigKeys.Log.setSegmentSizeMax(p, SizeInBytes.valueOf(c.logSegmentBytes()));
        // Snapshots carry no files (the store is the snapshot): a lagging member is told to install from the
        // leader and fetches a RocksDB checkpoint itself.
        RaftServerConfigKeys.Log.Appender.setInstallSnapshotEnabled(p, false);
        RaftClientConfigKeys.Rpc.setRequestTimeout(p, TimeDuration.valueOf(3, TimeUnit.SECONDS));
        return p;
    }

    private static TimeDuration duration(java.time.Duration d) {
        return TimeDuration.valueOf(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Starts the Raft server and reopens every quorum this node was a member of. */
    public synchronized void start() throws IOException {
        Files.createDirectories(config.raftDir());
        Files.createDirectories(config.removedGroupsDir());
        StateMachine.Registry registry = this::newStateMachine;
        server = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(nodeId))
                .setProperties(properties)
                .setParameters(new Parameters())
                .setStateMachineRegistry(registry)
                .build();
        server.start();
        for (RaftGroupId gid : server.getGroupIds()) {
            Optional<String> name = readName(config.quorumDir(gid.getUuid().toString()));
            if (name.isPresent()) {
                open(name.get());
            }
        }
        long tickMs = config.tickInterval().toMillis();
        ticker.scheduleWithFixedDelay(this::tickLeaders, tickMs, tickMs, TimeUnit.MILLISECONDS);
        LOG.info("raft server {} listening on {}, quorums {}", nodeId, config.raftAddress(), quorums.keySet());
    }

    /**
     * Ratis asks for the state machine of every group it hosts: at start for the groups in its storage, and when a
     * group is added, also by another node bootstrapping a quorum. A quorum's directory is named by its group id,
     * so a member needs no other knowledge to host it; the quorum's name is kept beside it once known.
     */
    private StateMachine newStateMachine(RaftGroupId gid) {
        Path dir = config.quorumDir(gid.getUuid().toString());
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String name = readName(dir).orElse(gid.getUuid().toString());
        // Ratis asks for a machine only for a group it does not host, so a previous machine of this group that still
        // holds the store, or never finished starting, belongs to a division whose start failed (Ratis drops those
        // without closing them): close it, or this one could not open the store (one RocksDB open per process).
        QuorumStateMachine previous = machines.get(gid);
        if (previous != null && (previous.hasStore() || previous.startFailed())) {
            LOG.info(
                    "quorum {}: clearing what a failed start of its group left (its store, a formatted directory)",
                    name);
            try {
                previous.close();
            } catch (IOException e) {
                LOG.warn("closing the store a failed start of group {} left open failed", gid, e);
            }
            // The failed start also keeps the lock of the group's Raft directory. One it formatted holds no log yet:
            // delete it, so this start formats a new one (a directory with a log is left for Ratis to recover).
            Path raft = config.raftDir().resolve(gid.getUuid().toString());
            if (holdsNoLog(raft)) {
                LOG.info("quorum {}: deleting {}, which a failed start formatted", name, raft);
                try {
                    SnapshotTransfer.deleteTree(raft);
                } catch (IOException e) {
                    LOG.warn("deleting {} failed", raft, e);
                }
            }
        }
        QuorumStateMachine m = new QuorumStateMachine(
                name,
                dir,
                storeOptions,
                listener,
                this::newClient,
                (learned, paths) -> learned(gid, learned, paths),
                faults);
        machines.put(gid, m);
        return m;
    }

    /** Whether a group's Raft directory exists and holds no log segment (only what a format writes). */
    private static boolean holdsNoLog(Path raft) {
        Path current = raft.resolve("current");
        if (!Files.isDirectory(current)) {
            return false;
        }
        try (var files = Files.list(current)) {
            return files.noneMatch(f -> f.getFileName().toString().startsWith("log_"));
        } catch (IOException e) {
            return false;
        }
    }

    private static Optional<String> readName(Path dir) {
        Path f = dir.resolve("name");
        try {
            return Files.exists(f) ? Optional.of(Files.readString(f).trim()) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The path prefixes a quorum serves, as this node was told when it created or joined it ({@code /} when it was
     * told none). The location service will hold these for the whole cluster.
     */
    public List<String> paths(String name) {
        return paths.computeIfAbsent(name, this::readPaths);
    }

    /**
     * Whether this node has been told the paths of quorum {@code name} (it created or joined it, or learned them
     * from the log). A member another node added has not until the first tick reaches it; until then {@link
     * #paths} answers {@code /}, which must not be taken for the quorum's real paths when routing.
     */
    public boolean knowsPaths(String name) {
        paths(name);
        return pathsKnown.contains(name);
    }

    /**
     * Records {@code paths} as quorum {@code name}'s when this node has not been told them yet (an operator named
     * them in {@code become} on a member another node added); what the log announced stays.
     */
    public synchronized void offerPaths(String name, List<String> paths) throws IOException {
        if (!knowsPaths(name)) {
            writePaths(name, paths);
        }
    }

    private List<String> readPaths(String name) {
        Path f = config.quorumDir(groupId(name).getUuid().toString()).resolve("paths");
        try {
            if (Files.exists(f)) {
                pathsKnown.add(name);
            }
            return Files.exists(f)
                    ? Files.readAllLines(f).stream().filter(l -> !l.isBlank()).toList()
                    : List.of("/");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void writePaths(String name, List<String> paths) throws IOException {
        Path dir = config.quorumDir(groupId(name).getUuid().toString());
        Files.createDirectories(dir);
        List<String> served = paths.isEmpty() ? List.of("/") : List.copyOf(paths);
        Files.write(dir.resolve("paths"), served);
        this.paths.put(name, served);
        pathsKnown.add(name);
    }

    private void writeName(String name) throws IOException {
        Path dir = config.quorumDir(groupId(name).getUuid().toString());
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("name"), name + "\n");
    }

    /** The group id of a quorum: derived from its name, so every node agrees without talking. */
    public static RaftGroupId groupId(String quorum) {
        return RaftGroupId.valueOf(UUID.nameUUIDFromBytes(("haven-quorum:" + quorum).getBytes(StandardCharsets.UTF_8)));
    }

    public static void checkName(String quorum) {
        if (!QUORUM_NAME.matcher(quorum).matches()) {
            throw HavenException.invalid(
                    "a quorum name is 1-64 of [a-z0-9_-], starting with a letter or digit", "quorum");
        }
    }

    /**
     * A member learned its quorum's name and paths from the log (it was added by another node, or the paths
     * changed): keep them beside the store and open the quorum. Runs off the apply thread.
     */
    private void learned(RaftGroupId gid, String name, List<String> paths) {
        if (!groupId(name).equals(gid) || !QUORUM_NAME.matcher(name).matches()) {
            LOG.warn("Raft group {} announces the name {}, which is not its own; ignored", gid, name);
            return;
        }
        ticker.execute(() -> {
            try {
                synchronized (this) {
                    writeName(name);
                    writePaths(name, paths);
                    if (!quorums.containsKey(name) && server != null) {
                        Quorum unnamed = nameless.remove(gid);
                        if (unnamed != null) {
                            unnamed.close();
                        }
                        open(name);
                        LOG.info("member of quorum {} (serving {}), learned from its log", name, paths);
                        onQuorumsChanged.run();
                    }
                }
            } catch (IOException | RuntimeException e) {
                LOG.warn("recording quorum {} failed", name, e);
            }
        });
    }

    /** This node's handle on a quorum it hosts, also one another node added it to. */
    public Optional<Quorum> quorum(String name) {
        Quorum q = quorums.get(name);
        if (q != null || !QUORUM_NAME.matcher(name).matches()) {
            return Optional.ofNullable(q);
        }
        synchronized (this) {
            RaftGroupId gid = groupId(name);
            for (RaftGroupId g : server.getGroupIds()) {
                if (g.equals(gid)) {
                    try {
                        writeName(name);
                        return Optional.of(open(name));
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
            }
        }
        return Optional.empty();
    }

    public List<Quorum> quorums() {
        return List.copyOf(quorums.values());
    }

    private Quorum open(String name) throws IOException {
        RaftGroupId gid = groupId(name);
        RaftGroup group = server.getDivision(gid).getGroup();
        Quorum q = new Quorum(name, gid, server, newClient(group), config, ticker);
        quorums.put(name, q);
        return q;
    }

    private RaftClient newClient(RaftGroup group) {
        // About ten seconds of retries: enough to ride out an election, bounded so a quorum that lost its majority
        // answers UNAVAILABLE instead of holding a sender forever.
        return newClient(
                group,
                RetryPolicies.retryUpToMaximumCountWithFixedSleep(
                        20, TimeDuration.valueOf(500, TimeUnit.MILLISECONDS)));
    }

    private RaftClient newClient(RaftGroup group, org.apache.ratis.retry.RetryPolicy retry) {
        return RaftClient.newBuilder()
                .setProperties(properties)
                .setRaftGroup(group)
                .setClientId(ClientId.randomId())
                .setClientRpc(new GrpcFactory(new Parameters()).newRaftClientRpc(ClientId.randomId(), properties))
                .setRetryPolicy(retry)
                .build();
    }

    /**
     * Creates a quorum whose first members are {@code peers} (this node alone when empty): the group is added on
     * every member's Raft server, and the members elect a leader among themselves.
     */
    public synchronized Quorum create(String name, List<Peer> peers, List<String> paths) throws IOException {
        checkName(name);
        if (quorums.containsKey(name)) {
            throw new HavenException(
                    io.haven.protocol.HavenError.of(
                            io.haven.protocol.ErrorCode.DUPLICATE, "already a member of quorum " + name, name),
                    409);
        }
        List<Peer> members = peers.isEmpty()
                ? List.of(self())
                : peers.stream().map(p -> p.id().equals(nodeId) ? self() : p).toList();
        if (members.stream().noneMatch(p -> p.id().equals(nodeId))) {
            throw HavenException.invalid("peers must include this node (" + self() + ") to create " + name, "peers");
        }
        writeName(name);
        writePaths(name, paths);
        RaftGroup group = RaftGroup.valueOf(
                groupId(name), members.stream().map(Peer::toRaft).toList());
        for (Peer p : members) {
            addGroupOn(p, group);
        }
        LOG.info("created quorum {} with members {}", name, members);
        Quorum q = open(name);
        // Tell the other members the quorum's name and paths now, whoever leads: they learn it from the log.
        q.tick(paths(name)).exceptionally(e -> {
            LOG.debug("announcing quorum {} failed ({}); the leader's ticks will", name, e.toString());
            return null;
        });
        return q;
    }

    private void addGroupOn(Peer p, RaftGroup group) throws IOException {
        if (p.id().equals(nodeId)) {
            addLocally(group);
            return;
        }
        // One request per attempt (no client retries): Ratis formats the group's directory before it starts the
        // division, and a start that fails leaves the directory, so a retried FORMAT would be refused for good. The
        // first attempt formats; later ones RECOVER, which reuses a directory a failed attempt left (or formats when
        // there is none), and the node drops the store a failed attempt left open (newStateMachine).
        RaftPeer target = p.toRaft();
        addAttempts(
                "adding group " + group.getGroupId() + " on " + p,
                attempt -> {
                    try (RaftClient c =
                            newClient(RaftGroup.valueOf(group.getGroupId(), target), RetryPolicies.noRetry())) {
                        return c.getGroupManagementApi(target.getId()).add(group, attempt == 1);
                    }
                },
                () -> {},
                1000);
    }

    /** One attempt of {@link #addAttempts}: the add's reply, numbered from 1. */
    private interface AddAttempt {
        RaftClientReply send(int attempt) throws IOException;
    }

    /** What {@link #addAttempts} does between a failed attempt and the next. */
    private interface Cleanup {
        void run() throws IOException;
    }

    /**
     * Sends a group add up to {@link #ADD_ATTEMPTS} times: done when one succeeds, or answers that the group already
     * exists (an earlier attempt whose reply was slow, or still running, added it); otherwise {@code cleanup} runs
     * and the next attempt follows {@code pauseMs} times the attempt number later.
     */
    private void addAttempts(String what, AddAttempt add, Cleanup cleanup, long pauseMs) throws IOException {
        Exception last = null;
        for (int attempt = 1; attempt <= ADD_ATTEMPTS; attempt++) {
            try {
                RaftClientReply reply = add.send(attempt);
                if (reply.isSuccess()) {
                    return;
                }
                last = reply.getException();
            } catch (AlreadyExistsException e) {
                LOG.debug("{}: the group is there already", what);
                return;
            } catch (IOException e) {
                last = e;
            }
            LOG.warn("{} failed (attempt {} of {})", what, attempt, ADD_ATTEMPTS, last);
            cleanup.run();
            try {
                Thread.sleep(pauseMs * attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException(what + " interrupted");
            }
        }
        throw new IOException(what + " failed " + ADD_ATTEMPTS + " times", last);
    }

    /**
     * Joins an existing quorum through one of its members: this node starts with an empty group, is added as a
     * learner (Ratis listener) so it catches up without counting in votes, then is promoted to voter.
     */
    public synchronized Quorum join(String name, List<Peer> members, List<String> paths) throws IOException {
        checkName(name);
        if (quorums.containsKey(name)) {
            return quorums.get(name);
        }
        if (members.isEmpty()) {
            throw HavenException.incomplete("joining quorum " + name + " needs at least one member", "peers");
        }
        writeName(name);
        writePaths(name, paths);
        RaftGroupId gid = groupId(name);
        clearStaleGroup(name, gid);
        addLocally(RaftGroup.valueOf(gid));
        RaftGroup existing =
                RaftGroup.valueOf(gid, members.stream().map(Peer::toRaft).toList());
        try (RaftClient c = newClient(existing)) {
            RaftGroup current = currentGroup(c, members);
            List<RaftPeer> voters = new ArrayList<>(current.getPeers());
            voters.removeIf(p -> p.getId().toString().equals(nodeId));
            List<RaftPeer> learners = List.of(self().toRaft());
            check(c.admin().setConfiguration(voters, learners), "add " + nodeId + " as learner of " + name);
            List<RaftPeer> all = new ArrayList<>(voters);
            all.add(self().toRaft());
            check(c.admin().setConfiguration(all, List.of()), "promote " + nodeId + " to voter of " + name);
        }
        LOG.info("joined quorum {}", name);
        return open(name);
    }

    /**
     * Clears what an earlier membership of quorum {@code name} left on this node before it joins again: a division
     * Ratis still holds (a leave whose removal failed after the others had committed a configuration without this
     * node) and the group's Raft directory (a removal that could not delete it, or a division Ratis closed itself).
     * Ratis formats a joining member's storage and refuses when that directory exists, and the refusal is retried like
     * an outage, so without this the join answers UNAVAILABLE after every retry. The quorum's store is kept: it holds
     * a prefix of the same log, so the member catches up from where it stopped.
     */
    private void clearStaleGroup(String name, RaftGroupId gid) throws IOException {
        RaftServer.Division lingering = division(gid);
        if (lingering != null) {
            LOG.info("quorum {}: removing the division an earlier membership left before joining again", name);
            removeLocally(name, lingering);
        }
        Path dir = config.raftDir().resolve(gid.getUuid().toString());
        if (Files.exists(dir)) {
            LOG.info("quorum {}: deleting {}, left by an earlier membership, before joining again", name, dir);
            SnapshotTransfer.deleteTree(dir);
        }
    }

    /** The division of group {@code gid} this server hosts, or null. */
    private RaftServer.Division division(RaftGroupId gid) {
        try {
            return server.getDivision(gid);
        } catch (IOException e) {
            return null; // not hosted here (GroupMismatchException)
        }
    }

    /**
     * Adds {@code group} to this node's Raft server, in process. Over RPC, an add that outlived the client's request
     * timeout was retried, and when the first attempt had failed after formatting the group's Raft directory every
     * retry was refused for that directory ("existing directories found") until the join failed; the Raft server
     * does not close a division whose start failed either, so the quorum's store stayed locked (RocksDB allows one
     * open per process). Here each attempt's outcome is exact, and a failed one is cleaned up before the next: the
     * directory is deleted here, and the next start's state machine closes the store the failed one left open
     * ({@link #newStateMachine}).
     */
    private void addLocally(RaftGroup group) throws IOException {
        RaftGroupId gid = group.getGroupId();
        String name = readName(config.quorumDir(gid.getUuid().toString())).orElse(gid.toString());
        addAttempts(
                "quorum " + name + ": adding its group on this node",
                attempt -> addOnce(group, true),
                () -> clearStaleGroup(name, gid),
                500);
    }

    /**
     * Removes division {@code d} from this node's Raft server, in process, and returns when it has closed: its log,
     * its Raft directory and the quorum's store are released only then. A removal over RPC that outlived the
     * client's request timeout was retried into "group not found" while the first attempt was still closing the
     * division, and a join that followed found the store locked. A division that does not close within
     * {@link #CLOSE_WAIT_MS} (its state-machine updater waiting for entries it will never get) has its store
     * released here, under the machine's swap lock, so the node can host the quorum again.
     */
    private void removeLocally(String name, RaftServer.Division d) throws IOException {
        RaftGroupId gid = d.getMemberId().getGroupId();
        try {
            RaftClientReply reply = removeOnce(gid, true);
            if (!reply.isSuccess()) {
                LOG.warn("quorum {}: removing its group on this node failed", name, reply.getException());
            }
        } catch (IOException e) {
            if (!groupGone(e)) {
                LOG.warn("quorum {}: removing its group on this node failed", name, e);
            }
        }
        if (d.getInfo().getLifeCycleState() != LifeCycle.State.CLOSED) {
            LOG.warn(
                    "quorum {}: the removed division is still {}; releasing its store",
                    name,
                    d.getInfo().getLifeCycleState());
            d.getStateMachine().close();
        }
    }

    /** One in-process add of {@code group} to this node's Raft server: FORMAT a new directory, or RECOVER one. */
    private RaftClientReply addOnce(RaftGroup group, boolean format) throws IOException {
        return manageLocally(GroupManagementRequest.newAdd(
                ClientId.randomId(), RaftPeerId.valueOf(nodeId), CallId.getAndIncrement(), group, format));
    }

    /** One in-process removal of group {@code gid} from this node's Raft server, deleting its directory or not. */
    private RaftClientReply removeOnce(RaftGroupId gid, boolean deleteDirectory) throws IOException {
        return manageLocally(GroupManagementRequest.newRemove(
                ClientId.randomId(),
                RaftPeerId.valueOf(nodeId),
                CallId.getAndIncrement(),
                gid,
                deleteDirectory,
                false));
    }

    private RaftClientReply manageLocally(GroupManagementRequest request) throws IOException {
        try {
            // groupManagementAsync removes a group on the calling thread, waiting for the division to close.
            return CompletableFuture.supplyAsync(() -> server.groupManagementAsync(request), admin)
                    .thenCompose(f -> f)
                    .get(CLOSE_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            Throwable cause =
                    e.getCause() instanceof CompletionException c && c.getCause() != null ? c.getCause() : e.getCause();
            throw cause instanceof IOException io ? io : new IOException(cause);
        } catch (TimeoutException e) {
            throw new IOException(request + " did not finish in " + CLOSE_WAIT_MS + " ms", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException(request + " interrupted");
        }
    }

    private RaftGroup currentGroup(RaftClient c, List<Peer> members) throws IOException {
        IOException last = null;
        for (Peer m : members) {
            try {
                return c.getGroupManagementApi(RaftPeerId.valueOf(m.id()))
                        .info(c.getGroupId())
                        .getGroup();
            } catch (IOException e) {
                last = e;
            }
        }
        throw last != null ? last : new IOException("no member answered");
    }

    /**
     * Takes this node out of a quorum: the others commit a configuration without it, then the local group is
     * removed. The last member cannot leave a quorum that holds data unless {@code force}.
     */
    public synchronized void leave(String name, boolean force) throws IOException {
        Quorum q = quorums.get(name);
        if (q == null) {
            throw HavenException.notFound("not a member of quorum " + name, name);
        }
        RaftServer.Division d = server.getDivision(q.groupId());
        List<RaftPeer> others = new ArrayList<>(d.getRaftConf().getCurrentPeers());
        others.removeIf(p -> p.getId().toString().equals(nodeId));
        if (others.isEmpty()) {
            QuorumStateMachine sm = (QuorumStateMachine) d.getStateMachine();
            if (!force && sm.revision() > 0) {
                throw HavenException.conflict(
                        "this node is the last member of quorum " + name + " and it holds data; use force", name);
            }
        } else {
            check(q.client().admin().setConfiguration(others, List.of()), "remove " + nodeId + " from " + name);
        }
        quorums.remove(name);
        q.close();
        removeLocally(name, d);
        // Ratis gives up deleting the directory after logging a failure. Remove what is left, or the node would come
        // back as a member after a restart (a join clears it as well).
        Path dir = config.raftDir().resolve(q.groupId().getUuid().toString());
        if (Files.exists(dir)) {
            LOG.info("quorum {}: deleting {}, which the group's removal left", name, dir);
            SnapshotTransfer.deleteTree(dir);
        }
        LOG.info("left quorum {}", name);
    }

    /** Whether {@code e} says the Raft group is not on this server (GroupMismatchException, also as a cause). */
    private static boolean groupGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GroupMismatchException) {
                return true;
            }
        }
        return false;
    }

    private static void check(org.apache.ratis.protocol.RaftClientReply reply, String what) throws IOException {
        if (!reply.isSuccess()) {
            throw new IOException(what + " failed: " + reply.getException());
        }
    }

    /** Opens, as nameless, every hosted group that is neither a named quorum nor already nameless. */
    private synchronized void adoptNewGroups() throws IOException {
        if (server == null) {
            return;
        }
        for (RaftGroupId gid : server.getGroupIds()) {
            boolean known = nameless.containsKey(gid)
                    || quorums.values().stream().anyMatch(q -> q.groupId().equals(gid));
            if (!known) {
                Optional<String> name = readName(config.quorumDir(gid.getUuid().toString()));
                if (name.isPresent() && groupId(name.get()).equals(gid)) {
                    open(name.get());
                } else {
                    RaftGroup group = server.getDivision(gid).getGroup();
                    nameless.put(
                            gid, new Quorum(gid.getUuid().toString(), gid, server, newClient(group), config, ticker));
                }
            }
        }
    }

    private void tickLeaders() {
        try {
            adoptNewGroups();
        } catch (IOException | RuntimeException e) {
            LOG.debug("adopting new groups failed: {}", e.toString());
        }
        try {
            reviveClosedDivisions();
        } catch (RuntimeException e) {
            LOG.warn("checking for closed divisions failed", e);
        }
        for (Quorum q : nameless.values()) {
            if (q.isLeader()) {
                // The leader does not know the name: the tick carries none, but timeouts and leases still expire.
                q.tick(List.of()).exceptionally(e -> null);
            }
        }
        for (Quorum q : quorums.values()) {
            if (q.isLeader()) {
                // A leader that has not been told the paths announces none: its default "/" would overwrite the
                // real paths on every member that learns from the log (a q2 member then took /a writes as its own).
                List<String> announce = knowsPaths(q.name()) ? paths(q.name()) : List.of();
                q.tick(announce).exceptionally(e -> {
                    LOG.debug("tick of {} failed: {}", q.name(), e.toString());
                    return null;
                });
            }
        }
    }

    /**
     * Restarts the division of a quorum this node is still a member of when Ratis closed it on a failure. Ratis
     * closes a division, and leaves it closed, when its log worker fails (FAULTS.md finding 2: a follower's pipelined
     * appends reached the log with a gap, "gap between entries") or its state-machine updater throws; the member is
     * then lost until the process restarts, and a three-member quorum has no redundancy left. The division is
     * removed from the Raft server without touching its directory and added back with RECOVER: it reads its log
     * and the quorum's store from disk as after a restart, and the leader appends from where the log ends. A
     * division that closed because a committed configuration no longer holds this node is left alone, and
     * restarts of one group are spaced out (doubling from 5 s up to 5 min) so a failure that repeats on every start
     * does not spin.
     */
    private void reviveClosedDivisions() {
        for (Quorum q : List.copyOf(quorums.values())) {
            RaftServer.Division d = division(q.groupId());
            if (d == null) {
                continue;
            }
            LifeCycle.State state = d.getInfo().getLifeCycleState();
            boolean closed = state == LifeCycle.State.CLOSED;
            if (!closed && !(state == LifeCycle.State.RUNNING && stuck(d))) {
                continue;
            }
            if (d.getRaftConf().getPeer(RaftPeerId.valueOf(nodeId), RaftPeerRole.FOLLOWER, RaftPeerRole.LISTENER)
                    == null) {
                continue;
            }
            Revival last = revivals.get(q.groupId());
            long now = System.nanoTime();
            if (last != null && now - last.next() < 0) {
                continue;
            }
            synchronized (this) {
                if (quorums.get(q.name()) != q || division(q.groupId()) != d) {
                    continue; // left or rejoined meanwhile
                }
                long backoff = last == null ? REVIVE_BACKOFF_MS : Math.min(REVIVE_BACKOFF_MAX_MS, last.backoffMs() * 2);
                revivals.put(
                        q.groupId(),
                        new Revival(
                                now + TimeUnit.MILLISECONDS.toNanos(backoff),
                                backoff,
                                last == null ? 1 : last.count() + 1));
                revive(q.name(), d, closed);
            }
        }
    }

    /**
     * Whether division {@code d} is a follower whose log has not moved for {@link #STALL_MS} although its leader keeps
     * talking to it and has committed past the log's end, with no checkpoint install under way. Ratis chains a
     * follower's log appends one after another, and once one append fails every later one fails with it (FAULTS.md
     * finding 2, session 3: an append past a gap); the division stays up and the member falls behind for good.
     */
    private boolean stuck(RaftServer.Division d) {
        RaftGroupId gid = d.getMemberId().getGroupId();
        RaftProtos.RoleInfoProto role = d.getInfo().getRoleInfoProto();
        boolean listening = role.hasFollowerInfo()
                && role.getFollowerInfo().getLeaderInfo().getLastRpcElapsedTimeMs() < LEADER_SILENT_MS;
        TermIndex last = d.getRaftLog().getLastEntryTermIndex();
        long lastIndex = last == null ? -1 : last.getIndex();
        ByteString self = RaftPeerId.valueOf(nodeId).toByteString();
        long leaderCommit = d.getCommitInfos().stream()
                .filter(c -> !c.getServer().getId().equals(self))
                .mapToLong(RaftProtos.CommitInfoProto::getCommitIndex)
                .max()
                .orElse(-1);
        boolean installing = d.getStateMachine() instanceof QuorumStateMachine m && m.installing();
        if (!listening || leaderCommit <= lastIndex || installing) {
            stalls.remove(gid);
            return false;
        }
        long now = System.nanoTime();
        Stall s = stalls.get(gid);
        if (s == null || s.lastIndex() != lastIndex) {
            stalls.put(gid, new Stall(lastIndex, now));
            return false;
        }
        return now - s.since() > TimeUnit.MILLISECONDS.toNanos(STALL_MS);
    }

    /** A follower's log end and since when it has not moved (by {@link System#nanoTime()}). */
    private record Stall(long lastIndex, long since) {}

    private void revive(String name, RaftServer.Division d, boolean closed) {
        RaftGroupId gid = d.getMemberId().getGroupId();
        RaftGroup group = d.getGroup();
        stalls.remove(gid);
        if (closed) {
            LOG.warn("quorum {}: Ratis closed this member's division on a failure; restarting it from its log", name);
        } else {
            LOG.warn(
                    "quorum {}: this member's log has not moved for {} ms although the leader committed past it;"
                            + " restarting its division from its log",
                    name,
                    STALL_MS);
        }
        try {
            RaftClientReply removed = removeOnce(gid, false);
            if (!removed.isSuccess()) {
                throw removed.getException();
            }
            // A start that fails leaves its store open; the next start clears it (newStateMachine).
            RaftClientReply added = addOnce(group, false);
            if (!added.isSuccess()) {
                throw added.getException();
            }
            LOG.warn("quorum {}: restarted this member's division", name);
        } catch (IOException e) {
            LOG.warn("quorum {}: restarting this member's division failed; the next tick tries again", name, e);
        }
    }

    /** How many times the division of one group was restarted, and when it may be next. */
    private record Revival(long next, long backoffMs, int count) {}

    /** Restarts of a division closed on a failure, per group (for tests and status). */
    int revivals(String name) {
        Revival r = revivals.get(groupId(name));
        return r == null ? 0 : r.count();
    }

    /** The live division of quorum {@code name} on this node (tests use it to fail one). */
    RaftServer.Division division(String name) throws IOException {
        return server.getDivision(groupId(name));
    }

    @Override
    public synchronized void close() throws IOException {
        ticker.shutdownNow();
        admin.shutdownNow();
        for (Quorum q : quorums.values()) {
            q.close();
        }
        quorums.clear();
        for (Quorum q : nameless.values()) {
            q.close();
        }
        nameless.clear();
        if (server != null) {
            server.close();
        }
    }
}
