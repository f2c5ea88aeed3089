package io.haven.protocol;

import java.util.Objects;

/**
 * An unchecked failure carrying a Haven error and the status of the response it becomes. Bad input from the
 * wire and refused operations are thrown as this and turned into an error response at one place per server.
 */
public class HavenException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final transient HavenError error;
    private final int status;

    public HavenException(HavenError error, int status) {
        super(error.code().wireName() + ": " + error.message());
        this.error = Objects.requireNonNull(error, "error");
        this.status = status;
    }

    public HavenException(HavenError error) {
        this(error, error.code().defaultStatus());
    }

    public HavenError error() {
        return error;
    }

    public ErrorCode code() {
        return error.code();
    }

    public int status() {
        return status;
    }

    public static HavenException of(ErrorCode code, String message, String... items) {
        return new HavenException(HavenError.of(code, message, items));
    }

    public static HavenException invalid(String message, String... fields) {
        return of(ErrorCode.INVALID, message, fields);
    }

    public static HavenException incomplete(String message, String... fields) {
        return of(ErrorCode.INCOMPLETE, message, fields);
    }

    public static HavenException notFound(String message, String... ids) {
        return new HavenException(HavenError.of(ErrorCode.UNAVAILABLE, message, ids), 404);
    }

    public static HavenException unavailable(String message, String... items) {
        return of(ErrorCode.UNAVAILABLE, message, items);
    }

    public static HavenException limit(String message, String... items) {
        return of(ErrorCode.LIMIT, message, items);
    }

    public static HavenException conflict(String message, String... items) {
        return of(ErrorCode.CONFLICT, message, items);
    }
}
