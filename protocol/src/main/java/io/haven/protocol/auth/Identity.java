package io.haven.protocol.auth;

import java.util.Objects;

/**
 * Who a session is, once its token verified: what every request of the session is checked against.
 *
 * @param subject the token's {@code sub}
 * @param tokenId the root block's {@code jti}; empty for an identity that came from no token
 * @param keyId the cluster key that signed it; empty for an identity that came from no token
 * @param capabilities what the token allows after its attenuations
 * @param expiresAt ms since the epoch at which the token stops being valid, the earliest of its blocks
 * @param fingerprint the token's {@linkplain Token#fingerprint(String) fingerprint}, for logs
 */
public record Identity(
        String subject, String tokenId, String keyId, Capabilities capabilities, long expiresAt, String fingerprint) {
    public Identity {
        Objects.requireNonNull(subject, "subject");
        Objects.requireNonNull(tokenId, "tokenId");
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(capabilities, "capabilities");
        Objects.requireNonNull(fingerprint, "fingerprint");
    }

    /** An identity that came from no token, holding {@code capabilities} for ever (tests, in-process callers). */
    public static Identity of(String subject, Capabilities capabilities) {
        return new Identity(subject, "", "", capabilities, Long.MAX_VALUE, "");
    }

    /** What the {@code none} scheme gives every session: every capability. */
    public static Identity unrestricted() {
        return of("anonymous", Capabilities.ALL);
    }
}
