package io.haven.protocol;

import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * The one place a failure is unwrapped: futures wrap what went wrong in {@link CompletionException} and {@link
 * ExecutionException}, and callers want the failure itself, usually to find the {@link HavenException} that says
 * what to answer.
 */
public final class Failures {
    private Failures() {}

    /** {@code t} without the completion and execution wrappers around it (null stays null). */
    public static Throwable cause(Throwable t) {
        Throwable cur = t;
        while ((cur instanceof CompletionException || cur instanceof ExecutionException) && cur.getCause() != null) {
            cur = cur.getCause();
        }
        return cur;
    }

    /** The first {@link HavenException} in {@code t}'s chain of causes, if any. */
    public static Optional<HavenException> haven(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof HavenException h) {
                return Optional.of(h);
            }
            if (c.getCause() == c) {
                break;
            }
        }
        return Optional.empty();
    }
}
