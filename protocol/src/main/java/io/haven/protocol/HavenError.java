package io.haven.protocol;

import java.util.List;
import java.util.Objects;

/**
 * The error object of a failed response: {@code {code, name, message, items, location?}}.
 *
 * @param code what went wrong
 * @param message a sentence for people
 * @param items the ids or field names the error is about; may be empty
 * @param location for {@link ErrorCode#NOT_MINE}: the {@code host:port} to go to; empty otherwise
 */
public record HavenError(ErrorCode code, String message, List<String> items, String location) {
    public HavenError {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(message, "message");
        items = List.copyOf(items);
        Objects.requireNonNull(location, "location");
    }

    public static HavenError of(ErrorCode code, String message, String... items) {
        return new HavenError(code, message, List.of(items), "");
    }

    public static HavenError notMine(String message, String location, String... items) {
        return new HavenError(ErrorCode.NOT_MINE, message, List.of(items), location);
    }
}
