package io.haven.storage;

import io.haven.protocol.message.Push;
import java.util.Objects;

/**
 * A message an applied batch asks the node to push to processors. Pushes are effects, not state: only the
 * leader sends them, and a lost one is repeated by the pending-task retry ({@link StoreOptions#pendingRetryMs()}).
 */
public sealed interface TaskPush {
    String group();

    /**
     * Ask a processor of {@code group} to acquire a task ({@code tasks.execute}).
     *
     * @param group the processor group named by the promise's {@code haven:invoke} tag; empty if it has none
     */
    record Execute(String group, Push.TaskMessage message) implements TaskPush {
        public Execute {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(message, "message");
        }
    }

    /**
     * Tell the holder of a task to stop running it ({@code tasks.abort}): its promise was settled or timed out by
     * someone else.
     */
    record Abort(String group, String pid, String taskId) implements TaskPush {
        public Abort {
            Objects.requireNonNull(group, "group");
            Objects.requireNonNull(pid, "pid");
            Objects.requireNonNull(taskId, "taskId");
        }
    }
}
