package io.haven.protocol.auth.internal;

import java.util.Base64;

/**
 * Base64url without padding (RFC 4648 section 5), decoded strictly: only the 64 characters of the URL alphabet, no
 * {@code =}, and no unused bits set in the last character. Every byte string then has exactly one text form, so a
 * token cannot be rewritten into another string that means the same thing.
 */
public final class Base64Url {
    private static final Base64.Encoder ENCODER = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DECODER = Base64.getUrlDecoder();

    private Base64Url() {}

    public static String encode(byte[] bytes) {
        return ENCODER.encodeToString(bytes);
    }

    /** The bytes of {@code text}; IllegalArgumentException when it is not canonical unpadded base64url. */
    public static byte[] decode(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean ok =
                    (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
            if (!ok) {
                throw new IllegalArgumentException("character " + i + " is not base64url");
            }
        }
        if (text.length() % 4 == 1) {
            throw new IllegalArgumentException("a base64url text cannot be " + text.length() + " characters long");
        }
        byte[] bytes = DECODER.decode(text);
        // The JDK ignores the unused low bits of the last character; a second spelling of the same bytes is refused.
        if (!ENCODER.encodeToString(bytes).equals(text)) {
            throw new IllegalArgumentException("not the canonical base64url form");
        }
        return bytes;
    }
}
