package io.haven.protocol.auth;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import java.util.List;

/**
 * A token that was refused: {@code ERROR_FORBIDDEN}, status 401, {@code items: [reason]}. The message names the
 * token by its {@linkplain Token#fingerprint(String) fingerprint}, never by its text, so it may be logged and sent
 * back as it is.
 */
public final class TokenRefusedException extends HavenException {
    private static final long serialVersionUID = 1L;

    public static final int STATUS = 401;

    private final TokenRefusal reason;
    private final String fingerprint;

    public TokenRefusedException(TokenRefusal reason, String fingerprint, String detail) {
        super(
                new HavenError(
                        ErrorCode.FORBIDDEN,
                        "token " + (fingerprint.isEmpty() ? "(none)" : fingerprint) + " refused: " + detail,
                        List.of(reason.wireName()),
                        ""),
                STATUS);
        this.reason = reason;
        this.fingerprint = fingerprint;
    }

    public TokenRefusal reason() {
        return reason;
    }

    /** The refused token's fingerprint; empty when there was no token. */
    public String fingerprint() {
        return fingerprint;
    }
}
