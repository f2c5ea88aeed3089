package io.haven.function;

/** A failure no retry can mend: the invocation is rejected at once, whatever its retry policy says. */
public final class NonRetryable extends Exception {
    private static final long serialVersionUID = 1L;

    public NonRetryable(String message) {
        super(message);
    }

    public NonRetryable(String message, Throwable cause) {
        super(message, cause);
    }
}
