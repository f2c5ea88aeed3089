package io.haven.daemon.processor;

import io.haven.protocol.HavenException;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * How often a failing invocation is tried and how long a processor waits between tries: attempt n (from 1) that
 * fails is followed, while {@code n < maxAttempts}, by attempt n+1 after {@code min(maxMs, initialMs * backoff^(n-1))}
 * ms; after the last, the promise is rejected. Exit codes in {@code nonRetryable} reject at once.
 *
 * <p>From an invocation's {@code retry} object: {@code {"max_attempts": 3, "initial_ms": 1000, "backoff": 2.0,
 * "max_ms": 60000, "non_retryable": [2]}}, each field optional; the defaults are {@link #DEFAULT}.
 */
public record RetryPolicy(int maxAttempts, long initialMs, double backoff, long maxMs, Set<Integer> nonRetryable) {
    /** Three attempts, one second apart then two, at most a minute. */
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, 1_000, 2.0, 60_000, Set.of());

    /** One attempt: a failure rejects at once (on-exit {@code none}). */
    public static final RetryPolicy NONE = new RetryPolicy(1, 0, 1.0, 0, Set.of());

    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 1_000) {
            throw HavenException.invalid("retry.max_attempts must be 1 to 1000", "retry");
        }
        if (initialMs < 0 || maxMs < 0 || backoff < 1.0 || backoff > 100) {
            throw HavenException.invalid(
                    "retry.initial_ms and max_ms must not be negative, backoff must be 1 to 100", "retry");
        }
        nonRetryable = Set.copyOf(nonRetryable);
    }

    /** The policy an invocation's {@code retry} JSON object names (absent fields take the defaults). */
    static RetryPolicy of(Object json) {
        if (json == null) {
            return DEFAULT;
        }
        if (!(json instanceof Map<?, ?> m)) {
            throw HavenException.invalid("retry must be a JSON object", "retry");
        }
        Set<Integer> codes = new java.util.HashSet<>();
        Object nr = m.get("non_retryable");
        if (nr instanceof List<?> l) {
            for (Object o : l) {
                if (o instanceof Number n) {
                    codes.add(n.intValue());
                }
            }
        }
        return new RetryPolicy(
                (int) number(m, "max_attempts", DEFAULT.maxAttempts),
                (long) number(m, "initial_ms", DEFAULT.initialMs),
                number(m, "backoff", DEFAULT.backoff),
                (long) number(m, "max_ms", DEFAULT.maxMs),
                codes);
    }

    private static double number(Map<?, ?> m, String key, double fallback) {
        Object v = m.get(key);
        if (v == null) {
            return fallback;
        }
        if (!(v instanceof Number n)) {
            throw HavenException.invalid("retry." + key + " must be a number", "retry");
        }
        return n.doubleValue();
    }

    /** Whether a failed attempt {@code attempt} (from 1) is followed by another. */
    boolean retries(long attempt, int exitCode) {
        return attempt < maxAttempts && !nonRetryable.contains(exitCode);
    }

    /** The pause after failed attempt {@code attempt} (from 1) before the next. */
    long delayAfter(long attempt) {
        double d = initialMs * Math.pow(backoff, Math.max(0, attempt - 1));
        return (long) Math.min(maxMs, d);
    }
}
