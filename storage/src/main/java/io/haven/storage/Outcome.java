package io.haven.storage;

import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataResponse;
import java.util.Objects;

/** What one command of a batch came to. A failed command changed nothing. */
public sealed interface Outcome {

    /** The command succeeded with this response (status 201, 200 or 300). */
    record Success(DataResponse response) implements Outcome {
        public Success {
            Objects.requireNonNull(response, "response");
        }
    }

    /** The command was refused; {@code status} is the response status (404, 409, 400, 413, ...). */
    record Failure(HavenError error, int status) implements Outcome {
        public Failure {
            Objects.requireNonNull(error, "error");
        }

        public static Failure of(HavenException e) {
            return new Failure(e.error(), e.status());
        }

        public HavenException toException() {
            return new HavenException(error, status);
        }
    }

    /**
     * A {@link Command.Tick} was applied.
     *
     * @param expired how many due items it handled
     * @param more whether due items are left for another tick (the sweep limit was reached)
     */
    record Ticked(int expired, boolean more) implements Outcome {}
}
