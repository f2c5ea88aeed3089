package io.haven.tests.lin;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** How a call ended, as far as its client knows. */
public enum Outcome {
    /** The call was answered; its output is what the server said (a conflict or a 404 is an answer too). */
    OK("ok"),
    /** The call certainly had no effect (refused before it was sent, or answered with an error that applies nothing). */
    FAIL("fail"),
    /**
     * Nobody knows: a timeout, a lost connection, UNAVAILABLE after the request left. The call may have taken effect
     * at any time after its invocation, even after the run ended, so it completes at +infinity.
     */
    INFO("info");

    private static final Map<String, Outcome> BY_WIRE_NAME =
            Stream.of(values()).collect(Collectors.toUnmodifiableMap(Outcome::wireName, Function.identity()));

    private final String wireName;

    Outcome(String wireName) {
        this.wireName = wireName;
    }

    /** The name used in history files. */
    public String wireName() {
        return wireName;
    }

    public static Optional<Outcome> of(String wireName) {
        return Optional.ofNullable(BY_WIRE_NAME.get(wireName));
    }
}
