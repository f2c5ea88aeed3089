package io.haven.protocol.message;

import java.util.Optional;

/** How fresh a DATA read must be. */
public enum Consistency {
    /** The default: the read reflects every write acknowledged before it started (ReadIndex on the leader). */
    LINEARIZABLE("linearizable"),
    /** Served from the local state of the member that received it; may be stale. */
    SERIALIZABLE("serializable");

    private final String wireName;

    Consistency(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Consistency> of(String wireName) {
        for (Consistency c : values()) {
            if (c.wireName.equals(wireName)) {
                return Optional.of(c);
            }
        }
        return Optional.empty();
    }
}
