package io.haven.protocol.auth;

import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Issues root tokens with the cluster key: {@code havenctl token issue} and node provisioning. Thread-safe when
 * its {@link SecureRandom} is (the JDK's are).
 */
public final class TokenIssuer {
    private final KeyPair clusterKey;
    private final String keyId;
    private final SecureRandom random;

    /** {@code random} draws token ids and the key of each token's first attenuation. */
    public TokenIssuer(KeyPair clusterKey, SecureRandom random) {
        this.clusterKey = Objects.requireNonNull(clusterKey, "clusterKey");
        this.keyId = ClusterKeys.keyId(clusterKey.getPublic());
        this.random = Objects.requireNonNull(random, "random");
    }

    /** The id of the key this issuer signs with: every token it issues names it in {@code kid}. */
    public String keyId() {
        return keyId;
    }

    /** A token for {@code subject} on cluster {@code audience}, valid from {@code now} for {@code ttl}, with a fresh id. */
    public Token issue(String audience, String subject, Capabilities capabilities, Instant now, Duration ttl) {
        if (ttl.isNegative() || ttl.isZero()) {
            throw new IllegalArgumentException("a token's ttl must be positive: " + ttl);
        }
        long iat = now.toEpochMilli();
        return issue(new TokenClaims(
                keyId, audience, subject, newTokenId(), iat, Math.addExact(iat, ttl.toMillis()), capabilities));
    }

    /** A token with exactly these claims; their key id must be this issuer's. */
    public Token issue(TokenClaims claims) {
        if (!claims.keyId().equals(keyId)) {
            throw new IllegalArgumentException(
                    "claims name key " + claims.keyId() + " but this issuer signs with " + keyId);
        }
        return Token.issue(clusterKey, claims, random);
    }

    /** A random 128-bit token id, as 32 hex digits. */
    public String newTokenId() {
        byte[] id = new byte[16];
        random.nextBytes(id);
        return HexFormat.of().formatHex(id);
    }
}
