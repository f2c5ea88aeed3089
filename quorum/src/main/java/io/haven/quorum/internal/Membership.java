package io.haven.quorum.internal;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.quorum.Peer;
import io.haven.quorum.Quorum;
import io.haven.quorum.QuorumConfig;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.apache.ratis.client.RaftClient;
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
import org.apache.ratis.util.LifeCycle;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Membership changes of this node: creating a quorum (the group added on every first member), joining one (an empty
 * group here, then learner, then voter), leaving one, and the in-process group adds and removals the division doctor
 * uses to restart a member. Every change runs on this class's own thread, one at a time, so changes are serialized
 * without a monitor that other threads (the event loops, the leader ticker) could wait on while a change talks to
 * other nodes; a caller blocks until its change is done.
 *
 * <p>Group adds and removals on this node go to the Raft server in process, one request per attempt, each attempt's
 * outcome exact, and a failed one cleaned up before the next (FAULTS.md finding 3): over RPC, an add that outlived
 * the client's request timeout was retried, and once the first attempt had formatted the group's directory every
 * retry was refused until the join failed.
 */
public final class Membership implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Membership.class);
    /** How long adding or removing a group on this node may take before it counts as failed. */
    private static final long CLOSE_WAIT_MS = 30_000;
    /** Attempts to add a group on this node, each failed one cleaned up before the next. */
    private static final int ADD_ATTEMPTS = 4;

    private final String nodeId;
    private final Supplier<Peer> self;
    private final QuorumConfig config;
    private final QuorumCatalog catalog;
    private final RaftClients clients;
    private volatile RaftServer server;

    /** Runs the changes, one at a time. */
    private final ExecutorService changes = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "haven-membership");
        t.setDaemon(true);
        return t;
    });
    /** Runs in-process group adds and removals, so that one that hangs (a division that never closes) is bounded. */
    private final ExecutorService admin = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "haven-group-admin");
        t.setDaemon(true);
        return t;
    });

    public Membership(
            String nodeId, Supplier<Peer> self, QuorumConfig config, QuorumCatalog catalog, RaftClients clients) {
        this.nodeId = nodeId;
        this.self = self;
        this.config = config;
        this.catalog = catalog;
        this.clients = clients;
    }

    public void started(RaftServer started) {
        server = started;
    }

    /** Runs {@code change} on the membership thread and waits for it. */
    private <T> T serialized(Callable<T> change) throws IOException {
        try {
            return changes.submit(change).get();
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new IOException(c);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted waiting for a membership change");
        }
    }

    /**
     * Creates a quorum whose first members are {@code peers} (this node alone when empty): the group is added on
     * every member's Raft server, and the members elect a leader among themselves.
     */
    public Quorum create(String name, List<Peer> peers, List<String> paths) throws IOException {
        QuorumCatalog.checkName(name);
        return serialized(() -> {
            if (catalog.quorums().stream().anyMatch(q -> q.name().equals(name))) {
                throw new HavenException(
                        HavenError.of(ErrorCode.DUPLICATE, "already a member of quorum " + name, name), 409);
            }
            Peer me = self.get();
            List<Peer> members = peers.isEmpty()
                    ? List.of(me)
                    : peers.stream().map(p -> p.id().equals(nodeId) ? me : p).toList();
            if (members.stream().noneMatch(p -> p.id().equals(nodeId))) {
                throw HavenException.invalid("peers must include this node (" + me + ") to create " + name, "peers");
            }
            catalog.record(name, paths);
            RaftGroup group = RaftGroup.valueOf(
                    QuorumCatalog.groupId(name),
                    members.stream().map(Peer::toRaft).toList());
            for (Peer p : members) {
                addGroupOn(p, group);
            }
            LOG.info("created quorum {} with members {}", name, members);
            QuorumHandle q = (QuorumHandle) catalog.opened(name);
            // Tell the other members the quorum's name and paths now, whoever leads: they learn it from the log.
            q.tick(catalog.paths(name)).exceptionally(e -> {
                LOG.debug("announcing quorum {} failed ({}); the leader's ticks will", name, e.toString());
                return null;
            });
            catalog.changed();
            return q;
        });
    }

    /**
     * Joins an existing quorum through one of its members: this node starts with an empty group, is added as a
     * learner (Ratis listener) so it catches up without counting in votes, then is promoted to voter.
     */
    public Quorum join(String name, List<Peer> members, List<String> paths) throws IOException {
        QuorumCatalog.checkName(name);
        if (members.isEmpty()) {
            throw HavenException.incomplete("joining quorum " + name + " needs at least one member", "peers");
        }
        return serialized(() -> {
            Quorum existing = catalog.quorums().stream()
                    .filter(q -> q.name().equals(name))
                    .findFirst()
                    .orElse(null);
            if (existing != null) {
                return existing;
            }
            catalog.record(name, paths);
            RaftGroupId gid = QuorumCatalog.groupId(name);
            clearStaleGroup(name, gid);
            addLocally(RaftGroup.valueOf(gid));
            RaftGroup known =
                    RaftGroup.valueOf(gid, members.stream().map(Peer::toRaft).toList());
            try (RaftClient c = clients.newClient(known)) {
                RaftGroup current = currentGroup(c, members);
                List<RaftPeer> voters = new ArrayList<>(current.getPeers());
                voters.removeIf(p -> p.getId().toString().equals(nodeId));
                List<RaftPeer> learners = List.of(self.get().toRaft());
                check(c.admin().setConfiguration(voters, learners), "add " + nodeId + " as learner of " + name);
                List<RaftPeer> all = new ArrayList<>(voters);
                all.add(self.get().toRaft());
                check(c.admin().setConfiguration(all, List.of()), "promote " + nodeId + " to voter of " + name);
            }
            LOG.info("joined quorum {}", name);
            Quorum q = catalog.opened(name);
            catalog.changed();
            return q;
        });
    }

    /**
     * Takes this node out of a quorum: the others commit a configuration without it, then the local group is
     * removed. The last member cannot leave a quorum that holds data unless {@code force}.
     */
    public void leave(String name, boolean force) throws IOException {
        serialized(() -> {
            QuorumHandle q = (QuorumHandle) catalog.quorums().stream()
                    .filter(x -> x.name().equals(name))
                    .findFirst()
                    .orElseThrow(() -> HavenException.notFound("not a member of quorum " + name, name));
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
            catalog.forget(name);
            removeLocally(name, d);
            // Ratis gives up deleting the directory after logging a failure. Remove what is left, or the node would
            // come back as a member after a restart (a join clears it as well).
            Path dir = config.raftDir().resolve(q.groupId().getUuid().toString());
            if (Files.exists(dir)) {
                LOG.info("quorum {}: deleting {}, which the group's removal left", name, dir);
                SnapshotTransfer.deleteTree(dir);
            }
            LOG.info("left quorum {}", name);
            catalog.changed();
            return null;
        });
    }

    /**
     * Restarts the division {@code d} of quorum {@code name} from its log: removed from the Raft server with its
     * directory kept, and added back with RECOVER (see {@link DivisionDoctor}). Serialized with the other changes.
     */
    void restart(String name, RaftServer.Division d) throws IOException {
        serialized(() -> {
            RaftGroupId gid = d.getMemberId().getGroupId();
            RaftGroup group = d.getGroup();
            RaftClientReply removed = removeOnce(gid, false);
            if (!removed.isSuccess()) {
                throw removed.getException();
            }
            // A start that fails leaves its store open; the next start clears it (StateMachines).
            RaftClientReply added = addOnce(group, false);
            if (!added.isSuccess()) {
                throw added.getException();
            }
            return null;
        });
    }

    private void addGroupOn(Peer p, RaftGroup group) throws IOException {
        if (p.id().equals(nodeId)) {
            addLocally(group);
            return;
        }
        // One request per attempt (no client retries): Ratis formats the group's directory before it starts the
        // division, and a start that fails leaves the directory, so a retried FORMAT would be refused for good. The
        // first attempt formats; later ones RECOVER, which reuses a directory a failed attempt left (or formats when
        // there is none), and the node drops the store a failed attempt left open (StateMachines).
        RaftPeer target = p.toRaft();
        addAttempts(
                "adding group " + group.getGroupId() + " on " + p,
                attempt -> {
                    try (RaftClient c =
                            clients.newClient(RaftGroup.valueOf(group.getGroupId(), target), RetryPolicies.noRetry())) {
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
     * and the next attempt follows {@code pauseMs} times the attempt number later. Runs on the membership thread,
     * which nothing else waits on.
     */
    private static void addAttempts(String what, AddAttempt add, Cleanup cleanup, long pauseMs) throws IOException {
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

    /** Adds {@code group} to this node's Raft server, in process, cleaning up after each failed attempt. */
    private void addLocally(RaftGroup group) throws IOException {
        RaftGroupId gid = group.getGroupId();
        String name = catalog.readName(gid).orElse(gid.toString());
        addAttempts(
                "quorum " + name + ": adding its group on this node",
                attempt -> addOnce(group, true),
                () -> clearStaleGroup(name, gid),
                500);
    }

    /**
     * Removes division {@code d} from this node's Raft server, in process, and returns when it has closed: its log,
     * its Raft directory and the quorum's store are released only then. A division that does not close within
     * {@link #CLOSE_WAIT_MS} has its store released here, so the node can host the quorum again.
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

    /**
     * Clears what an earlier membership of quorum {@code name} left on this node before it joins again: a division
     * Ratis still holds and the group's Raft directory. The quorum's store is kept: it holds a prefix of the same
     * log, so the member catches up from where it stopped.
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

    private static RaftGroup currentGroup(RaftClient c, List<Peer> members) throws IOException {
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

    /** Whether {@code e} says the Raft group is not on this server (GroupMismatchException, also as a cause). */
    private static boolean groupGone(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof GroupMismatchException) {
                return true;
            }
        }
        return false;
    }

    private static void check(RaftClientReply reply, String what) throws IOException {
        if (!reply.isSuccess()) {
            throw new IOException(what + " failed: " + reply.getException());
        }
    }

    @Override
    public void close() {
        changes.shutdownNow();
        admin.shutdownNow();
    }
}
