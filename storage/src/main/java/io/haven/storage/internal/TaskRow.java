package io.haven.storage.internal;

import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import java.util.List;
import java.util.Objects;

/**
 * A task as stored: the public {@link Task} plus what only the store needs.
 *
 * @param group the processor group its messages are pushed to (the promise's {@code haven:invoke} tag, or empty)
 * @param awaited for {@code current == resume}: the awaited promise whose settlement resumed it (what acquire
 *     answers with); empty otherwise
 */
public record TaskRow(Task task, String group, String awaited) {
    public TaskRow {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(awaited, "awaited");
    }

    public String id() {
        return task.id();
    }

    public TaskState state() {
        return task.state();
    }

    public long version() {
        return task.version();
    }

    /** A copy with the task's lifecycle fields replaced (id, ttl and group stay). */
    TaskRow with(TaskState state, long version, String pid, long expiresOn) {
        Task t = task;
        return new TaskRow(
                new Task(t.id(), state, version, pid, t.ttl(), expiresOn, t.current(), t.resumes()), group, awaited);
    }

    TaskRow withTtl(long ttl) {
        Task t = task;
        return new TaskRow(
                new Task(t.id(), t.state(), t.version(), t.pid(), ttl, t.expiresOn(), t.current(), t.resumes()),
                group,
                awaited);
    }

    TaskRow withResumes(List<String> resumes) {
        Task t = task;
        return new TaskRow(
                new Task(t.id(), t.state(), t.version(), t.pid(), t.ttl(), t.expiresOn(), t.current(), resumes),
                group,
                awaited);
    }

    TaskRow withCurrent(String current, String awaitedId) {
        Task t = task;
        return new TaskRow(
                new Task(t.id(), t.state(), t.version(), t.pid(), t.ttl(), t.expiresOn(), current, t.resumes()),
                group,
                awaitedId);
    }
}
