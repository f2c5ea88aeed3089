package io.haven.protocol.data;

import java.util.List;
import java.util.Objects;

/** The {@code data} of a successful DATA response; each record names the wire fields it carries. */
public sealed interface DataResult {

    /** {@code {}} */
    record Empty() implements DataResult {
        public static final Empty INSTANCE = new Empty();
    }

    /** {@code {promise}} */
    record PromiseResult(Promise promise) implements DataResult {
        public PromiseResult {
            Objects.requireNonNull(promise, "promise");
        }
    }

    /** {@code {task}} */
    record TaskResult(Task task) implements DataResult {
        public TaskResult {
            Objects.requireNonNull(task, "task");
        }
    }

    /** {@code {task, promise}} */
    record TaskPromiseResult(Task task, Promise promise) implements DataResult {
        public TaskPromiseResult {
            Objects.requireNonNull(task, "task");
            Objects.requireNonNull(promise, "promise");
        }
    }

    /** task.acquire of an invoke: {@code {kind: "invoke", data: {invoked}}} */
    record Invoke(Promise invoked) implements DataResult {
        public Invoke {
            Objects.requireNonNull(invoked, "invoked");
        }
    }

    /** task.acquire of a resume: {@code {kind: "resume", data: {invoked, awaited}}} */
    record Resume(Promise invoked, Promise awaited, byte[] state) implements DataResult {
        public Resume {
            Objects.requireNonNull(invoked, "invoked");
            Objects.requireNonNull(awaited, "awaited");
            state = state.clone();
        }

        /** A resume of a task that saved no state. */
        public Resume(Promise invoked, Promise awaited) {
            this(invoked, awaited, new byte[0]);
        }

        /** The state the task saved with its suspend (seed 004's get-state); empty when none. */
        @Override
        public byte[] state() {
            return state.clone();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Resume r
                    && invoked.equals(r.invoked)
                    && awaited.equals(r.awaited)
                    && java.util.Arrays.equals(state, r.state);
        }

        @Override
        public int hashCode() {
            return Objects.hash(invoked, awaited) * 31 + java.util.Arrays.hashCode(state);
        }

        @Override
        public String toString() {
            return "Resume[invoked=" + invoked.id() + ", awaited=" + awaited.id() + ", state=" + state.length
                    + " bytes]";
        }
    }

    /** task.fence: {@code {action: {kind, status, data}}}, the inner action's response. */
    record Fenced(DataResponse action) implements DataResult {
        public Fenced {
            Objects.requireNonNull(action, "action");
        }
    }

    /** promise.search: {@code {promises, cursor}}; an empty cursor means there is no next page. */
    record PromisePage(List<Promise> promises, String cursor) implements DataResult {
        public PromisePage {
            promises = List.copyOf(promises);
            Objects.requireNonNull(cursor, "cursor");
        }
    }

    /** {@code {kv}} */
    record KvResult(Kv kv) implements DataResult {
        public KvResult {
            Objects.requireNonNull(kv, "kv");
        }
    }

    /** kv.delete: {@code {key, deleted, rev}}; rev is the delete's revision, or the current one if nothing was deleted. */
    record KvDeleted(String key, boolean deleted, long rev) implements DataResult {
        public KvDeleted {
            Objects.requireNonNull(key, "key");
        }
    }

    /** kv.list: {@code {kvs, cursor}}; an empty cursor means there is no next page. */
    record KvPage(List<Kv> kvs, String cursor) implements DataResult {
        public KvPage {
            kvs = List.copyOf(kvs);
            Objects.requireNonNull(cursor, "cursor");
        }
    }

    /** watch.add: {@code {watch, rev}}: the watch id and the revision it starts after. */
    record WatchAdded(long watch, long rev) implements DataResult {}
}
