package io.haven.tests.locator;

import io.haven.client.HavenClient;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.Role;
import io.haven.tests.cluster.ClusterNode;
import io.haven.tests.cluster.HavenCluster;
import io.haven.tests.cluster.ProcessRegistry;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Five havend processes, every one started with {@code --locators} naming nodes 0-2: nodes 0-2 form the location
 * service and quorum {@code q1} serving {@code /a}; nodes 2-4 form quorum {@code q2} serving {@code /b}. Heartbeats
 * every 500 ms and {@code node-down-ms} 2500 keep the liveness tests short.
 */
final class LocatorCluster implements AutoCloseable {
    static final long NODE_DOWN_MS = 2500;
    private static final Duration SETTLE = Duration.ofSeconds(90);

    private final List<ClusterNode> nodes = new ArrayList<>();
    private final Map<ClusterNode, HavenClient> clients = new ConcurrentHashMap<>();

    static LocatorCluster start(Path dir) throws Exception {
        LocatorCluster c = new LocatorCluster();
        try {
            c.launch(dir);
            c.form();
        } catch (Exception | AssertionError e) {
            System.err.println(c.logTails(60));
            c.close();
            throw e;
        }
        return c;
    }

    private void launch(Path dir) throws IOException, InterruptedException {
        int[] ports = freePorts(10);
        List<String> locators = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            locators.add("127.0.0.1:" + ports[2 * i]);
        }
        List<String> settings =
                List.of("locators=" + String.join(",", locators), "heartbeat-ms=500", "node-down-ms=" + NODE_DOWN_MS);
        for (int i = 0; i < 5; i++) {
            String uuid = UUID.nameUUIDFromBytes(("haven-locator-node-" + i).getBytes(StandardCharsets.UTF_8))
                    .toString();
            nodes.add(new ClusterNode(
                    i,
                    uuid,
                    ports[2 * i],
                    ports[2 * i + 1],
                    dir.resolve("node" + i),
                    settings,
                    ProcessRegistry.GLOBAL));
        }
        for (ClusterNode n : nodes) {
            n.start();
        }
    }

    private void form() throws Exception {
        List<ClusterNode> locators = nodes.subList(0, 3);
        become(Role.LOCATOR, "", List.of(), locators);
        become(Role.QUORUM, "q1", List.of("/a"), nodes.subList(0, 3));
        become(Role.QUORUM, "q2", List.of("/b"), nodes.subList(2, 5));
        // Every node's record is in the directory with both quorums' leaders.
        await("both quorums have a leader in the directory", () -> {
            Response.DiscoverReply a = discover(node(3), DiscoverType.QUORUM, "/a/x");
            Response.DiscoverReply b = discover(node(0), DiscoverType.QUORUM, "/b/x");
            return a.locations().size() == 3
                    && a.locations().get(0).leader()
                    && b.locations().size() == 3
                    && b.locations().get(0).leader();
        });
    }

    /** Bootstraps a group through the first member, then asks each member by name so that it serves it. */
    /** Creates quorum {@code name} serving {@code paths} on {@code members} (bootstrapped through the first). */
    void becomeQuorum(String name, List<String> paths, List<ClusterNode> members) throws Exception {
        become(Role.QUORUM, name, paths, members);
    }

    private void become(Role role, String name, List<String> paths, List<ClusterNode> members) throws Exception {
        List<String> peers = members.stream().map(ClusterNode::peer).toList();
        Response.ControlReply r = control(members.get(0), role, name, paths, peers);
        if (r.status() / 100 != 2) {
            throw new IllegalStateException("become " + role + " " + name + " answered " + r);
        }
        for (ClusterNode m : members.subList(1, members.size())) {
            control(m, role, name, paths, List.of());
        }
    }

    /** CONTROL become with the cluster harness's long deadline: a group add opens stores, slow on a busy machine. */
    private Response.ControlReply control(ClusterNode n, Role role, String name, List<String> paths, List<String> peers)
            throws Exception {
        Request.Control become = new Request.Control(Envelope.NONE, false, role, name, paths, peers, false);
        Response r = client(n)
                .send(become, HavenCluster.CONTROL_DEADLINE)
                .get(HavenCluster.CONTROL_DEADLINE.toSeconds() + 10, TimeUnit.SECONDS);
        if (r instanceof Response.ControlReply c) {
            return c;
        }
        throw new IllegalStateException("become " + role + " " + name + " on " + n + " answered " + r);
    }

    ClusterNode node(int i) {
        return nodes.get(i);
    }

    List<ClusterNode> nodes() {
        return List.copyOf(nodes);
    }

    ClusterNode byAddress(String address) {
        return nodes.stream()
                .filter(n -> n.clientAddress().equals(address))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no node at " + address));
    }

    HavenClient client(ClusterNode n) throws Exception {
        HavenClient c = clients.get(n);
        if (c == null) {
            c = HavenClient.connect(n.options()).get(30, TimeUnit.SECONDS);
            HavenClient raced = clients.putIfAbsent(n, c);
            if (raced != null) {
                c.close();
                c = raced;
            }
        }
        return c;
    }

    Response.DiscoverReply discover(ClusterNode n, DiscoverType type, String argument) throws Exception {
        return client(n).discover(type, argument).get(10, TimeUnit.SECONDS);
    }

    interface Check {
        boolean holds() throws Exception;
    }

    /** Polls {@code check} (failures count as not yet) until it holds; returns the ms it took. */
    static long await(String what, Check check) throws InterruptedException {
        return await(what, SETTLE, check);
    }

    static long await(String what, Duration within, Check check) throws InterruptedException {
        long start = System.nanoTime();
        long end = start + within.toNanos();
        Object last = "never checked";
        while (System.nanoTime() < end) {
            try {
                if (check.holds()) {
                    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
                }
                last = "did not hold";
            } catch (ExecutionException | TimeoutException | RuntimeException e) {
                last = e.getCause() != null ? e.getCause() : e;
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError(what + ": not within " + within + " (last: " + last + ")");
    }

    private static int[] freePorts(int count) throws IOException {
        List<ServerSocket> held = new ArrayList<>();
        try {
            int[] ports = new int[count];
            for (int i = 0; i < count; i++) {
                ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
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

    String logTails(int lines) {
        StringBuilder b = new StringBuilder();
        for (ClusterNode n : nodes) {
            b.append("---- ").append(n).append(" ----\n").append(n.tail(lines)).append('\n');
        }
        return b.toString();
    }

    @Override
    public void close() {
        clients.values().forEach(HavenClient::close);
        clients.clear();
        for (ClusterNode n : nodes) {
            try {
                n.kill();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
