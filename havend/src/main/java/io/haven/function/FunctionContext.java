package io.haven.function;

import java.time.Duration;
import java.util.Optional;

/**
 * What a running function can see and do durably. Every effect goes through the invocation's quorum: child
 * invocations and timers are promises with ids derived from the invocation's (the n-th call of a run gets the same
 * id on every run), so a function re-run after a resume finds what it created before instead of creating it again.
 */
public interface FunctionContext {
    /** The invocation's {@code args}, as JSON values (maps, lists, strings, numbers, booleans, null). */
    Object args();

    /** The invocation's promise id (also the task's id). */
    String promiseId();

    /** This attempt's number, from 1 (failed attempts so far + 1). */
    long attempt();

    /** The state the function saved before it last suspended, if any (seed 004's get-state). */
    Optional<byte[]> state();

    /** Saves {@code state} with the next suspend of this invocation (seed 004's set-state). */
    void state(byte[] state);

    /**
     * The value of promise {@code id}: its value's data if it resolved (as JSON when it holds JSON, else the bytes);
     * throws {@link Rejected} if it was rejected, and suspends the invocation while it is pending.
     */
    Object await(String id) throws Rejected;

    /** Starts a child invocation of {@code function} in this invocation's group; answers its promise id. */
    String invoke(String function, Object args);

    /** Sleeps durably: the invocation suspends on a timer promise that resolves after {@code duration}. */
    void sleep(Duration duration);
}
