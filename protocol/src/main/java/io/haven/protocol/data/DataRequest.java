package io.haven.protocol.data;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A DATA query: the {@code kind} and {@code data} of a {@code query} message, and the command a quorum applies.
 * Field semantics are in {@code protocol-docs/data.md}; a value of {@link #NO_VERSION} means "no expected version".
 */
public sealed interface DataRequest {
    /** Expected-version value meaning "do not compare". */
    long NO_VERSION = -1;

    DataKind kind();

    /** The key, promise id or task id the request is about; its quorum is found by this path. */
    String routingKey();

    record PromiseGet(String id) implements DataRequest {
        public PromiseGet {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public DataKind kind() {
            return DataKind.PROMISE_GET;
        }

        @Override
        public String routingKey() {
            return id;
        }
    }

    record PromiseCreate(String id, Payload param, long timeout, Map<String, String> tags) implements DataRequest {
        public PromiseCreate {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(param, "param");
            tags = Map.copyOf(tags);
        }

        @Override
        public DataKind kind() {
            return DataKind.PROMISE_CREATE;
        }

        @Override
        public String routingKey() {
            return id;
        }
    }

    /** Settle a promise; {@code state} is RESOLVED, REJECTED or REJECTED_CANCELED. */
    record PromiseSettle(String id, PromiseState state, Payload value) implements DataRequest {
        public PromiseSettle {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public DataKind kind() {
            return DataKind.PROMISE_SETTLE;
        }

        @Override
        public String routingKey() {
            return id;
        }
    }

    record PromiseRegister(String awaiter, String awaited) implements DataRequest {
        public PromiseRegister {
            Objects.requireNonNull(awaiter, "awaiter");
            Objects.requireNonNull(awaited, "awaited");
        }

        @Override
        public DataKind kind() {
            return DataKind.PROMISE_REGISTER;
        }

        @Override
        public String routingKey() {
            return awaited;
        }
    }

    /**
     * Search promises by id prefix, optional state and tags (all must match).
     *
     * @param state the state to match, or empty to match all
     * @param cursor the {@code cursor} of the previous page, or empty for the first page
     */
    record PromiseSearch(
            String prefix, Optional<PromiseState> state, Map<String, String> tags, String cursor, int limit)
            implements DataRequest {
        public PromiseSearch {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(state, "state");
            tags = Map.copyOf(tags);
            Objects.requireNonNull(cursor, "cursor");
        }

        @Override
        public DataKind kind() {
            return DataKind.PROMISE_SEARCH;
        }

        @Override
        public String routingKey() {
            return prefix;
        }
    }

    record TaskGet(String id) implements DataRequest {
        public TaskGet {
            Objects.requireNonNull(id, "id");
        }

        @Override
        public DataKind kind() {
            return DataKind.TASK_GET;
        }

        @Override
        public String routingKey() {
            return id;
        }
    }

    record TaskCreate(String pid, long ttl, PromiseCreate action) implements DataRequest {
        public TaskCreate {
            Objects.requireNonNull(pid, "pid");
            Objects.requireNonNull(action, "action");
        }

        @Override
        public DataKind kind() {
            return DataKind.TASK_CREATE;
        }

        @Override
        public String routingKey() {
            return action.id();
        }
    }

    record TaskAcquire(String id, long version, String pid, long ttl) implements DataRequest {
        public TaskAcquire {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(pid, "pid");
        }

        @Override
        public DataKind kind() {
            return DataKind.TASK_ACQUIRE;
        }

        @Override
        public String routingKey() {
            return id;
        }
    }

    /**
     * Suspend a task on promises; {@code state} (empty for none) is the function's saved state, stored in the same
     * entry and handed back by the acquire that resumes it.
     */
    record TaskSuspend(String id, long version, List<PromiseRegister> actions, byte[] state) implements DataRequest {
        public TaskSuspend {
            Objects.requireNonNull(id, "id");
            actions = List.copyOf(actions);
            state = state.clone();
        }

        public TaskSuspend(String id, long version, List<PromiseRegister> actions) {
            this(id, version, actions, new byte[0]);
        }

        @Override
        public byte[] state() {
            return state.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TaskSuspend t
                    && id.equals(t.id)
                    && version == t.version
                    && actions.equals(t.actions)
                    && java.util.Arrays.equals(state, t.state);
        }

        @Override
        public int hashCode() {
            return Objects.hash(id, version, actions) * 31 + java.util.Arrays.hashCode(state);
        }

        @Override
        public String toString() {
            return "TaskSuspend[id=" + id + ", version=" + version + ", actions=" + actions + ", state=" + state.length
                    + " bytes]";
        }

        @Override
        public DataKind kind() {
            return DataKind.TASK_SUSPEND;
        }

        @Override
        public String routingKey() {
            return id;
        }
    }

    record TaskComplete(String id, long version, PromiseSettle action) implements DataRequest {
        public TaskComplete {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(action, "action");
        }

        @Override
        public DataKind kind() {
            return DataKind.TASK_COMPLETE;
        }

        @Override
        public String routingKey() {
            return id;
        }
    }

    /**
     * Release a held task. With an {@code error} (non-empty) the release records a failed attempt: the task's
     * {@code attempts} grows by one and {@code last_error} becomes it. {@code delayMs} above 0 pushes the task again
     * that much later (a retry's backoff) instead of one ttl later.
     */
    record TaskRelease(String id, long version, long delayMs, String error) implements DataRequest {
        public TaskRelease {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(error, "error");
            if (delayMs < 0) {
                throw new IllegalArgumentException("delayMs " + delayMs);
            }
        }

        public TaskRelease(String id, long version) {
            this(id, version, 0, "");
        }

        @Override
        public DataKind kind() {
            return DataKind.TASK_RELEASE;
        }

        @Override
        public String routingKey() {
            return id;
        }
    }

    /** Perform {@code action} (a {@link PromiseCreate} or {@link PromiseSettle}) only while (id, version) holds. */
    record TaskFence(String id, long version, DataRequest action) implements DataRequest {
        public TaskFence {
            Objects.requireNonNull(id, "id");
            Objects.requireNonNull(action, "action");
            if (!(action instanceof PromiseCreate) && !(action instanceof PromiseSettle)) {
                throw new IllegalArgumentException("fence action must be promise.create or promise.settle");
            }
        }

        @Override
        public DataKind kind() {
            return DataKind.TASK_FENCE;
        }

        @Override
        public String routingKey() {
            return id;
        }
    }

    record TaskHeartbeat(String pid) implements DataRequest {
        public TaskHeartbeat {
            Objects.requireNonNull(pid, "pid");
        }

        @Override
        public DataKind kind() {
            return DataKind.TASK_HEARTBEAT;
        }

        @Override
        public String routingKey() {
            return "";
        }
    }

    record KvGet(String key) implements DataRequest {
        public KvGet {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public DataKind kind() {
            return DataKind.KV_GET;
        }

        @Override
        public String routingKey() {
            return key;
        }
    }

    /** Put a value; with {@code expectedVersion} other than {@link #NO_VERSION} it is a compare-and-set (0 = absent). */
    record KvPut(String key, byte[] value, String contentType, long expectedVersion) implements DataRequest {
        public KvPut {
            Objects.requireNonNull(key, "key");
            value = value.clone();
            Objects.requireNonNull(contentType, "contentType");
        }

        @Override
        public DataKind kind() {
            return DataKind.KV_PUT;
        }

        @Override
        public String routingKey() {
            return key;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof KvPut p
                    && key.equals(p.key)
                    && Arrays.equals(value, p.value)
                    && contentType.equals(p.contentType)
                    && expectedVersion == p.expectedVersion;
        }

        @Override
        public int hashCode() {
            return Objects.hash(key, Arrays.hashCode(value), contentType, expectedVersion);
        }

        @Override
        public String toString() {
            return "KvPut[key=" + key + ", value=" + value.length + " bytes, contentType=" + contentType
                    + ", expectedVersion=" + expectedVersion + "]";
        }
    }

    record KvDelete(String key, long expectedVersion) implements DataRequest {
        public KvDelete {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public DataKind kind() {
            return DataKind.KV_DELETE;
        }

        @Override
        public String routingKey() {
            return key;
        }
    }

    record KvList(String prefix, String cursor, int limit) implements DataRequest {
        public KvList {
            Objects.requireNonNull(prefix, "prefix");
            Objects.requireNonNull(cursor, "cursor");
        }

        @Override
        public DataKind kind() {
            return DataKind.KV_LIST;
        }

        @Override
        public String routingKey() {
            return prefix;
        }
    }

    /**
     * Watch every change under {@code prefix} (kv keys, promise ids and task ids), from revision {@code fromRev}
     * (0 = from now on).
     *
     * @param push deliver the events as {@code watch} pushes as soon as they are matched, instead of on the next
     *     pong; either way they stay queued until a ping acknowledges them
     */
    record WatchAdd(String prefix, long fromRev, boolean push) implements DataRequest {
        public WatchAdd {
            Objects.requireNonNull(prefix, "prefix");
        }

        /** A watch delivered on pongs. */
        public WatchAdd(String prefix, long fromRev) {
            this(prefix, fromRev, false);
        }

        @Override
        public DataKind kind() {
            return DataKind.WATCH_ADD;
        }

        @Override
        public String routingKey() {
            return prefix;
        }
    }

    record WatchRemove(long watch) implements DataRequest {
        @Override
        public DataKind kind() {
            return DataKind.WATCH_REMOVE;
        }

        @Override
        public String routingKey() {
            return "";
        }
    }
}
