package io.haven.tests.cluster;

import io.haven.client.HavenClient;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.Role;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * N real havend processes (on loopback unless placed elsewhere), after Ratis' MiniRaftCluster: {@link #start} launches them (each with a fixed
 * uuid, free ports and its own data directory under {@code dir}) and waits until each answers CONNECT; {@link
 * #bootstrap} forms a quorum across them over CONTROL; {@link #awaitLeader} polls DISCOVER until the members agree
 * on a leader that serves. Members are killed, paused and restarted through their {@link ClusterNode}.
 *
 * <p>{@link #close()} kills every process, also when the test failed; a JVM shutdown hook kills what a test left
 * behind. A test extended with {@link ClusterLogs} gets each node's log tail when it fails.
 *
 * <p>Thread-safe: the node list and client cache are concurrent.
 */
public final class HavenCluster implements AutoCloseable {
    public static final String QUORUM = "q1";
    public static final Duration LEADER_TIMEOUT = Duration.ofSeconds(90);
    public static final Duration CONTROL_DEADLINE = Duration.ofSeconds(120);

    private final Path dir;
    private final List<ClusterNode> nodes = new CopyOnWriteArrayList<>();
    private final Map<ClusterNode, HavenClient> clients = new ConcurrentHashMap<>();

    private final List<String> settings;
    private final long startNanos = System.nanoTime();
    private long lastMarkNanos = startNanos;

    private HavenCluster(Path dir, List<String> settings) {
        this.dir = dir;
        this.settings = List.copyOf(settings);
    }

    /**
     * Prints how long the step just finished took and the time since the cluster started, so a test's report shows
     * where its time goes.
     */
    public synchronized void mark(String step) {
        long now = System.nanoTime();
        System.err.printf(
                "[cluster +%6d ms] %s took %d ms%n",
                (now - startNanos) / 1_000_000, step, (now - lastMarkNanos) / 1_000_000);
        lastMarkNanos = now;
    }

    /** Starts {@code n} nodes, none a member of any quorum yet, and waits until each answers CONNECT. */
    static HavenCluster start(int n, Path dir) throws IOException, InterruptedException {
        return start(n, dir, List.of());
    }

    /**
     * Starts {@code n} nodes with havend {@code settings} ({@code key=value}, given to every node with {@code --set})
     * and waits until each answers CONNECT.
     */
    static HavenCluster start(int n, Path dir, List<String> settings) throws IOException, InterruptedException {
        HavenCluster cluster = new HavenCluster(dir, settings);
        ClusterLogs.track(cluster);
        try {
            for (int i = 0; i < n; i++) {
                cluster.addNode();
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        cluster.mark("starting " + n + " nodes");
        return cluster;
    }

    /**
     * Starts one node per spec, all at once (a JVM's start takes seconds on a busy machine), with havend {@code
     * settings}, and waits until each answers CONNECT. A spec whose ports are 0 gets free ports on its host.
     */
    public static HavenCluster start(Path dir, List<String> settings, List<NodeSpec> specs)
            throws IOException, InterruptedException {
        HavenCluster cluster = new HavenCluster(dir, settings);
        ClusterLogs.track(cluster);
        try {
            for (NodeSpec p : specs) {
                cluster.nodes.add(cluster.newNode(p));
            }
            List<Thread> starters = new ArrayList<>();
            Map<ClusterNode, Exception> failures = new ConcurrentHashMap<>();
            for (ClusterNode n : cluster.nodes) {
                Thread t = new Thread(
                        () -> {
                            try {
                                n.start();
                            } catch (IOException | InterruptedException | RuntimeException e) {
                                failures.put(n, e);
                            }
                        },
                        "start-" + n.index());
                t.start();
                starters.add(t);
            }
            for (Thread t : starters) {
                t.join();
            }
            if (!failures.isEmpty()) {
                Exception first = failures.values().iterator().next();
                throw new IllegalStateException("nodes failed to start: " + failures, first);
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            cluster.close();
            throw e;
        }
        cluster.mark("starting " + specs.size() + " nodes");
        return cluster;
    }

    /**
     * Where one node runs: its host and launcher, and its client and Raft ports (0 for free ports on the host, which
     * must then be an address of this machine's namespace).
     */
    public record NodeSpec(ClusterNode.Placement where, int clientPort, int raftPort) {}

    /** Starts one more node (not a member of any quorum) and waits until it answers CONNECT. */
    public ClusterNode addNode() throws IOException, InterruptedException {
        ClusterNode node = newNode(new NodeSpec(ClusterNode.Placement.LOOPBACK, 0, 0));
        nodes.add(node);
        node.start();
        return node;
    }

    private synchronized ClusterNode newNode(NodeSpec p) throws IOException {
        int index = nodes.size();
        int[] ports = p.clientPort() != 0
                ? new int[] {p.clientPort(), p.raftPort()}
                : freePorts(p.where().host(), 2);
        String uuid = UUID.nameUUIDFromBytes(("haven-cluster-node-" + index).getBytes(StandardCharsets.UTF_8))
                .toString();
        return new ClusterNode(
                index,
                uuid,
                p.where(),
                ports[0],
                ports[1],
                dir.resolve("node" + index),
                settings,
                ProcessRegistry.GLOBAL);
    }

    /** Free ports on {@code host}, held open together so that they differ from each other. */
    private static int[] freePorts(String host, int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName(host));
                held.add(s);
                ports[i] = s.getLocalPort();
            }
            return ports;
        } finally {
            for (ServerSocket s : held) {
                s.close();
            }
        }
    }

    public List<ClusterNode> nodes() {
        return List.copyOf(nodes);
    }

    public ClusterNode node(int index) {
        return nodes.get(index);
    }

    /** A client of this one node, made once and closed with the cluster; it reconnects after a restart. */
    public HavenClient client(ClusterNode node) throws InterruptedException {
        HavenClient c = clients.get(node);
        if (c != null) {
            return c;
        }
        try {
            c = HavenClient.connect(node.options()).get(30, TimeUnit.SECONDS);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("cannot connect to " + node + ": " + e, e);
        }
        HavenClient raced = clients.putIfAbsent(node, c);
        if (raced != null) {
            c.close();
            return raced;
        }
        return c;
    }

    /**
     * Bootstraps quorum {@code name} serving {@code /} on {@code members}: one CONTROL {@code become} to the first,
     * naming them all, adds the group on every member. Then waits for a leader that serves.
     */
    public ClusterNode bootstrap(String name, List<ClusterNode> members) throws Exception {
        List<String> peers = members.stream().map(ClusterNode::peer).toList();
        Response.ControlReply reply = become(members.get(0), name, peers);
        if (reply.status() != 201) {
            throw new IllegalStateException("become quorum " + name + " answered " + reply);
        }
        ClusterNode leader = awaitLeader(members);
        mark("bootstrapping " + name + " and electing " + leader);
        return leader;
    }

    /**
     * CONTROL {@code become quorum name} serving {@code /} sent to {@code node} with these peers. Adding a group opens
     * a store on every member, which takes seconds on a busy machine, so the deadline is generous.
     */
    public Response.ControlReply become(ClusterNode node, String name, List<String> peers) throws Exception {
        return control(node, new Request.Control(Envelope.NONE, false, Role.QUORUM, name, List.of("/"), peers, false));
    }

    /** CONTROL {@code leave quorum name} sent to {@code node}. */
    public Response.ControlReply leave(ClusterNode node, String name) throws Exception {
        return control(node, new Request.Control(Envelope.NONE, true, Role.QUORUM, name, List.of(), List.of(), false));
    }

    private Response.ControlReply control(ClusterNode node, Request.Control request) throws Exception {
        Response r =
                client(node).send(request, CONTROL_DEADLINE).get(CONTROL_DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
        if (r instanceof Response.ControlReply c) {
            return c;
        }
        throw new IllegalStateException(node + " answered " + r + " to " + request);
    }

    /** Bootstraps {@link #QUORUM} across every node. */
    public ClusterNode bootstrap() throws Exception {
        return bootstrap(QUORUM, nodes());
    }

    /**
     * Polls DISCOVER quorum {@code /} on every serving node of {@code members} until they all name the same
     * leader, that leader is one of them and serves, and a linearizable read through it is answered (a leader
     * that has not yet committed in its term answers UNAVAILABLE). Returns the leader.
     */
    public ClusterNode awaitLeader(List<ClusterNode> members) throws InterruptedException {
        long end = System.nanoTime() + LEADER_TIMEOUT.toNanos();
        String last = "no answer yet";
        while (System.nanoTime() < end) {
            Optional<ClusterNode> leader = Optional.empty();
            boolean agreed = true;
            for (ClusterNode n : members) {
                if (!n.isServing()) {
                    continue;
                }
                Seen seen = discoverLeader(n);
                Optional<ClusterNode> named = seen.leader();
                if (named.isEmpty() || (leader.isPresent() && leader.get() != named.get())) {
                    agreed = false;
                    last = n + " answers " + seen.answer()
                            + (leader.isPresent() ? "; others name " + leader.get() : "");
                    break;
                }
                leader = named;
            }
            if (agreed && leader.isPresent()) {
                Optional<String> notServing =
                        leader.get().isServing() ? servesReads(leader.get()) : Optional.of("it is down or paused");
                if (notServing.isEmpty()) {
                    return leader.get();
                }
                last = "the members name " + leader.get() + ", which does not serve a linearizable read: "
                        + notServing.get();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no leader within " + LEADER_TIMEOUT + ": " + last);
    }

    /** The leader {@code n} names in its DISCOVER answer, if it names a node of this cluster. */
    public Optional<ClusterNode> leaderSeenBy(ClusterNode n) throws InterruptedException {
        return discoverLeader(n).leader();
    }

    /** What one DISCOVER quorum {@code /} to {@code n} said: the leader it names, or why it named none. */
    public record Seen(Optional<ClusterNode> leader, String answer) {}

    public Seen discoverLeader(ClusterNode n) throws InterruptedException {
        try {
            Response.DiscoverReply r =
                    client(n).discover(DiscoverType.QUORUM, "/").get(3, TimeUnit.SECONDS);
            Optional<ClusterNode> leader = nodes.stream()
                    .filter(x -> x.clientAddress().equals(r.location()))
                    .findFirst();
            return new Seen(leader, r.toString());
        } catch (ExecutionException | TimeoutException | IllegalStateException e) {
            return new Seen(Optional.empty(), Promises.describe(e));
        }
    }

    /** The members {@code n} reports for the quorum serving {@code /}, leader first, as uuids. */
    public List<String> members(ClusterNode n) throws Exception {
        Response.DiscoverReply r = client(n).discover(DiscoverType.QUORUM, "/").get(10, TimeUnit.SECONDS);
        return r.locations().stream().map(Response.Location::uuid).toList();
    }

    /** Empty when {@code leader} answers a linearizable read, else why not. */
    private Optional<String> servesReads(ClusterNode leader) throws InterruptedException {
        try {
            client(leader)
                    .query(new DataRequest.PromiseGet("/haven-cluster-probe"), Consistency.LINEARIZABLE)
                    .get(5, TimeUnit.SECONDS);
            return Optional.empty();
        } catch (ExecutionException e) {
            // Not found (UNAVAILABLE with status 404) is an answer: the leader served the read.
            boolean served = !(e.getCause() instanceof HavenException h)
                    || h.code() != ErrorCode.UNAVAILABLE
                    || h.status() == 404;
            return served ? Optional.empty() : Optional.of(Promises.describe(e));
        } catch (TimeoutException | IllegalStateException e) {
            return Optional.of(e.toString());
        }
    }

    /** The last {@code lines} lines of every node's log, labelled. */
    public String logTails(int lines) {
        StringBuilder b = new StringBuilder();
        for (ClusterNode n : nodes) {
            b.append("---- ")
                    .append(n)
                    .append(", log ")
                    .append(n.logFile())
                    .append(" (last ")
                    .append(lines)
                    .append(" lines) ----\n")
                    .append(n.tail(lines))
                    .append('\n');
        }
        return b.toString();
    }

    /** Closes the clients and kills every process; safe to call twice and after failures. */
    @Override
    public void close() {
        for (HavenClient c : clients.values()) {
            c.close();
        }
        clients.clear();
        for (ClusterNode n : nodes) {
            try {
                n.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                System.err.println("could not kill " + n + ": " + e);
            }
        }
    }
}
