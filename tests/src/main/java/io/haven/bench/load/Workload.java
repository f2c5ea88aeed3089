package io.haven.bench.load;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What each virtual client sends. Ids and keys are paths under {@code /bench/<run>/} so that they route to the quorum
 * serving {@code /}; every write is of a new id or a 256-byte value (the size is an option).
 *
 * <pre>
 * name            requests (each one timed as its own operation)
 * promise-create  promise.create of a new id, param of value-size bytes
 * kv-put          kv.put of value-size bytes to one of key-count keys
 * kv-get          linearizable kv.get of one of key-count keys (written before the run)
 * mix             90% kv.get, 10% kv.put over key-count keys (written before the run)
 * task            task.create (the creator holds it, version 0) -> task.release (pending, version 1)
 *                 -> task.acquire (version 1) -> task.complete (promise resolved); then a new task
 * </pre>
 *
 * task.create already hands the task to its creator (DESIGN section 4), so the lifecycle releases it before
 * acquiring it, as a processor that gives a task back and another that takes it would.
 */
public enum Workload {
    PROMISE_CREATE("promise-create", false),
    KV_PUT("kv-put", false),
    KV_GET("kv-get", true),
    MIX("mix", true),
    TASK("task", false);

    private static final Map<String, Workload> BY_NAME =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(w -> w.wireName, Function.identity()));

    private final String wireName;
    private final boolean preload;

    Workload(String wireName, boolean preload) {
        this.wireName = wireName;
        this.preload = preload;
    }

    /** The name used on the command line and in the JSON report. */
    public String wireName() {
        return wireName;
    }

    /** Whether the keys must be written before the run (the workload reads them). */
    public boolean preload() {
        return preload;
    }

    public static Optional<Workload> of(String name) {
        return Optional.ofNullable(BY_NAME.get(name));
    }

    public static String names() {
        return Arrays.stream(values()).map(Workload::wireName).collect(Collectors.joining(", "));
    }
}
