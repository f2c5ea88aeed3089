package io.haven.tests.lin;

import java.util.Objects;
import java.util.Optional;

/**
 * One kv key as Haven serves it (protocol-docs/data.md, "Key/value"): a value and a version that counts the writes
 * since the key was last created (1 after the first put), so that a put or delete naming a version is a
 * compare-and-set on the version, not on the value. Values are strings here (the workload writes unique ones); the
 * quorum-wide {@code rev} is not modelled, since it ties keys together and the checker takes keys one at a time.
 *
 * <pre>
 * input                     state                   output
 * Read()         kv.get     absent                  Missing()          404
 * Read()                    value v, version n      Found(v, n)        200
 * Write(v)       kv.put     any, version n (0 if    Written(n + 1)     201
 *                no version   absent)
 * Cas(e, v)      kv.put     e == n (0 = absent)     Written(n + 1)     201
 *                version e  otherwise               Conflict()         409, nothing written
 * Delete()       kv.delete  present                 Deleted(true)      201, absent again
 *                           absent                  Deleted(false)     200
 * CasDelete(e)   kv.delete  present, e == n         Deleted(true)      201
 *                version e  absent, e == 0          Deleted(false)     200
 *                           otherwise               Conflict()         409
 * </pre>
 */
public final class KvModel implements Model<KvModel.State> {
    /** The key's value and version; absent is version 0 with no value. */
    public record State(boolean present, String value, long version) {
        public static final State ABSENT = new State(false, "", 0);

        public State {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public String toString() {
            return present ? "'" + value + "' v" + version : "absent";
        }
    }

    /** A call on a kv key. */
    public sealed interface Input permits Read, Write, Cas, Delete, CasDelete {}

    /** kv.get. */
    public record Read() implements Input {}

    /** kv.put without a version. */
    public record Write(String value) implements Input {
        public Write {
            Objects.requireNonNull(value, "value");
        }
    }

    /** kv.put with {@code version: expected} (0: the key must be absent). */
    public record Cas(long expected, String value) implements Input {
        public Cas {
            Objects.requireNonNull(value, "value");
            if (expected < 0) {
                throw new IllegalArgumentException("expected version " + expected);
            }
        }
    }

    /** kv.delete without a version. */
    public record Delete() implements Input {}

    /** kv.delete with {@code version: expected}. */
    public record CasDelete(long expected) implements Input {
        public CasDelete {
            if (expected < 0) {
                throw new IllegalArgumentException("expected version " + expected);
            }
        }
    }

    /** An answer about a kv key. */
    public sealed interface Output permits Found, Missing, Written, Conflict, Deleted {}

    /** kv.get answered 200 with this value and version. */
    public record Found(String value, long version) implements Output {
        public Found {
            Objects.requireNonNull(value, "value");
        }
    }

    /** kv.get answered 404. */
    public record Missing() implements Output {}

    /** kv.put answered 201; {@code version} is the key's version after it. */
    public record Written(long version) implements Output {}

    /** A put or delete naming a version answered 409 CONFLICT. */
    public record Conflict() implements Output {}

    /** kv.delete answered; {@code deleted} false when the key was already absent. */
    public record Deleted(boolean deleted) implements Output {}

    @Override
    public String name() {
        return "kv";
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
        return Optional.of(next).filter(n -> answer(s, input).equals(output));
    }

    /** What Haven answers to {@code input} on a key in state {@code s}. */
    private static Output answer(State s, Object input) {
        if (input instanceof Read) {
            return s.present() ? new Found(s.value(), s.version()) : new Missing();
        } else if (input instanceof Write) {
            return new Written(s.version() + 1);
        } else if (input instanceof Cas c) {
            return matches(s, c.expected()) ? new Written(s.version() + 1) : new Conflict();
        } else if (input instanceof Delete) {
            return new Deleted(s.present());
        } else if (input instanceof CasDelete d) {
            return matches(s, d.expected()) ? new Deleted(s.present()) : new Conflict();
        }
        throw new IllegalArgumentException("not a kv call: " + input);
    }

    private static boolean matches(State s, long expected) {
        return s.version() == expected;
    }

    @Override
    public State effect(State s, Object input) {
        if (input instanceof Read) {
            return s;
        } else if (input instanceof Write w) {
            return new State(true, w.value(), s.version() + 1);
        } else if (input instanceof Cas c) {
            return matches(s, c.expected()) ? new State(true, c.value(), s.version() + 1) : s;
        } else if (input instanceof Delete) {
            return State.ABSENT;
        } else if (input instanceof CasDelete d) {
            return matches(s, d.expected()) ? State.ABSENT : s;
        }
        throw new IllegalArgumentException("not a kv call: " + input);
    }

    @Override
    public boolean readOnly(Object input, Object output) {
        return input instanceof Read
                || output instanceof Conflict
                || output instanceof Missing
                || (output instanceof Deleted d && !d.deleted());
    }
}
