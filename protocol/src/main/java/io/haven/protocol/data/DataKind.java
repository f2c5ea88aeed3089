package io.haven.protocol.data;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/** The {@code kind} of a DATA query, as the wire names it. */
public enum DataKind {
    PROMISE_GET("promise.get", false),
    PROMISE_CREATE("promise.create", true),
    PROMISE_SETTLE("promise.settle", true),
    PROMISE_REGISTER("promise.register", true),
    PROMISE_SEARCH("promise.search", false),
    TASK_GET("task.get", false),
    TASK_CREATE("task.create", true),
    TASK_ACQUIRE("task.acquire", true),
    TASK_SUSPEND("task.suspend", true),
    TASK_COMPLETE("task.complete", true),
    TASK_RELEASE("task.release", true),
    TASK_FENCE("task.fence", true),
    TASK_HEARTBEAT("task.heartbeat", true),
    KV_GET("kv.get", false),
    KV_PUT("kv.put", true),
    KV_DELETE("kv.delete", true),
    KV_LIST("kv.list", false),
    WATCH_ADD("watch.add", false),
    WATCH_REMOVE("watch.remove", false);

    private static final Map<String, DataKind> BY_NAME = new HashMap<>();

    static {
        for (DataKind k : values()) {
            BY_NAME.put(k.wireName, k);
        }
    }

    private final String wireName;
    private final boolean write;

    DataKind(String wireName, boolean write) {
        this.wireName = wireName;
        this.write = write;
    }

    public String wireName() {
        return wireName;
    }

    /** Whether the kind changes replicated state (and so goes through the log). */
    public boolean isWrite() {
        return write;
    }

    public static Optional<DataKind> of(String wireName) {
        return Optional.ofNullable(BY_NAME.get(wireName));
    }
}
