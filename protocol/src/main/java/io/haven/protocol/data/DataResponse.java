package io.haven.protocol.data;

import java.util.Objects;

/**
 * A successful DATA answer: its kind, status (201 changed state, 200 returned what was, 300 continue) and data.
 * Failures are errors ({@link io.haven.protocol.HavenException}), not responses of this type.
 */
public record DataResponse(DataKind kind, int status, DataResult data) {
    public static final int CREATED = 201;
    public static final int OK = 200;
    public static final int CONTINUE = 300;

    public DataResponse {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(data, "data");
    }

    public static DataResponse of(DataKind kind, int status, DataResult data) {
        return new DataResponse(kind, status, data);
    }
}
