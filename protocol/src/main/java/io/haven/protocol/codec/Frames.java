package io.haven.protocol.codec;

import io.haven.protocol.HavenException;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * The frame layout of protocol v1: a 4-byte big-endian unsigned length N, then N bytes holding one MessagePack map.
 *
 * <pre>
 * +--------+--------+--------+--------+------------------ ... -+
 * |        length N (big-endian)      |  N bytes: one msgpack map |
 * +--------+--------+--------+--------+------------------ ... -+
 * </pre>
 *
 * Helpers here are for blocking streams (tests, simple tools); the server frames with Netty.
 */
public final class Frames {
    /** The default largest body a node accepts: 4 MiB. */
    public static final int DEFAULT_MAX_FRAME = 4 * 1024 * 1024;
    /** Bytes of the length prefix. */
    public static final int HEADER_BYTES = 4;

    private Frames() {}

    /** The body with its length prefix. */
    public static byte[] frame(byte[] body) {
        byte[] f = new byte[HEADER_BYTES + body.length];
        int n = body.length;
        f[0] = (byte) (n >>> 24);
        f[1] = (byte) (n >>> 16);
        f[2] = (byte) (n >>> 8);
        f[3] = (byte) n;
        System.arraycopy(body, 0, f, HEADER_BYTES, n);
        return f;
    }

    /** Writes one framed body and flushes. */
    public static void write(OutputStream out, byte[] body) throws IOException {
        out.write(frame(body));
        out.flush();
    }

    /**
     * Reads one frame's body. The length is checked before anything is allocated: above {@code maxFrame} it throws
     * LIMIT (the connection should then be closed, since the stream can no longer be trusted).
     *
     * @throws EOFException when the stream ends, also in the middle of a frame
     */
    public static byte[] read(InputStream in, int maxFrame) throws IOException {
        DataInputStream data = new DataInputStream(in);
        long n = Integer.toUnsignedLong(data.readInt());
        if (n > maxFrame) {
            throw HavenException.limit("frame of " + n + " bytes exceeds the limit of " + maxFrame + " bytes");
        }
        byte[] body = new byte[(int) n];
        data.readFully(body);
        return body;
    }
}
