package io.haven.protocol.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** Hand-built MessagePack bodies for tests that need bytes the codec would never write. */
final class Raw {
    private final MessageBufferPacker p = MessagePack.newDefaultBufferPacker();

    interface Step {
        void run(MessageBufferPacker p) throws IOException;
    }

    static byte[] of(Step step) {
        Raw r = new Raw();
        try {
            step.run(r.p);
            return r.p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] c = new byte[a.length + b.length];
        System.arraycopy(a, 0, c, 0, a.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    static byte[] hex(String hex) {
        String h = hex.replaceAll("\\s+", "");
        byte[] out = new byte[h.length() / 2];
        for (int i = 0; i < out.length; i++) {
            out[i] = (byte) Integer.parseInt(h.substring(2 * i, 2 * i + 2), 16);
        }
        return out;
    }
}
