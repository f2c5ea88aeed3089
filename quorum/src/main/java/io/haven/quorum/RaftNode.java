package io.haven.quorum;

import io.haven.quorum.internal.DivisionDoctor;
import io.haven.quorum.internal.FaultPoints;
import io.haven.quorum.internal.LeaderTicker;
import io.haven.quorum.internal.Membership;
import io.haven.quorum.internal.QuorumCatalog;
import io.haven.quorum.internal.QuorumHandle;
import io.haven.quorum.internal.RaftClients;
import io.haven.quorum.internal.RatisProperties;
import io.haven.quorum.internal.StateMachines;
import io.haven.storage.StoreOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.ratis.conf.Parameters;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one Raft server of a havend, hosting every quorum the node is a member of as a Ratis group (multi-raft through
 * a state machine registry), over gRPC on the node's peer address. This class only assembles the parts, each in
 * {@code io.haven.quorum.internal}: the Ratis settings ({@code RatisProperties}), the state-machine registry
 * ({@code StateMachines}), the quorum catalog ({@code QuorumCatalog}), membership changes ({@code Membership}, on
 * its own thread), the leader's ticks ({@code LeaderTicker}, on its own thread) and the restart of failed divisions
 * ({@code DivisionDoctor}, on its own thread).
 *
 * <p>Lifecycle: {@link #start()} reloads the groups found in {@code <data>/raft} (a killed member rejoins with no
 * operator action); {@link #create}, {@link #join} and {@link #leave} change membership (they block the caller
 * until done, so never call them from an event loop); {@link #close()} stops it. Thread-safe.
 */
public final class RaftNode implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

    private final String nodeId;
    private final Supplier<String> clientAddress;
    private final QuorumConfig config;
    private final RaftProperties properties;
    private final FaultPoints faults = new FaultPoints();
    private final QuorumCatalog catalog;
    private final StateMachines machines;
    private final Membership membership;
    private final LeaderTicker ticker;
    private final DivisionDoctor doctor;
    /** Availability probes and ReadIndex nudges of every quorum of this node. */
    private final ScheduledExecutorService timer = daemonScheduler("haven-quorum-timer");
    /** Looks at the divisions every half second (see {@link DivisionDoctor}). */
    private final ScheduledExecutorService doctorThread = daemonScheduler("haven-doctor");
    /** Small jobs moved off Ratis' threads (a member recording the name it learned from the log). */
    private final ExecutorService background = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "haven-quorum-background");
        t.setDaemon(true);
        return t;
    });

    private volatile RaftServer server;

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
        this.properties = RatisProperties.of(config);
        RaftClients clients = new RaftClients(properties);
        this.catalog = new QuorumCatalog(
                config,
                (name, gid) -> new QuorumHandle(name, gid, server, clients.newClient(groupOf(gid)), config, timer));
        this.machines =
                new StateMachines(config, storeOptions, listener, clients::newClient, catalog, faults, background);
        this.membership = new Membership(nodeId, this::self, config, catalog, clients);
        this.ticker = new LeaderTicker(catalog);
        this.doctor = new DivisionDoctor(nodeId, catalog, membership);
    }

    private static ScheduledExecutorService daemonScheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }

    private org.apache.ratis.protocol.RaftGroup groupOf(RaftGroupId gid) {
        try {
            return server.getDivision(gid).getGroup();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public String nodeId() {
        return nodeId;
    }

    public Peer self() {
        return new Peer(nodeId, config.raftAddress(), clientAddress.get());
    }

    /** This node's fault points (tests and the fault harness only). */
    public FaultPoints faults() {
        return faults;
    }

    /**
     * Reads the fault points {@code file} names now and whenever it changes, on the leader ticker: the fault harness'
     * way in. Never used outside tests.
     */
    public void watchFaultPoints(Path file) {
        LOG.warn("fault injection is on: this node reads fault points from {}", file);
        ticker.watch(faults, file);
    }

    /** Called (on an internal thread) when this node starts or stops being a member of a quorum. */
    public void onQuorumsChanged(Runnable callback) {
        catalog.onChanged(callback);
    }

    /** Starts the Raft server and reopens every quorum this node was a member of. */
    public void start() throws IOException {
        Files.createDirectories(config.raftDir());
        Files.createDirectories(config.removedGroupsDir());
        RaftServer s = RaftServer.newBuilder()
                .setServerId(RaftPeerId.valueOf(nodeId))
                .setProperties(properties)
                .setParameters(new Parameters())
                .setStateMachineRegistry(machines)
                .build();
        server = s;
        s.start();
        membership.started(s);
        doctor.started(s);
        catalog.reopen(s);
        ticker.start(config.tickInterval());
        doctorThread.scheduleWithFixedDelay(
                () -> {
                    try {
                        doctor.check();
                    } catch (RuntimeException e) {
                        LOG.warn("checking for closed divisions failed", e);
                    }
                },
                config.tickInterval().toMillis(),
                config.tickInterval().toMillis(),
                TimeUnit.MILLISECONDS);
        LOG.info(
                "raft server {} listening on {}, quorums {}",
                nodeId,
                config.raftAddress(),
                catalog.quorums().stream().map(Quorum::name).toList());
    }

    /** The group id of a quorum: derived from its name, so every node agrees without talking. */
    public static RaftGroupId groupId(String quorum) {
        return QuorumCatalog.groupId(quorum);
    }

    public static void checkName(String quorum) {
        QuorumCatalog.checkName(quorum);
    }

    /** The path prefixes a quorum serves, as this node was told ({@code /} when it was told none). */
    public List<String> paths(String name) {
        return catalog.paths(name);
    }

    /** Whether this node has been told the paths of quorum {@code name} (see {@link QuorumCatalog#knowsPaths}). */
    public boolean knowsPaths(String name) {
        return catalog.knowsPaths(name);
    }

    /** Records {@code paths} as quorum {@code name}'s when this node has not been told them yet. */
    public void offerPaths(String name, List<String> paths) throws IOException {
        catalog.offerPaths(name, paths);
    }

    /** This node's handle on a quorum it hosts, also one another node added it to. */
    public Optional<Quorum> quorum(String name) {
        return catalog.quorum(name);
    }

    public List<Quorum> quorums() {
        return catalog.quorums();
    }

    /** Creates a quorum whose first members are {@code peers} (this node alone when empty). */
    public Quorum create(String name, List<Peer> peers, List<String> paths) throws IOException {
        return membership.create(name, peers, paths);
    }

    /** Joins an existing quorum through its {@code members}: learner first, then voter. */
    public Quorum join(String name, List<Peer> members, List<String> paths) throws IOException {
        return membership.join(name, members, paths);
    }

    /** Takes this node out of a quorum; the last member cannot leave one that holds data unless {@code force}. */
    public void leave(String name, boolean force) throws IOException {
        membership.leave(name, force);
    }

    /** Restarts of a division closed on a failure, per group (for tests and status). */
    int revivals(String name) {
        return doctor.revivals(groupId(name));
    }

    /** The live division of quorum {@code name} on this node (tests use it to fail one). */
    RaftServer.Division division(String name) throws IOException {
        return server.getDivision(groupId(name));
    }

    @Override
    public void close() throws IOException {
        ticker.close();
        doctorThread.shutdownNow();
        membership.close();
        timer.shutdownNow();
        background.shutdownNow();
        catalog.close();
        RaftServer s = server;
        if (s != null) {
            s.close();
        }
    }
}
