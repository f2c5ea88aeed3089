package io.haven.protocol.auth;

import java.util.Objects;

/**
 * One attenuation block: the capabilities the token is narrowed to, and optionally an earlier expiry.
 *
 * @param capabilities every one of them must be implied by the capabilities of the block before
 * @param expiresAt ms since the epoch, no later than the expiry before; 0 keeps the expiry before
 */
public record Attenuation(Capabilities capabilities, long expiresAt) {
    public Attenuation {
        Objects.requireNonNull(capabilities, "capabilities");
        if (expiresAt < 0) {
            throw new IllegalArgumentException("expiresAt is ms since the epoch, or 0");
        }
    }
}
