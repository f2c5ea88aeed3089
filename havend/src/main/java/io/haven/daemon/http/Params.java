package io.haven.daemon.http;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * The query parameters of one request, checked: a parameter the path does not take, one given twice, one too long
 * or one that does not parse is a {@link BadRequest} naming it.
 */
final class Params {
    /** The longest value a parameter may have; prefixes and ids are paths, and paths are short. */
    static final int MAX_VALUE = 1024;

    private final Map<String, List<String>> values;

    private Params(Map<String, List<String>> values) {
        this.values = values;
    }

    /** The parameters of {@code values}, of which only {@code allowed} may appear, each at most once. */
    static Params of(Map<String, List<String>> values, Set<String> allowed) {
        for (Map.Entry<String, List<String>> e : values.entrySet()) {
            if (!allowed.contains(e.getKey())) {
                throw new BadRequest("unknown parameter '" + e.getKey() + "'; this path takes "
                        + (allowed.isEmpty()
                                ? "none"
                                : String.join(", ", allowed.stream().sorted().toList())));
            }
            if (e.getValue().size() > 1) {
                throw new BadRequest("parameter '" + e.getKey() + "' is given "
                        + e.getValue().size() + " times");
            }
            if (e.getValue().get(0).length() > MAX_VALUE) {
                throw new BadRequest("parameter '" + e.getKey() + "' is longer than " + MAX_VALUE + " characters");
            }
        }
        return new Params(values);
    }

    Optional<String> optional(String name) {
        List<String> v = values.get(name);
        return v == null ? Optional.empty() : Optional.of(v.get(0));
    }

    String string(String name, String fallback) {
        return optional(name).orElse(fallback);
    }

    String required(String name) {
        return optional(name)
                .filter(s -> !s.isEmpty())
                .orElseThrow(() -> new BadRequest("parameter '" + name + "' is required"));
    }

    /** An integer in {@code [min, max]}, or {@code fallback} when absent. */
    long integer(String name, long fallback, long min, long max) {
        Optional<String> text = optional(name);
        if (text.isEmpty()) {
            return fallback;
        }
        long value;
        try {
            value = Long.parseLong(text.get());
        } catch (NumberFormatException e) {
            throw new BadRequest("parameter '" + name + "' must be an integer, not '" + text.get() + "'");
        }
        if (value < min || value > max) {
            throw new BadRequest("parameter '" + name + "' must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }

    /** One of a fixed set of names, parsed by {@code parse} (empty for a name it does not know). */
    <T> Optional<T> choice(String name, Function<String, Optional<T>> parse, List<String> names) {
        Optional<String> text = optional(name).filter(s -> !s.isEmpty());
        if (text.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(parse.apply(text.get())
                .orElseThrow(() -> new BadRequest("parameter '" + name + "' must be one of " + String.join(", ", names)
                        + ", not '" + text.get() + "'")));
    }
}
