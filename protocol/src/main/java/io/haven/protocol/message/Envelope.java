package io.haven.protocol.message;

import java.util.Objects;

/**
 * The fields every request may carry besides its action's own.
 *
 * @param reqId {@code _reqid}: echoed by the response; {@link #NO_REQID} when absent. 0 to 2^63-1.
 * @param auth the token of {@code auth} ({@code {scheme: "token", token}} on the wire), empty when absent or when
 *     the scheme is {@code none}
 * @param deadlineMs {@code deadline}: ms the client will wait, counted from when the node reads the request; 0 =
 *     none
 */
public record Envelope(long reqId, String auth, long deadlineMs) {
    public static final long NO_REQID = -1;
    public static final Envelope NONE = new Envelope(NO_REQID, "", 0);

    public Envelope {
        Objects.requireNonNull(auth, "auth");
        if (reqId < NO_REQID) {
            throw new IllegalArgumentException("reqId " + reqId);
        }
        if (deadlineMs < 0) {
            throw new IllegalArgumentException("deadlineMs " + deadlineMs);
        }
    }

    public static Envelope of(long reqId) {
        return new Envelope(reqId, "", 0);
    }

    public boolean hasReqId() {
        return reqId != NO_REQID;
    }

    public Envelope withReqId(long id) {
        return new Envelope(id, auth, deadlineMs);
    }

    public Envelope withAuth(String token) {
        return new Envelope(reqId, token, deadlineMs);
    }

    public Envelope withDeadline(long ms) {
        return new Envelope(reqId, auth, ms);
    }

    /** Leaves the token out: it is a credential, and requests end up in logs. */
    @Override
    public String toString() {
        return "Envelope[reqId=" + reqId + ", auth=" + (auth.isEmpty() ? "none" : "(a token)") + ", deadlineMs="
                + deadlineMs + "]";
    }
}
