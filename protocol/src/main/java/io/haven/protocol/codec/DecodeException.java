package io.haven.protocol.codec;

import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.message.Envelope;
import java.util.Optional;

/**
 * A message body that is not a well-formed protocol v1 message. Besides the error it carries the {@code _reqid}
 * and the action of the message when they could be read, so that a server can answer the error echoing them.
 */
public final class DecodeException extends HavenException {
    private static final long serialVersionUID = 1L;

    private final long reqId;
    /** Null when the action could not be read; exposed as an Optional. */
    private final transient Action action;

    public DecodeException(HavenError error, long reqId, Optional<Action> action) {
        super(error);
        this.reqId = reqId;
        this.action = action.orElse(null);
    }

    /** The {@code _reqid} of the bad message, or {@link Envelope#NO_REQID} when it had none or it was unreadable. */
    public long reqId() {
        return reqId;
    }

    /** The action of the bad message, when it named a known one. */
    public Optional<Action> action() {
        return Optional.ofNullable(action);
    }

    static DecodeException bad(String message, String... fields) {
        return new DecodeException(
                HavenError.of(ErrorCode.INVALID, message, fields), Envelope.NO_REQID, Optional.empty());
    }

    static DecodeException missing(String message, String... fields) {
        return new DecodeException(
                HavenError.of(ErrorCode.INCOMPLETE, message, fields), Envelope.NO_REQID, Optional.empty());
    }

    static DecodeException tooLarge(String message) {
        return new DecodeException(HavenError.of(ErrorCode.LIMIT, message), Envelope.NO_REQID, Optional.empty());
    }

    /** The same error, now naming the message's {@code _reqid} and action. */
    DecodeException withContext(long id, Optional<Action> act) {
        DecodeException e = new DecodeException(error(), id, act);
        e.setStackTrace(getStackTrace());
        return e;
    }
}
