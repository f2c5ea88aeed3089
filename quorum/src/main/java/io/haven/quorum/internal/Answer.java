package io.haven.quorum.internal;

import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataResponse;
import java.util.Objects;

/**
 * What one command of a batch entry came to: its response, or the error it failed with. The leader's own entries
 * hand these over as objects; entries that went through a Raft client carry them encoded in the reply.
 */
record Answer(DataResponse response, HavenException error) {
    Answer {
        if ((response == null) == (error == null)) {
            throw new IllegalArgumentException("an answer is a response or an error");
        }
    }

    static Answer of(DataResponse response) {
        return new Answer(Objects.requireNonNull(response, "response"), null);
    }

    static Answer failed(HavenException error) {
        return new Answer(null, Objects.requireNonNull(error, "error"));
    }

    /** The response, or the error thrown. */
    DataResponse get() {
        if (error != null) {
            throw error;
        }
        return response;
    }
}
