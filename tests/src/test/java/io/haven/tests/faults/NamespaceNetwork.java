package io.haven.tests.faults;

import io.haven.tests.cluster.ClusterNode;
import io.haven.tests.cluster.HavenCluster;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One network namespace per node, joined by veth pairs to a bridge in the root namespace:
 *
 * <pre>
 *   root namespace: bridge hvf&lt;pid&gt;br 10.77.K.1/24  (the test's clients connect from here)
 *        |-- veth hvf&lt;pid&gt;h0 ==== hvf&lt;pid&gt;c0 in namespace hvf&lt;pid&gt;-n0: 10.77.K.10
 *        |-- veth hvf&lt;pid&gt;h1 ==== hvf&lt;pid&gt;c1 in namespace hvf&lt;pid&gt;-n1: 10.77.K.11
 *        ...
 * </pre>
 *
 * Every name carries the test JVM's pid, so a later run removes what a crashed run left (its pid no longer lives)
 * and leaves alone what a concurrent run uses. {@code K} is the first /24 of 10.77.0.0/16 no interface here uses.
 * A link between two nodes is cut with a blackhole route to the other's address inside each of the two namespaces,
 * which touches nothing but the namespaces this class made.
 *
 * <p>Thread-safe: the set of cut links is guarded by {@code this}.
 */
final class NamespaceNetwork implements Network {
    static final String PREFIX = "hvf";
    private static final Pattern OWNED = Pattern.compile("^" + PREFIX + "(\\d+)(?:-n\\d+|br|[hc]\\d+)$");
    private static final int CLIENT_PORT = 7400;
    private static final int RAFT_PORT = 7401;

    private final String tag;
    private final int nodes;
    private final String subnet;
    private final List<String> made = new ArrayList<>();
    private final Set<List<Integer>> cuts = new LinkedHashSet<>();
    private final Thread hook;
    private boolean closed;

    private NamespaceNetwork(int nodes, String subnet) {
        this.tag = PREFIX + ProcessHandle.current().pid();
        this.nodes = nodes;
        this.subnet = subnet;
        this.hook = new Thread(this::close, "hvf-netns-cleanup");
    }

    static NamespaceNetwork create(int nodes) throws IOException {
        removeStale();
        NamespaceNetwork n = new NamespaceNetwork(nodes, freeSubnet());
        Runtime.getRuntime().addShutdownHook(n.hook);
        try {
            n.build();
        } catch (IOException | RuntimeException e) {
            n.close();
            throw e;
        }
        return n;
    }

    private String namespace(int i) {
        return tag + "-n" + i;
    }

    private String bridge() {
        return tag + "br";
    }

    String address(int i) {
        return subnet + "." + (10 + i);
    }

    private void build() throws IOException {
        Ip.run("link", "add", bridge(), "type", "bridge");
        made.add("link:" + bridge());
        Ip.run("addr", "add", subnet + ".1/24", "dev", bridge());
        Ip.run("link", "set", bridge(), "up");
        for (int i = 0; i < nodes; i++) {
            String ns = namespace(i);
            String host = tag + "h" + i;
            String inner = tag + "c" + i;
            Ip.run("netns", "add", ns);
            made.add("netns:" + ns);
            Ip.run("link", "add", host, "type", "veth", "peer", "name", inner);
            made.add("link:" + host);
            Ip.run("link", "set", inner, "netns", ns);
            Ip.run("link", "set", host, "master", bridge());
            Ip.run("link", "set", host, "up");
            Ip.run("-n", ns, "addr", "add", address(i) + "/24", "dev", inner);
            Ip.run("-n", ns, "link", "set", inner, "up");
            Ip.run("-n", ns, "link", "set", "lo", "up");
        }
    }

    @Override
    public HavenCluster.NodeSpec spec(int index) {
        return new HavenCluster.NodeSpec(
                new ClusterNode.Placement(address(index), List.of("ip", "netns", "exec", namespace(index))),
                CLIENT_PORT,
                RAFT_PORT);
    }

    @Override
    public boolean canPartition() {
        return true;
    }

    @Override
    public synchronized void cut(Set<Integer> a, Set<Integer> b) throws IOException {
        for (int x : a) {
            for (int y : b) {
                if (x != y) {
                    blackhole(x, y);
                    blackhole(y, x);
                }
            }
        }
    }

    @Override
    public synchronized void cutOneWay(Set<Integer> from, Set<Integer> to) throws IOException {
        for (int x : from) {
            for (int y : to) {
                if (x != y) {
                    blackhole(x, y);
                }
            }
        }
    }

    private void blackhole(int from, int to) throws IOException {
        if (cuts.add(List.of(from, to))) {
            Ip.run("-n", namespace(from), "route", "add", "blackhole", address(to) + "/32");
        }
    }

    @Override
    public synchronized void heal() throws IOException {
        for (List<Integer> c : List.copyOf(cuts)) {
            Ip.run("-n", namespace(c.get(0)), "route", "del", "blackhole", address(c.get(1)) + "/32");
            cuts.remove(c);
        }
    }

    /** The blackhole routes in every namespace, as {@code ip route} shows them: what a test asserts healing removed. */
    synchronized String blackholes() throws IOException {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < nodes; i++) {
            String routes = Ip.run("-n", namespace(i), "route", "show", "type", "blackhole")
                    .strip();
            if (!routes.isEmpty()) {
                b.append(namespace(i)).append(": ").append(routes).append('\n');
            }
        }
        return b.toString();
    }

    @Override
    public String describe() {
        return nodes + " nodes in network namespaces " + namespace(0) + ".." + namespace(nodes - 1) + " at "
                + address(0) + ".." + address(nodes - 1) + ", bridge " + bridge() + " " + subnet + ".1/24";
    }

    /** Removes the bridge, veths and namespaces (in reverse order of making); the processes must be gone first. */
    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = made.size() - 1; i >= 0; i--) {
            String[] what = made.get(i).split(":", 2);
            try {
                Ip.tryRun(
                        what[0].equals("netns")
                                ? new String[] {"netns", "del", what[1]}
                                : new String[] {"link", "del", what[1]});
            } catch (IOException e) {
                System.err.println("[faults] could not remove " + made.get(i) + ": " + e.getMessage());
            }
        }
        made.clear();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // Closing from the hook itself while the JVM exits: nothing to deregister.
        }
    }

    /** Removes the namespaces and links of earlier runs whose JVM no longer lives. */
    static void removeStale() throws IOException {
        for (String line : Ip.run("netns", "list").split("\n")) {
            String name = line.strip().split("\\s+")[0];
            if (isStale(name)) {
                System.err.println("[faults] removing namespace " + name + " left by a run that is gone");
                Ip.tryRun("netns", "del", name);
            }
        }
        for (String line : Ip.run("-o", "link", "show").split("\n")) {
            String[] parts = line.split(":\\s+", 3);
            if (parts.length < 2) {
                continue;
            }
            String name = parts[1].split("@")[0];
            if (isStale(name)) {
                System.err.println("[faults] removing link " + name + " left by a run that is gone");
                Ip.tryRun("link", "del", name);
            }
        }
    }

    private static boolean isStale(String name) {
        Matcher m = OWNED.matcher(name);
        return m.matches() && ProcessHandle.of(Long.parseLong(m.group(1))).isEmpty();
    }

    /** The first 10.77.K.0/24 that no address or route of this namespace touches. */
    private static String freeSubnet() throws IOException {
        String used = Ip.run("-4", "addr", "show") + Ip.run("-4", "route", "show");
        long pid = ProcessHandle.current().pid();
        for (int i = 0; i < 250; i++) {
            int k = (int) ((pid + i) % 250) + 1;
            String candidate = "10.77." + k;
            if (!used.contains(candidate + ".")) {
                return candidate;
            }
        }
        throw new IOException("no free /24 in 10.77.0.0/16");
    }
}
