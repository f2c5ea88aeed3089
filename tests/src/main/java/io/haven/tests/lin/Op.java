package io.haven.tests.lin;

import java.util.Objects;

/**
 * One completed (or abandoned) call of a history. {@code input} and {@code output} are the small records of the
 * model the key is checked against (for instance {@link KvModel.Cas} and {@link KvModel.Written}); the output is
 * {@link Unknown} unless the outcome is {@link Outcome#OK}. Times are {@link System#nanoTime()} readings taken by the
 * client just before sending and just after the answer; an {@link Outcome#INFO} call completes at {@link
 * #INFINITY}.
 *
 * @param process the client that made the call, for display only (the checker does not need per-process order)
 */
public record Op(
        int process, String key, Object input, Object output, Outcome outcome, long invokeNanos, long completeNanos) {
    /** The completion time of an indeterminate call: it may take effect at any time after its invocation. */
    public static final long INFINITY = Long.MAX_VALUE;

    public Op {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(input, "input");
        Objects.requireNonNull(output, "output");
        Objects.requireNonNull(outcome, "outcome");
        if (outcome != Outcome.OK && !(output instanceof Unknown)) {
            throw new IllegalArgumentException("only an OK call has an output: " + outcome + " " + output);
        }
        if (outcome == Outcome.INFO && completeNanos != INFINITY) {
            throw new IllegalArgumentException("an INFO call completes at INFINITY");
        }
        if (completeNanos < invokeNanos) {
            throw new IllegalArgumentException("completed before invoked: " + invokeNanos + " > " + completeNanos);
        }
    }

    public static Op ok(int process, String key, Object input, Object output, long invokeNanos, long completeNanos) {
        return new Op(process, key, input, output, Outcome.OK, invokeNanos, completeNanos);
    }

    public static Op fail(int process, String key, Object input, long invokeNanos, long completeNanos) {
        return new Op(process, key, input, Unknown.INSTANCE, Outcome.FAIL, invokeNanos, completeNanos);
    }

    public static Op info(int process, String key, Object input, long invokeNanos) {
        return new Op(process, key, input, Unknown.INSTANCE, Outcome.INFO, invokeNanos, INFINITY);
    }

    /** This call with its answer forgotten: it may or may not have taken effect, at any time after its invocation. */
    public Op indeterminate() {
        return info(process, key, input, invokeNanos);
    }
}
