package io.haven.tests.faults;

import io.haven.tests.cluster.HavenCluster;
import java.io.IOException;
import java.util.Set;

/**
 * Where the nodes of a fault run live and how links between them are cut: each node in its own network namespace
 * ({@link NamespaceNetwork}), or, where namespaces cannot be made, on its own loopback address ({@link
 * LoopbackNetwork}), where partitions are not possible and those nemeses are skipped.
 *
 * <p>Links are cut only between nodes: the test's clients (in the root namespace) reach every node throughout, as
 * clients on the far side of a partition would.
 */
sealed interface Network extends AutoCloseable permits NamespaceNetwork, LoopbackNetwork {

    /**
     * Namespaces when they can be made here, else loopback addresses (saying so on stderr). {@code
     * -Dhaven.faults.network=loopback} asks for loopback addresses even where namespaces could be made.
     */
    static Network create(int nodes) throws IOException {
        String why;
        if ("loopback".equals(System.getProperty("haven.faults.network"))) {
            why = "-Dhaven.faults.network=loopback";
        } else if (!Ip.namespacesAvailable()) {
            why = "network namespaces cannot be made here (not root, or no iproute2)";
        } else {
            try {
                return NamespaceNetwork.create(nodes);
            } catch (IOException e) {
                // Namespaces, but no bridge or veth (a container without those modules, say).
                why = "the namespace network could not be made (" + e.getMessage() + ")";
            }
        }
        System.err.println("[faults] " + why + ": the nodes run on loopback addresses 127.0.0.x and the PARTITION"
                + " NEMESES ARE SKIPPED");
        return new LoopbackNetwork(nodes);
    }

    /** How node {@code index} is started: its host, launcher and ports. */
    HavenCluster.NodeSpec spec(int index);

    /** Whether {@link #cut} works here. */
    boolean canPartition();

    /** Cuts every link between a node of {@code a} and a node of {@code b}, both ways. */
    void cut(Set<Integer> a, Set<Integer> b) throws IOException;

    /** Drops the packets from a node of {@code from} to a node of {@code to}, one way only. */
    void cutOneWay(Set<Integer> from, Set<Integer> to) throws IOException;

    /** Restores every link {@link #cut} took down. */
    void heal() throws IOException;

    /** One line for the log: where the nodes are. */
    String describe();

    /** Heals and removes what this network made; safe to call twice. */
    @Override
    void close();
}
