package io.haven.tests.lin;

import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * What a {@link Checker} found.
 *
 * @param verdict NOT_LINEARIZABLE if any key failed, else UNKNOWN if any key ran out of budget, else LINEARIZABLE
 * @param keys how many keys (objects) were checked
 * @param failedKeys the keys found not linearizable, in key order
 * @param unknownKeys the keys whose check ran out of budget, in key order
 * @param failure the smallest failing history found, for one of the failed keys
 */
public record CheckResult(
        Verdict verdict, int keys, List<String> failedKeys, List<String> unknownKeys, Optional<Failure> failure) {
    public enum Verdict {
        LINEARIZABLE,
        NOT_LINEARIZABLE,
        UNKNOWN
    }

    public CheckResult {
        Objects.requireNonNull(verdict, "verdict");
        failedKeys = List.copyOf(failedKeys);
        unknownKeys = List.copyOf(unknownKeys);
        Objects.requireNonNull(failure, "failure");
    }

    public boolean linearizable() {
        return verdict == Verdict.LINEARIZABLE;
    }

    /** A few lines for a test failure or a run's log: the verdict, and the failing history if there is one. */
    public String report() {
        StringBuilder b = new StringBuilder();
        b.append(verdict).append(" (").append(keys).append(" keys");
        if (!failedKeys.isEmpty()) {
            b.append(", not linearizable: ").append(abbreviated(failedKeys));
        }
        if (!unknownKeys.isEmpty()) {
            b.append(", out of budget: ").append(abbreviated(unknownKeys));
        }
        b.append(')');
        failure.ifPresent(f -> b.append('\n').append(f.render()));
        return b.toString();
    }

    private static String abbreviated(List<String> keys) {
        return keys.size() <= 10 ? keys.toString() : keys.subList(0, 10) + " and " + (keys.size() - 10) + " more";
    }

    /**
     * A failing history of one key, shrunk: no call of it can be removed (and no earlier cut taken) while it still
     * fails, among the removals that keep a failure a real one (see {@link Shrinker}).
     *
     * @param key the key (kv key, promise or task id)
     * @param model the model's name
     * @param initialState the state the shrunk history starts from, as text: the model's initial state, or the one
     *     state every linearization of a dropped quiescent prefix ends in
     * @param history the shrunk history, in invocation order
     * @param originalSize how many calls the key had before shrinking (FAIL calls excluded)
     */
    public record Failure(String key, String model, String initialState, List<Op> history, int originalSize) {
        public Failure {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(initialState, "initialState");
            history = List.copyOf(history);
        }

        /** One call a line, times in ms after the first invocation. */
        public String render() {
            return "key '" + key + "' (" + model + ") is not linearizable; " + history.size() + " of its "
                    + originalSize + " calls still fail, starting from " + initialState + ":\n"
                    + HistoryText.render(history);
        }
    }
}
