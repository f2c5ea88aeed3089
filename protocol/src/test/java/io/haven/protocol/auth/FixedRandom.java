package io.haven.protocol.auth;

import io.haven.protocol.auth.internal.Ed25519;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;

/**
 * A SecureRandom whose bytes are SHA-256(seed || counter), block after block: the same seed always yields the same
 * keys and token ids, which golden vectors need. For tests only.
 */
final class FixedRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;

    private final byte[] seed;
    private long counter;

    FixedRandom(String seed) {
        this.seed = seed.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public synchronized void nextBytes(byte[] bytes) {
        int at = 0;
        while (at < bytes.length) {
            byte[] in = ByteBuffer.allocate(seed.length + 8)
                    .put(seed)
                    .putLong(counter++)
                    .array();
            byte[] block = Ed25519.sha256(in);
            int n = Math.min(block.length, bytes.length - at);
            System.arraycopy(block, 0, bytes, at, n);
            at += n;
        }
    }
}
