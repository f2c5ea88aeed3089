package io.haven.tests.faults;

import io.haven.tests.cluster.ClusterNode;
import io.haven.tests.cluster.HavenCluster;
import java.util.List;
import java.util.Set;

/** Every node on its own loopback address, 127.0.0.11 on, in this namespace: no partitions possible. */
final class LoopbackNetwork implements Network {
    private final int nodes;

    LoopbackNetwork(int nodes) {
        this.nodes = nodes;
    }

    @Override
    public HavenCluster.NodeSpec spec(int index) {
        return new HavenCluster.NodeSpec(new ClusterNode.Placement("127.0.0." + (11 + index), List.of()), 0, 0);
    }

    @Override
    public boolean canPartition() {
        return false;
    }

    @Override
    public void cut(Set<Integer> a, Set<Integer> b) {
        throw new UnsupportedOperationException("no partitions on loopback addresses");
    }

    @Override
    public void cutOneWay(Set<Integer> from, Set<Integer> to) {
        throw new UnsupportedOperationException("no partitions on loopback addresses");
    }

    @Override
    public void heal() {}

    @Override
    public String describe() {
        return nodes + " nodes on loopback addresses 127.0.0.11 on (no namespaces: partitions skipped)";
    }

    @Override
    public void close() {}
}
