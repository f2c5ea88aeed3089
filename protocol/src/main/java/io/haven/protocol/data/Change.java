package io.haven.protocol.data;

import java.util.Objects;

/**
 * One committed change of a quorum's state, as its change log keeps it and watches deliver it. Every change has
 * the quorum revision that made it and the key (kv key, promise id or task id) it is about.
 */
public sealed interface Change {
    long rev();

    String key();

    /** The wire {@code kind} of the event: {@code promise}, {@code task}, {@code kv} or {@code kv.delete}. */
    String kind();

    record PromiseChanged(long rev, Promise promise) implements Change {
        public PromiseChanged {
            Objects.requireNonNull(promise, "promise");
        }

        @Override
        public String key() {
            return promise.id();
        }

        @Override
        public String kind() {
            return "promise";
        }
    }

    record TaskChanged(long rev, Task task) implements Change {
        public TaskChanged {
            Objects.requireNonNull(task, "task");
        }

        @Override
        public String key() {
            return task.id();
        }

        @Override
        public String kind() {
            return "task";
        }
    }

    record KvChanged(long rev, Kv kv) implements Change {
        public KvChanged {
            Objects.requireNonNull(kv, "kv");
        }

        @Override
        public String key() {
            return kv.key();
        }

        @Override
        public String kind() {
            return "kv";
        }
    }

    record KvRemoved(long rev, String key) implements Change {
        public KvRemoved {
            Objects.requireNonNull(key, "key");
        }

        @Override
        public String kind() {
            return "kv.delete";
        }
    }
}
