package io.haven.tests.watch;

import io.haven.daemon.HavenNode;
import io.haven.daemon.Havend;
import io.haven.daemon.HavendConfig;
import io.haven.daemon.quorum.QuorumRole;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.Map;

/**
 * An in-process havend started as {@code havend --dev} starts ({@link Havend#start}): every role this build has,
 * with the one-member quorum {@code main} serving {@code /}; free loopback ports, data under a test's directory.
 */
final class DevNode implements AutoCloseable {
    private final HavenNode node;
    private final QuorumRole role;

    private DevNode(HavenNode node, QuorumRole role) {
        this.node = node;
        this.role = role;
    }

    static DevNode start(Path data) throws IOException, InterruptedException {
        return start(data, 0, freePort());
    }

    /** On given ports, so that a node started again on the same data is found where it was. */
    static DevNode start(Path data, int clientPort, int raftPort) throws IOException, InterruptedException {
        HavendConfig config = HavendConfig.from(Map.of(
                HavendConfig.DATA_KEY,
                data.toString(),
                HavendConfig.LISTEN_KEY,
                "127.0.0.1:" + clientPort,
                HavendConfig.RAFT_KEY,
                "127.0.0.1:" + raftPort,
                HavendConfig.DEV_KEY,
                "true"));
        HavenNode node = Havend.start(config);
        return new DevNode(node, (QuorumRole) node.services().control());
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    String address() {
        return "127.0.0.1:" + node.address().getPort();
    }

    QuorumRole role() {
        return role;
    }

    @Override
    public void close() {
        node.close();
    }
}
