package io.haven.protocol.message;

import java.util.Optional;

/** What a DISCOVER asks for. */
public enum DiscoverType {
    /** The address of the node with a uuid. */
    UUID("uuid"),
    /** The location service's members, leader first. */
    LOCATION("location"),
    /** The quorum serving a path: its leader and members. */
    QUORUM("quorum"),
    /**
     * The asked node's own status: each of its quorums with its role, leader, members and indexes, and whether the
     * node is ready. Always answered by the node asked, never relayed.
     */
    STATUS("status");

    private final String wireName;

    DiscoverType(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<DiscoverType> of(String wireName) {
        for (DiscoverType t : values()) {
            if (t.wireName.equals(wireName)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
