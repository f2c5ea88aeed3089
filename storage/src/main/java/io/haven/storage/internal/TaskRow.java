package io.haven.storage.internal;

import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A task as stored: the public {@link Task} plus what only the store needs.
 *
 * @param group the processor group its messages are pushed to (the promise's {@code haven:invoke} tag, or empty)
 * @param awaited for {@code current == resume}: the awaited promise whose settlement resumed it (what acquire
 *     answers with); empty otherwise
 */
public record TaskRow(Task task, String group, String awaited, byte[] saved) {
    public TaskRow {
        Objects.requireNonNull(task, "task");
        Objects.requireNonNull(group, "group");
        Objects.requireNonNull(awaited, "awaited");
        saved = saved.clone();
    }

    /** A row with no saved state. */
    public TaskRow(Task task, String group, String awaited) {
        this(task, group, awaited, new byte[0]);
    }

    /** The function state the task saved with its last suspend (empty when none). */
    @Override
    public byte[] saved() {
        return saved.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof TaskRow r
                && task.equals(r.task)
                && group.equals(r.group)
                && awaited.equals(r.awaited)
                && Arrays.equals(saved, r.saved);
    }

    @Override
    public int hashCode() {
        return Objects.hash(task, group, awaited) * 31 + Arrays.hashCode(saved);
    }

    @Override
    public String toString() {
        return "TaskRow[" + task + ", group=" + group + ", awaited=" + awaited + ", saved=" + saved.length + " bytes]";
    }

    /** A copy with the saved state replaced. */
    TaskRow withSaved(byte[] state) {
        return new TaskRow(task, group, awaited, state);
    }

    /** A copy that counts one more failed attempt, {@code error} its last. */
    TaskRow failed(String error) {
        return new TaskRow(task.withFailures(task.attempts() + 1, error), group, awaited, saved);
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
                new Task(t.id(), state, version, pid, t.ttl(), expiresOn, t.current(), t.resumes())
                        .withFailures(t.attempts(), t.lastError()),
                group,
                awaited,
                saved);
    }

    TaskRow withTtl(long ttl) {
        Task t = task;
        return new TaskRow(
                new Task(t.id(), t.state(), t.version(), t.pid(), ttl, t.expiresOn(), t.current(), t.resumes())
                        .withFailures(t.attempts(), t.lastError()),
                group,
                awaited,
                saved);
    }

    TaskRow withResumes(List<String> resumes) {
        Task t = task;
        return new TaskRow(
                new Task(t.id(), t.state(), t.version(), t.pid(), t.ttl(), t.expiresOn(), t.current(), resumes)
                        .withFailures(t.attempts(), t.lastError()),
                group,
                awaited,
                saved);
    }

    TaskRow withCurrent(String current, String awaitedId) {
        Task t = task;
        return new TaskRow(
                new Task(t.id(), t.state(), t.version(), t.pid(), t.ttl(), t.expiresOn(), current, t.resumes())
                        .withFailures(t.attempts(), t.lastError()),
                group,
                awaitedId,
                saved);
    }
}
