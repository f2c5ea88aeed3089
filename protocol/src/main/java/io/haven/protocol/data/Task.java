package io.haven.protocol.data;

import java.util.List;
import java.util.Objects;

/**
 * A leased unit of work; its id is the id of the promise it runs. {@code (id, version)} is the holder's fencing
 * token. {@code pid} is empty and {@code expiresOn} is 0 when nobody holds it and nothing is scheduled.
 *
 * @param current what an acquire delivers next: {@code invoke} or {@code resume}
 * @param resumes ids of awaited promises whose settlement queued a resume not yet delivered, in order
 */
public record Task(
        String id,
        TaskState state,
        long version,
        String pid,
        long ttl,
        long expiresOn,
        String current,
        List<String> resumes,
        long attempts,
        String lastError) {

    public static final String INVOKE = "invoke";
    public static final String RESUME = "resume";

    public Task {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(pid, "pid");
        Objects.requireNonNull(current, "current");
        Objects.requireNonNull(lastError, "lastError");
        resumes = List.copyOf(resumes);
    }

    /** A task that has not failed yet: no attempts counted, no last error. */
    public Task(
            String id,
            TaskState state,
            long version,
            String pid,
            long ttl,
            long expiresOn,
            String current,
            List<String> resumes) {
        this(id, state, version, pid, ttl, expiresOn, current, resumes, 0, "");
    }

    /** This task with its failure count and last error replaced. */
    public Task withFailures(long failedAttempts, String error) {
        return new Task(id, state, version, pid, ttl, expiresOn, current, resumes, failedAttempts, error);
    }
}
