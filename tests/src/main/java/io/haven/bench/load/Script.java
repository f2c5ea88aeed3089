package io.haven.bench.load;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.PromiseState;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The request sequence of one virtual client. Not thread-safe: a client has one request outstanding at a time, and
 * the completion of one happens-before the next call of {@link #next}.
 */
final class Script {
    /** A promise timeout far enough away that no promise of a run times out (the sweep would add work). */
    private static final long TIMEOUT_MS = 24L * 3600 * 1000;

    private static final long TASK_TTL_MS = 60_000;

    /** One request to send, with the name its latency is recorded under. */
    record Step(String name, DataRequest request) {}

    private final Workload workload;
    private final String runId;
    private final String prefix;
    private final byte[] value;
    private final int keyCount;
    private final SplittableRandom random;
    private final String pid;
    private long seq;
    /** Task lifecycle: the step that comes next (0 create, 1 release, 2 acquire, 3 complete) and its task. */
    private int taskStep;

    private String taskId = "";

    Script(Workload workload, String runId, int client, byte[] value, int keyCount, long seed) {
        this.workload = workload;
        this.runId = runId;
        this.prefix = "/bench/" + runId + "/c" + client + "/";
        this.value = value;
        this.keyCount = keyCount;
        this.random = new SplittableRandom(seed);
        this.pid = "bench-" + runId + "-" + client;
    }

    /** The key of the kv workloads with the given number; shared by all clients of a run. */
    static String key(String runId, int n) {
        return "/bench/" + runId + "/kv/" + n;
    }

    /**
     * The next request.
     *
     * @param previousOk whether the previous request of this client succeeded; a failed task step starts a new
     *     task rather than continuing one whose state is unknown
     */
    Step next(boolean previousOk) {
        return switch (workload) {
            case PROMISE_CREATE -> new Step("promise.create", create(prefix + seq++));
            case KV_PUT -> put();
            case KV_GET -> get();
            case MIX -> random.nextInt(10) == 0 ? put() : get();
            case TASK -> task(previousOk);
        };
    }

    private DataRequest.PromiseCreate create(String id) {
        return new DataRequest.PromiseCreate(id, Payload.of(value), System.currentTimeMillis() + TIMEOUT_MS, Map.of());
    }

    private Step put() {
        return new Step(
                "kv.put",
                new DataRequest.KvPut(key(runId, random.nextInt(keyCount)), value, "", DataRequest.NO_VERSION));
    }

    private Step get() {
        return new Step("kv.get", new DataRequest.KvGet(key(runId, random.nextInt(keyCount))));
    }

    private Step task(boolean previousOk) {
        if (!previousOk) {
            taskStep = 0;
        }
        int step = taskStep;
        taskStep = (taskStep + 1) % 4;
        return switch (step) {
            case 0 -> {
                taskId = prefix + "t" + seq++;
                yield new Step("task.create", new DataRequest.TaskCreate(pid, TASK_TTL_MS, create(taskId)));
            }
            case 1 -> new Step("task.release", new DataRequest.TaskRelease(taskId, 0));
            case 2 -> new Step("task.acquire", new DataRequest.TaskAcquire(taskId, 1, pid, TASK_TTL_MS));
            default -> new Step(
                    "task.complete",
                    new DataRequest.TaskComplete(
                            taskId,
                            1,
                            new DataRequest.PromiseSettle(taskId, PromiseState.RESOLVED, Payload.of(value))));
        };
    }
}
