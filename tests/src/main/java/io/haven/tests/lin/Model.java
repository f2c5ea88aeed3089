package io.haven.tests.lin;

import java.util.Optional;

/**
 * A sequential specification of one object (one kv key, one promise, one task). States are immutable values with
 * {@code equals} and {@code hashCode}: the checker memoizes (set of calls linearized, state) pairs.
 *
 * <p>Inputs and outputs are the model's own small records; a model given an input it does not know throws {@link
 * IllegalArgumentException}.
 *
 * @param <S> the state type
 */
public interface Model<S> {
    /** A short name for reports, e.g. {@code "kv"}. */
    String name();

    /** The state of an object nobody has touched yet. */
    S initial();

    /** Whether {@code input} is a call on this model's kind of object. */
    boolean accepts(Object input);

    /**
     * The state after {@code input} was applied to {@code state} and answered {@code output}, or empty when that
     * answer is impossible from that state.
     */
    Optional<S> step(S state, Object input, Object output);

    /**
     * The state after {@code input} was applied to {@code state} when nobody saw the answer (an {@link Outcome#INFO}
     * call that the checker decided did take effect). Never impossible: whatever happened, the call could have.
     */
    S effect(S state, Object input);

    /**
     * Whether a call that answered {@code output} ({@link Unknown} if unseen) leaves every state as it was, such as a
     * read or a compare-and-set that answered conflict. Removing such a call from a history that is linearizable keeps
     * it linearizable, which is what makes removing it a sound way to shrink a failing history.
     */
    boolean readOnly(Object input, Object output);
}
