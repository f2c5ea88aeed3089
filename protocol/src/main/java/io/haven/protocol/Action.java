package io.haven.protocol;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code action} field of every message. CONTROL is carried as {@code become} or {@code leave}. */
public enum Action {
    CONNECT("connect"),
    BECOME("become"),
    LEAVE("leave"),
    QUERY("query"),
    DISCOVER("discover"),
    HEARTBEAT("heartbeat"),
    MANAGE("manage"),
    /** Server-initiated messages; they carry no {@code _reqid}. */
    PUSH("push");

    private static final Map<String, Action> BY_NAME = new HashMap<>();

    static {
        for (Action a : values()) {
            BY_NAME.put(a.wireName, a);
        }
    }

    private final String wireName;

    Action(String wireName) {
        this.wireName = wireName;
    }

    public String wireName() {
        return wireName;
    }

    public static Optional<Action> of(String wireName) {
        return Optional.ofNullable(BY_NAME.get(wireName));
    }
}
