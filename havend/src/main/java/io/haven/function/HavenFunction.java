package io.haven.function;

/**
 * A function a processor runs for an invocation: a promise created with tag {@code haven:invoke} = the processor's
 * group and {@code param.data} = {@code {"func": name(), "args": ...}}. What {@link #run} returns resolves the promise
 * (as JSON); what it throws fails the attempt (retried per the invocation's policy, then the promise is rejected),
 * except {@link NonRetryable}, which rejects at once.
 */
public interface HavenFunction {
    /** The name invocations call this function by ({@code func}). */
    String name();

    /**
     * Runs one attempt. Awaiting a promise that is still pending through the context suspends the invocation: do not
     * catch {@link Suspension} (it is how the context stops the run); the function runs again from the start once an
     * awaited promise settles.
     *
     * @return the value: a JSON-able Java value (maps, lists, strings, numbers, booleans, null) or a {@code byte[]}
     *     taken as it is
     */
    Object run(FunctionContext context) throws Exception;
}
