package io.haven.quorum;

import io.haven.storage.StoreOptions;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * In-process Raft nodes on loopback ports, each with its own data directory, hosting one quorum across all of them
 * (after Ratis' {@code MiniRaftCluster}): {@code try (var c = MiniQuorumCluster.start(dir, 3, "q1")) {...}}. The
 * cluster owns the nodes' lifecycle; closing it closes every node still running.
 */
final class MiniQuorumCluster implements AutoCloseable {
    private final Path dir;
    private final String quorum;
    private final Function<QuorumConfig, QuorumConfig> settings;
    private final List<RaftNode> nodes = new ArrayList<>();
    private final List<Peer> peers = new ArrayList<>();

    private MiniQuorumCluster(Path dir, String quorum, Function<QuorumConfig, QuorumConfig> settings) {
        this.dir = dir;
        this.quorum = quorum;
        this.settings = settings;
    }

    /** {@code n} nodes named {@code n0..}, with quorum {@code quorum} serving {@code /} on all, and a leader. */
    static MiniQuorumCluster start(Path dir, int n, String quorum) throws Exception {
        return start(dir, n, quorum, c -> c);
    }

    /** As {@link #start(Path, int, String)}, each node's settings passed through {@code settings} first. */
    static MiniQuorumCluster start(Path dir, int n, String quorum, Function<QuorumConfig, QuorumConfig> settings)
            throws Exception {
        MiniQuorumCluster c = new MiniQuorumCluster(dir, quorum, settings);
        try {
            for (int i = 0; i < n; i++) {
                c.peers.add(new Peer("n" + i, "127.0.0.1:" + freePort(), ""));
            }
            for (int i = 0; i < n; i++) {
                c.nodes.add(c.startNode(i));
            }
            c.nodes.get(0).create(quorum, c.peers, List.of("/"));
            waitFor(
                    () -> c.nodes.stream().allMatch(node -> node.quorum(quorum).isPresent()),
                    "every node to host " + quorum);
            c.leader();
            return c;
        } catch (Exception | Error e) {
            c.close();
            throw e;
        }
    }

    private RaftNode startNode(int i) throws IOException {
        Peer p = peers.get(i);
        int port = Integer.parseInt(p.address().substring(p.address().lastIndexOf(':') + 1));
        QuorumConfig config = settings.apply(QuorumConfig.defaults(dir.resolve(p.id()), "127.0.0.1", port));
        RaftNode node = new RaftNode(p.id(), () -> "127.0.0.1:1", config, StoreOptions.defaults(), QuorumListener.NONE);
        node.start();
        return node;
    }

    RaftNode node(int i) {
        return nodes.get(i);
    }

    Quorum quorum(int i) {
        return nodes.get(i).quorum(quorum).orElseThrow();
    }

    /** The node leading the quorum once one leads and is ready (waits up to a minute). */
    RaftNode leader() throws InterruptedException {
        RaftNode[] found = new RaftNode[1];
        waitFor(
                () -> {
                    for (RaftNode n : nodes) {
                        if (n.quorum(quorum).map(Quorum::isReady).orElse(false)) {
                            found[0] = n;
                            return true;
                        }
                    }
                    return false;
                },
                "a ready leader of " + quorum);
        return found[0];
    }

    /** A node that does not lead the quorum now. */
    RaftNode follower() throws InterruptedException {
        RaftNode leader = leader();
        return nodes.stream().filter(n -> n != leader).findFirst().orElseThrow();
    }

    /** Waits until every node has applied at least what the leader has applied now. */
    void awaitApplied() throws Exception {
        long target = leader().quorum(quorum).orElseThrow().status().appliedIndex();
        waitFor(
                () -> nodes.stream().allMatch(n -> {
                    try {
                        return n.quorum(quorum).orElseThrow().status().appliedIndex() >= target;
                    } catch (IOException e) {
                        return false;
                    }
                }),
                "every node to apply up to " + target);
    }

    @Override
    public void close() throws IOException {
        IOException first = null;
        for (RaftNode n : nodes) {
            try {
                n.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        nodes.clear();
        if (first != null) {
            throw first;
        }
    }

    static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    static void waitFor(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("timed out waiting for " + what);
            }
            Thread.sleep(20);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
