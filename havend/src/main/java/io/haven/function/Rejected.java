package io.haven.function;

/** An awaited promise was rejected (or canceled, or timed out): its state and value's data. */
public final class Rejected extends Exception {
    private static final long serialVersionUID = 1L;

    private final String promise;
    private final String state;
    private final transient Object value;

    public Rejected(String promise, String state, Object value) {
        super("promise " + promise + " is " + state);
        this.promise = promise;
        this.state = state;
        this.value = value;
    }

    public String promise() {
        return promise;
    }

    /** {@code REJECTED}, {@code REJECTED_CANCELED} or {@code REJECTED_TIMEDOUT}. */
    public String state() {
        return state;
    }

    /** The rejected promise's value, as {@link FunctionContext#await} would have answered it. */
    public Object value() {
        return value;
    }
}
