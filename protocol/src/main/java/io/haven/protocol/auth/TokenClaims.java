package io.haven.protocol.auth;

import java.util.Objects;

/**
 * What the cluster key signs in a token's root block.
 *
 * @param keyId {@code kid}: the id of the cluster key that signed it ({@link ClusterKeys#keyId})
 * @param audience {@code aud}: the cluster the token is for
 * @param subject {@code sub}: who holds it, for logs (a user, a service, {@code node:<uuid>} for a member)
 * @param tokenId {@code jti}: the token's id, which revocation names; attenuated tokens keep their root's
 * @param issuedAt {@code iat}: ms since the epoch
 * @param expiresAt {@code exp}: ms since the epoch; the token is refused from this instant on
 * @param capabilities {@code caps}
 */
public record TokenClaims(
        String keyId,
        String audience,
        String subject,
        String tokenId,
        long issuedAt,
        long expiresAt,
        Capabilities capabilities) {
    public TokenClaims {
        requireText(keyId, "keyId");
        requireText(audience, "audience");
        requireText(subject, "subject");
        requireText(tokenId, "tokenId");
        if (issuedAt < 0 || expiresAt < 0) {
            throw new IllegalArgumentException("times are ms since the epoch, not negative");
        }
        Objects.requireNonNull(capabilities, "capabilities");
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isEmpty()) {
            throw new IllegalArgumentException(name + " must not be empty");
        }
    }
}
