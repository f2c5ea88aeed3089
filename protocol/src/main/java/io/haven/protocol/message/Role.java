package io.haven.protocol.message;

import java.util.Optional;

/** The roles a node can take with CONTROL ({@code become}/{@code leave}); the wire name is the lower-case name. */
public enum Role {
    LOCATOR("locator"),
    PROCESSOR("processor"),
    QUORUM("quorum");

    private final String wireName;

    Role(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Role> of(String wireName) {
        for (Role r : values()) {
            if (r.wireName.equals(wireName)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
