package io.haven.protocol.auth;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Why a token was refused. A refusal is an {@code ERROR_FORBIDDEN} failure with status 401 whose {@code items} hold
 * {@link #wireName()}, so that clients and logs can tell an expired token from a forged one without parsing the
 * message.
 */
public enum TokenRefusal {
    /** No credentials where the node needs them. */
    MISSING("missing"),
    /** Not a Haven token: wrong prefix, bad base64url, a block that is not the documented map, too long. */
    MALFORMED("malformed"),
    /** The root block names a key id the node does not know: issued by another cluster, or a retired key. */
    UNKNOWN_KEY("unknown-key"),
    /** A signature, or the proof at the end, does not verify: the token was changed or cut short. */
    BAD_SIGNATURE("bad-signature"),
    /** An attenuation block adds a capability or extends the expiry instead of narrowing. */
    NOT_NARROWER("not-narrower"),
    /** The token was issued for another cluster ({@code aud}). */
    WRONG_AUDIENCE("wrong-audience"),
    /** The token's id has been revoked. */
    REVOKED("revoked"),
    /** The token's expiry, or an attenuation's, has passed. */
    EXPIRED("expired"),
    /** Issued further in the future than the allowed clock skew: the issuer's clock is wrong. */
    NOT_YET_VALID("not-yet-valid");

    private static final Map<String, TokenRefusal> BY_NAME = new HashMap<>();

    static {
        for (TokenRefusal r : values()) {
            BY_NAME.put(r.wireName, r);
        }
    }

    private final String wireName;

    TokenRefusal(String wireName) {
        this.wireName = wireName;
    }

    /** The name carried in the error's {@code items}. */
    public String wireName() {
        return wireName;
    }

    public static Optional<TokenRefusal> of(String wireName) {
        return Optional.ofNullable(BY_NAME.get(wireName));
    }
}
