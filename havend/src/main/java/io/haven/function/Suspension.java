package io.haven.function;

/**
 * Thrown by {@link FunctionContext#await} when the awaited promise is still pending: it ends the run, and the
 * processor suspends the invocation on what it awaited. A function must let it through.
 */
public final class Suspension extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String awaited;

    public Suspension(String awaited) {
        super("waiting for " + awaited, null, false, false);
        this.awaited = awaited;
    }

    /** The pending promise the function awaited. */
    public String awaited() {
        return awaited;
    }
}
