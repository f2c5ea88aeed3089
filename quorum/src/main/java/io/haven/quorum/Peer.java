package io.haven.quorum;

import io.haven.protocol.HavenException;
import java.util.Objects;
import org.apache.ratis.protocol.RaftPeer;

/**
 * A member of a Raft group: the node's uuid, its Raft (peer) address and, when known, the address its clients reach
 * it at. Written {@code uuid=raft-host:raft-port} or {@code uuid=raft-host:raft-port/client-host:client-port} in
 * CONTROL's {@code peers} and on the command line.
 *
 * <p>The client address travels inside the Raft configuration, in the peer's data-stream address field: Haven does
 * not use Ratis data streams, and so every member learns every other member's client address from the committed
 * configuration itself (for DISCOVER answers and NOT_MINE locations) without another replicated table.
 *
 * @param clientAddress the Haven client address, empty when unknown
 */
public record Peer(String id, String address, String clientAddress) {
    public Peer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
        Objects.requireNonNull(clientAddress, "clientAddress");
    }

    /** Parses {@code uuid=host:port[/client-host:client-port]}; bad input is INVALID naming {@code peers}. */
    public static Peer parse(String spec) {
        int eq = spec.indexOf('=');
        if (eq <= 0) {
            throw HavenException.invalid(
                    "a peer is uuid=host:port[/client-host:client-port], not '" + spec + "'", "peers");
        }
        String rest = spec.substring(eq + 1);
        int slash = rest.indexOf('/');
        String raft = slash < 0 ? rest : rest.substring(0, slash);
        String client = slash < 0 ? "" : rest.substring(slash + 1);
        checkAddress(raft, spec);
        if (!client.isEmpty()) {
            checkAddress(client, spec);
        }
        return new Peer(spec.substring(0, eq), raft, client);
    }

    private static void checkAddress(String hostPort, String spec) {
        int colon = hostPort.lastIndexOf(':');
        if (colon < 1 || colon == hostPort.length() - 1) {
            throw HavenException.invalid(
                    "a peer is uuid=host:port[/client-host:client-port], not '" + spec + "'", "peers");
        }
        try {
            int port = Integer.parseInt(hostPort.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw HavenException.invalid("port out of range in '" + spec + "'", "peers");
            }
        } catch (NumberFormatException e) {
            throw HavenException.invalid(
                    "a peer is uuid=host:port[/client-host:client-port], not '" + spec + "'", "peers");
        }
    }

    public RaftPeer toRaft() {
        RaftPeer.Builder b = RaftPeer.newBuilder().setId(id).setAddress(address);
        if (!clientAddress.isEmpty()) {
            b.setDataStreamAddress(clientAddress);
        }
        return b.build();
    }

    public static Peer of(RaftPeer p) {
        String client = p.getDataStreamAddress();
        return new Peer(p.getId().toString(), p.getAddress(), client == null ? "" : client);
    }

    @Override
    public String toString() {
        return id + "=" + address + (clientAddress.isEmpty() ? "" : "/" + clientAddress);
    }
}
