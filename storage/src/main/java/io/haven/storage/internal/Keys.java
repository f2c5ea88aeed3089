package io.haven.storage.internal;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Builds and parses the keys drawn in {@link Cf}. */
public final class Keys {
    public static final byte TIMEOUT_PROMISE = 'p';
    public static final byte TIMEOUT_TASK = 't';
    private static final byte FORWARD = 'f';
    private static final byte REVERSE = 'r';

    private Keys() {}

    public static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    public static String string(byte[] b, int from, int to) {
        return new String(b, from, to - from, StandardCharsets.UTF_8);
    }

    public static byte[] u64(long v) {
        byte[] b = new byte[8];
        for (int i = 0; i < 8; i++) {
            b[i] = (byte) (v >>> (56 - 8 * i));
        }
        return b;
    }

    public static long u64(byte[] b, int at) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[at + i] & 0xff);
        }
        return v;
    }

    /** A time key that sorts like the signed value. */
    public static byte[] time(long t) {
        return u64(t ^ Long.MIN_VALUE);
    }

    public static byte[] timeout(long time, byte type, String id) {
        byte[] idb = utf8(id);
        byte[] k = Arrays.copyOf(time(time), 9 + idb.length);
        k[8] = type;
        System.arraycopy(idb, 0, k, 9, idb.length);
        return k;
    }

    public static long timeoutTime(byte[] k) {
        return u64(k, 0) ^ Long.MIN_VALUE;
    }

    public static byte timeoutType(byte[] k) {
        return k[8];
    }

    public static String timeoutId(byte[] k) {
        return string(k, 9, k.length);
    }

    /** {@code a NUL b}, optionally behind a one-byte tag. */
    static byte[] pair(byte tag, String a, String b) {
        byte[] ab = utf8(a);
        byte[] bb = utf8(b);
        int off = tag == 0 ? 0 : 1;
        byte[] k = new byte[off + ab.length + 1 + bb.length];
        if (off == 1) {
            k[0] = tag;
        }
        System.arraycopy(ab, 0, k, off, ab.length);
        System.arraycopy(bb, 0, k, off + ab.length + 1, bb.length);
        return k;
    }

    /** The first key of every {@link #pair} with this {@code a}. */
    static byte[] pairPrefix(byte tag, String a) {
        byte[] k = pair(tag, a, "");
        return k;
    }

    /** The {@code b} of a {@link #pair} key. */
    static String pairSecond(byte[] k, byte[] prefix) {
        return string(k, prefix.length, k.length);
    }

    public static byte[] forward(String awaited, String awaiter) {
        return pair(FORWARD, awaited, awaiter);
    }

    public static byte[] forwardPrefix(String awaited) {
        return pairPrefix(FORWARD, awaited);
    }

    public static byte[] reverse(String awaiter, String awaited) {
        return pair(REVERSE, awaiter, awaited);
    }

    public static byte[] reversePrefix(String awaiter) {
        return pairPrefix(REVERSE, awaiter);
    }

    public static byte[] pidTask(String pid, String taskId) {
        return pair((byte) 0, pid, taskId);
    }

    public static byte[] pidPrefix(String pid) {
        return pairPrefix((byte) 0, pid);
    }

    /** The smallest key above every key starting with {@code prefix}, or null if there is none. */
    public static byte[] prefixEnd(byte[] prefix) {
        byte[] end = prefix.clone();
        for (int i = end.length - 1; i >= 0; i--) {
            if (end[i] != (byte) 0xff) {
                end[i]++;
                return Arrays.copyOf(end, i + 1);
            }
        }
        return null;
    }

    /** The smallest key after {@code key}. */
    public static byte[] successor(byte[] key) {
        return Arrays.copyOf(key, key.length + 1);
    }
}
