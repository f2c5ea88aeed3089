package io.haven.daemon.status;

import java.util.List;
import java.util.Objects;

/**
 * One node as the location service's directory records it.
 *
 * @param address the {@code host:port} its clients reach it at
 * @param up false once it has missed heartbeats for {@code node-down-ms}
 * @param quorums the quorums it is a member of
 * @param leads the quorums it leads
 */
public record DirectoryNode(
        String uuid, String address, List<String> roles, boolean up, List<String> quorums, List<String> leads) {
    public DirectoryNode {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(address, "address");
        roles = List.copyOf(roles);
        quorums = List.copyOf(quorums);
        leads = List.copyOf(leads);
    }
}
