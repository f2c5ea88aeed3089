package io.haven.daemon.status;

import java.util.List;
import java.util.Objects;

/**
 * This node: who it is, what it runs and where it is reached.
 *
 * @param address the {@code host:port} clients reach it at
 * @param raftAddress the {@code host:port} of its peer (Raft) transport
 * @param roles the roles it serves right now ({@code locator}, {@code quorum}, {@code processor}); empty when idle
 * @param dev whether it runs as {@code havend --dev}
 */
public record NodeInfo(
        String uuid, String version, String address, String raftAddress, List<String> roles, boolean dev) {
    public NodeInfo {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(version, "version");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(raftAddress, "raftAddress");
        roles = List.copyOf(roles);
    }
}
