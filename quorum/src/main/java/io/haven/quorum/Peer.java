package io.haven.quorum;

import io.haven.protocol.HavenException;
import java.util.Objects;
import org.apache.ratis.protocol.RaftPeer;

/**
 * A member of a Raft group: the node's uuid and its Raft (peer) address. Written {@code uuid=host:port} in CONTROL's
 * {@code peers} and on the command line.
 */
public record Peer(String id, String address) {
    public Peer {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(address, "address");
    }

    /** Parses {@code uuid=host:port}; bad input is an INVALID error naming {@code peers}. */
    public static Peer parse(String spec) {
        int eq = spec.indexOf('=');
        int colon = spec.lastIndexOf(':');
        if (eq <= 0 || colon < eq + 2 || colon == spec.length() - 1) {
            throw HavenException.invalid("a peer is uuid=host:port, not '" + spec + "'", "peers");
        }
        try {
            int port = Integer.parseInt(spec.substring(colon + 1));
            if (port < 1 || port > 65535) {
                throw HavenException.invalid("port out of range in '" + spec + "'", "peers");
            }
        } catch (NumberFormatException e) {
            throw HavenException.invalid("a peer is uuid=host:port, not '" + spec + "'", "peers");
        }
        return new Peer(spec.substring(0, eq), spec.substring(eq + 1));
    }

    RaftPeer toRaft() {
        return RaftPeer.newBuilder().setId(id).setAddress(address).build();
    }

    static Peer of(RaftPeer p) {
        return new Peer(p.getId().toString(), p.getAddress());
    }

    @Override
    public String toString() {
        return id + "=" + address;
    }
}
