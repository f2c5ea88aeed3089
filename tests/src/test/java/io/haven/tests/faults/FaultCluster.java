package io.haven.tests.faults;

import io.haven.protocol.message.Response;
import io.haven.tests.cluster.ClusterNode;
import io.haven.tests.cluster.HavenCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Collectors;

/**
 * Five havend processes on a {@link Network}, all voters of one quorum {@link HavenCluster#QUORUM} serving {@code
 * /}, and the record of which of them are members now (a membership nemesis takes one out for a while).
 *
 * <p>Five voters rather than three voters and two spares: a 3/2 split and a bridge node need five voters to mean
 * anything, and the membership nemesis still exercises leave and rejoin (5 to 4 voters and back).
 *
 * <p>Thread-safe: the member list is copy-on-write; nemesis steps run on one thread.
 */
final class FaultCluster implements AutoCloseable {
    static final int NODES = 5;
    static final Duration READY = HavenCluster.LEADER_TIMEOUT;

    private final Network network;
    private final HavenCluster cluster;
    private final List<ClusterNode> members = new CopyOnWriteArrayList<>();
    private final long startNanos = System.nanoTime();

    private FaultCluster(Network network, HavenCluster cluster) {
        this.network = network;
        this.cluster = cluster;
    }

    /** Makes the network, starts the nodes and bootstraps the quorum across all five; cleans up if any step fails. */
    static FaultCluster start(Path dir, List<String> settings) throws Exception {
        Network network = Network.create(NODES);
        HavenCluster cluster = null;
        try {
            System.err.println("[faults] " + network.describe());
            List<HavenCluster.NodeSpec> specs = new ArrayList<>();
            for (int i = 0; i < NODES; i++) {
                specs.add(network.spec(i));
            }
            cluster = HavenCluster.start(dir, settings, specs);
            FaultCluster fc = new FaultCluster(network, cluster);
            cluster.bootstrap(HavenCluster.QUORUM, cluster.nodes());
            fc.members.addAll(cluster.nodes());
            return fc;
        } catch (Exception | AssertionError e) {
            if (cluster != null) {
                cluster.close();
            }
            network.close();
            throw e;
        }
    }

    HavenCluster cluster() {
        return cluster;
    }

    Network network() {
        return network;
    }

    List<ClusterNode> nodes() {
        return cluster.nodes();
    }

    /** The nodes that are voters of the quorum as far as the nemeses know. */
    List<ClusterNode> members() {
        return List.copyOf(members);
    }

    void removed(ClusterNode n) {
        members.remove(n);
    }

    void added(ClusterNode n) {
        if (!members.contains(n)) {
            members.add(n);
        }
    }

    /** Waits until the members agree on a leader that serves linearizable reads. */
    ClusterNode awaitLeader() throws InterruptedException {
        return cluster.awaitLeader(members());
    }

    /**
     * Sets the members from what the cluster says rather than what the nemeses believe (a CONTROL that failed may
     * still have changed the membership): the voters the leader reports, once a serving node names a leader that
     * counts itself among them.
     */
    void syncMembers() throws InterruptedException {
        long end = System.nanoTime() + READY.toNanos();
        String last = "no node named a leader";
        while (System.nanoTime() < end) {
            for (ClusterNode n : cluster.nodes()) {
                if (!n.isServing()) {
                    continue;
                }
                HavenCluster.Seen seen = cluster.discoverLeader(n);
                if (seen.leader().isEmpty()) {
                    last = "node " + n.index() + " answers " + seen.answer();
                    continue;
                }
                try {
                    Set<ClusterNode> voters = reportedMembers(seen.leader().get());
                    if (voters.contains(seen.leader().get())) {
                        members.clear();
                        cluster.nodes().stream().filter(voters::contains).forEach(members::add);
                        return;
                    }
                } catch (Exception e) {
                    last = "the leader node " + seen.leader().get().index() + " answers " + e;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("the membership could not be read within " + READY + ": " + last);
    }

    /** The voters {@code leader} reports, as nodes of this cluster. */
    Set<ClusterNode> reportedMembers(ClusterNode leader) throws Exception {
        Set<String> uuids = Set.copyOf(cluster.members(leader));
        return cluster.nodes().stream().filter(n -> uuids.contains(n.uuid())).collect(Collectors.toSet());
    }

    Response.ControlReply leave(ClusterNode n) throws Exception {
        return cluster.leave(n, HavenCluster.QUORUM);
    }

    /** CONTROL {@code become quorum} sent to {@code n}, naming the current members: it joins through them. */
    Response.ControlReply join(ClusterNode n) throws Exception {
        List<String> peers =
                members().stream().filter(m -> m != n).map(ClusterNode::peer).toList();
        return cluster.become(n, HavenCluster.QUORUM, peers);
    }

    /** Seconds since the cluster was made, for the log. */
    String clock() {
        return String.format("+%7.1f s", (System.nanoTime() - startNanos) / 1e9);
    }

    void log(String line) {
        System.err.println("[faults " + clock() + "] " + line);
    }

    @Override
    public void close() {
        try {
            cluster.close();
        } finally {
            network.close();
        }
    }
}
