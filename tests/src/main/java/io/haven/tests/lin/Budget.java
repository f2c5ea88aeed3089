package io.haven.tests.lin;

import java.time.Duration;
import java.util.Objects;

/**
 * How much work one check may do before it answers {@link CheckResult.Verdict#UNKNOWN}: WGL search is exponential in
 * the worst case (many concurrent indeterminate writes), and a checker that hangs is worse than one that says it does
 * not know.
 *
 * @param time wall-clock time for the whole check, all keys together
 * @param steps search steps per key (one step tries or undoes one call); also bounds the memo cache's size
 * @param shrinkTime wall-clock time for shrinking a failing key, on top of {@code time}
 */
public record Budget(Duration time, long steps, Duration shrinkTime) {
    /** A minute, two million steps per key, and twenty seconds of shrinking. */
    public static final Budget DEFAULT = new Budget(Duration.ofMinutes(1), 2_000_000, Duration.ofSeconds(20));

    public Budget {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(shrinkTime, "shrinkTime");
        if (time.isNegative() || shrinkTime.isNegative() || steps <= 0) {
            throw new IllegalArgumentException("budget " + time + ", " + steps + " steps, " + shrinkTime);
        }
    }
}
