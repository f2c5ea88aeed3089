package io.haven.daemon.processor;

import java.util.List;

/** How one run of a function ended, as the processor acts on it. */
sealed interface Attempt {
    /** It returned: the promise resolves with {@code value}. */
    record Resolved(byte[] value) implements Attempt {}

    /**
     * It failed: retried per the invocation's policy unless {@code retryable} is false, then the promise is rejected
     * with {@code value}.
     *
     * @param exitCode a command's exit status (0 for a Java function), matched against the policy's non-retryable
     *     codes
     */
    record Failed(String error, int exitCode, boolean retryable, byte[] value) implements Attempt {}

    /** It awaits pending promises: the task suspends on them, saving {@code state} (empty for none). */
    record Suspended(List<String> awaited, byte[] state) implements Attempt {}

    /**
     * It was stopped from outside (killed by a signal, aborted, its lease lost): released for another attempt, not
     * counted as a failure.
     */
    record Interrupted(String why) implements Attempt {}
}
