package io.haven.protocol.netty;

import io.haven.protocol.HavenException;
import java.util.Objects;

/**
 * The frame stream of a connection cannot go on: a length over the limit or negative, or a frame left incomplete
 * too long. {@link FrameDecoder} passes this downstream in place of a frame body and reads nothing more; the
 * receiver answers {@link #error()} and closes the connection.
 */
public record FrameFault(HavenException error) {
    public FrameFault {
        Objects.requireNonNull(error, "error");
    }
}
