package io.haven.tests.lin;

import io.haven.protocol.data.PromiseState;
import java.util.Objects;
import java.util.Optional;

/**
 * One promise id as Haven serves it (DESIGN section 4, protocol-docs/data.md "Promises"), with the status codes it
 * answers, so that the checker checks those too. Param and value are strings here (the workload writes unique ones).
 * Timeouts are not modelled: the workload must create promises whose timeout lies beyond the end of the run, and a
 * promise seen REJECTED_TIMEDOUT is then an anomaly.
 *
 * <pre>
 * input              state                output
 * Create(p)          absent               Seen(201, PENDING, p, "")
 *                    present              Seen(200, stored state, stored param, stored value)
 * Settle(st, v)      absent               NotFound()                        404
 *                    PENDING              Seen(201, st, param, v)
 *                    settled              Seen(200, stored ...)             the value is not overwritten
 * Get()              absent               NotFound()                        404
 *                    present              Seen(200, stored ...)
 * </pre>
 */
public final class PromiseModel implements Model<PromiseModel.State> {
    /** A promise, or its absence. */
    public record State(boolean present, PromiseState state, String param, String value) {
        public static final State ABSENT = new State(false, PromiseState.PENDING, "", "");

        public State {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return present ? state + " param '" + param + "' value '" + value + "'" : "absent";
        }
    }

    /** A call on a promise id. */
    public sealed interface Input permits Create, Settle, Get {}

    /** promise.create with this param (and a timeout beyond the run). */
    public record Create(String param) implements Input {
        public Create {
            Objects.requireNonNull(param, "param");
        }
    }

    /** promise.settle to {@code state} (RESOLVED, REJECTED or REJECTED_CANCELED) with this value. */
    public record Settle(PromiseState state, String value) implements Input {
        public Settle {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(value, "value");
            if (state == PromiseState.PENDING || state == PromiseState.REJECTED_TIMEDOUT) {
                throw new IllegalArgumentException("clients cannot settle to " + state);
            }
        }
    }

    /** promise.get. */
    public record Get() implements Input {}

    /** An answer about a promise id. */
    public sealed interface Output permits Seen, NotFound {}

    /** The promise in the answer, with the answer's status (200 or 201). */
    public record Seen(int status, PromiseState state, String param, String value) implements Output {
        public Seen {
            Objects.requireNonNull(state, "state");
            Objects.requireNonNull(param, "param");
            Objects.requireNonNull(value, "value");
        }
    }

    /** 404: no such promise. */
    public record NotFound() implements Output {}

    @Override
    public String name() {
        return "promise";
    }

    @Override
    public State initial() {
        return State.ABSENT;
    }

    @Override
    public boolean accepts(Object input) {
        return input instanceof Input;
    }

    @Override
    public Optional<State> step(State s, Object input, Object output) {
        State next = effect(s, input);
        return Optional.of(next).filter(n -> answer(s, n, input).equals(output));
    }

    private static Output answer(State before, State after, Object input) {
        if (!after.present()) {
            return new NotFound();
        }
        int status = after.equals(before) ? 200 : 201;
        if (input instanceof Get) {
            status = 200;
        }
        return new Seen(status, after.state(), after.param(), after.value());
    }

    @Override
    public State effect(State s, Object input) {
        if (input instanceof Create c) {
            return s.present() ? s : new State(true, PromiseState.PENDING, c.param(), "");
        } else if (input instanceof Settle st) {
            return s.present() && s.state() == PromiseState.PENDING
                    ? new State(true, st.state(), s.param(), st.value())
                    : s;
        } else if (input instanceof Get) {
            return s;
        }
        throw new IllegalArgumentException("not a promise call: " + input);
    }

    @Override
    public boolean readOnly(Object input, Object output) {
        return input instanceof Get
                || output instanceof NotFound
                || (output instanceof Seen seen && seen.status() == 200);
    }
}
