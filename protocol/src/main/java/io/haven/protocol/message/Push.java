package io.haven.protocol.message;

import java.util.List;
import java.util.Objects;

/**
 * A server-initiated message (seed 003's push packet): {@code {action: "push", type, data}}, without {@code
 * _reqid}.
 */
public sealed interface Push extends ServerMessage {
    String type();

    /** {@code type: "watch"}: watch events delivered as pushes instead of on pongs. */
    record WatchPush(List<Response.WatchNotice> events) implements Push {
        public WatchPush {
            events = List.copyOf(events);
        }

        @Override
        public String type() {
            return "watch";
        }
    }

    /**
     * {@code type: "tasks.execute"}: seed 001's TasksExecute carrying seed 000's messages: {@code kind} is {@code
     * invoke} or {@code resume}; {@code counter} is the task version to acquire.
     */
    record TasksExecute(List<TaskMessage> tasks) implements Push {
        public TasksExecute {
            tasks = List.copyOf(tasks);
        }

        @Override
        public String type() {
            return "tasks.execute";
        }
    }

    /** {@code type: "tasks.abort"}: stop running these task ids. */
    record TasksAbort(List<String> tasks) implements Push {
        public TasksAbort {
            tasks = List.copyOf(tasks);
        }

        @Override
        public String type() {
            return "tasks.abort";
        }
    }

    /**
     * {@code type: "tasks.ping"}: seed 001's TasksPing, a manager asking its processor how these tasks stand; the
     * processor answers with its next heartbeat's {@code tasks} statuses ({@code Pending}, {@code Started}, {@code
     * Error}, {@code Completed}, {@code Unknown}).
     */
    record TasksPing(List<String> tasks) implements Push {
        public TasksPing {
            tasks = List.copyOf(tasks);
        }

        @Override
        public String type() {
            return "tasks.ping";
        }
    }

    /** seed 000's invoke/resume message: {@code {kind, data: {task: {id, counter}}}}. */
    record TaskMessage(String kind, String id, long counter) {
        public TaskMessage {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(id, "id");
        }
    }
}
