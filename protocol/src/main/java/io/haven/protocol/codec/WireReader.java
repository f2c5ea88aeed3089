package io.haven.protocol.codec;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageFormat;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * Reads one untrusted MessagePack map into plain Java values with bounded allocation.
 *
 * <p>msgpack-java's {@code unpackValue()} sizes arrays from the declared length, so a 5-byte header can ask for
 * gigabytes. This reader instead checks every declared length against the bytes that remain (every element takes
 * at least one byte), limits nesting to {@link #MAX_DEPTH} and the number of values to {@link #MAX_VALUES}, and
 * grows collections only as elements actually arrive.
 *
 * <p>Values: {@link String}, {@link Long}, {@link Boolean}, {@code byte[]}, {@link Double}, {@link #NIL}, {@code
 * List<Object>} and {@code Map<String, Object>} (keys must be strings, no duplicates). Extension types are refused.
 * Instances are used by one thread for one body.
 */
final class WireReader {
    /** The deepest nesting accepted; the message map itself is depth 1. */
    static final int MAX_DEPTH = 32;
    /** The most values (scalars, arrays, maps, keys included) one message may hold. */
    static final int MAX_VALUES = 1 << 18;
    /** The nil value; {@code null} never appears in a decoded tree. */
    static final Object NIL = new Object() {
        @Override
        public String toString() {
            return "nil";
        }
    };

    private static final int INITIAL_CAPACITY_CAP = 16;

    /** Strings up to this many bytes go through {@link #shortString}. */
    static final int SHORT = 32;
    /** Short ASCII strings decoded lately, by a hash of their bytes; shared by all readers. */
    private static final String[] RECENT = new String[1024];

    private final byte[] scratch = new byte[SHORT];
    private final MessageUnpacker in;
    private final long size;
    private int values;

    private WireReader(MessageUnpacker in, long size) {
        this.in = in;
        this.size = size;
    }

    /** Reads {@code body}, which must hold exactly one map and nothing after it. */
    static Map<String, Object> readMessage(byte[] body) {
        if (body.length == 0) {
            throw DecodeException.bad("empty message: expected a MessagePack map");
        }
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(body)) {
            WireReader r = new WireReader(u, body.length);
            if (u.getNextFormat().getValueType() != ValueType.MAP) {
                throw DecodeException.bad("the message is not a MessagePack map");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> map = (Map<String, Object>) r.value(1);
            if (u.hasNext()) {
                throw DecodeException.bad("trailing bytes after the message map");
            }
            return map;
        } catch (MessagePackException | IOException e) {
            throw DecodeException.bad("malformed MessagePack: " + e.getClass().getSimpleName());
        }
    }

    private long remaining() {
        return size - in.getTotalReadBytes();
    }

    private void count(long n) {
        if (values + n > MAX_VALUES) {
            throw DecodeException.tooLarge("the message holds more than " + MAX_VALUES + " values");
        }
        values += (int) n;
    }

    private void checkLength(long declared, long perElement) {
        if (declared < 0 || declared * perElement > remaining()) {
            throw DecodeException.bad("declared length " + declared + " exceeds the bytes left in the message");
        }
    }

    private Object value(int depth) throws IOException {
        count(1);
        MessageFormat format = in.getNextFormat();
        switch (format.getValueType()) {
            case NIL:
                in.unpackNil();
                return NIL;
            case BOOLEAN:
                return in.unpackBoolean();
            case INTEGER:
                // unpackLong throws MessageIntegerOverflowException for uint64 values above 2^63-1.
                return in.unpackLong();
            case FLOAT:
                return in.unpackDouble();
            case STRING:
                return string();
            case BINARY: {
                int n = in.unpackBinaryHeader();
                checkLength(n, 1);
                return in.readPayload(n);
            }
            case ARRAY:
                return array(depth);
            case MAP:
                return map(depth);
            default:
                throw DecodeException.bad("unsupported MessagePack type " + format.getValueType());
        }
    }

    private String string() throws IOException {
        int n = in.unpackRawStringHeader();
        checkLength(n, 1);
        if (n == 0) {
            return "";
        }
        if (n <= SHORT) {
            return shortString(n);
        }
        byte[] b = in.readPayload(n);
        for (byte x : b) {
            if (x < 0) {
                return strictUtf8(b);
            }
        }
        return new String(b, StandardCharsets.US_ASCII);
    }

    /**
     * A short string: read into {@link #scratch}, and when it is ASCII and the same as the string last decoded into
     * its slot of {@link #RECENT}, that String is returned instead of a new one. Map keys ({@code kind}, {@code
     * data}, {@code key}, ...) and many values repeat in every message, so most short strings cost no allocation
     * (profiling the 3-node create benchmark charged a tenth of a node's CPU to decoding them). The slots are
     * written without locks: a String is immutable, so a reader sees either the old or the new one, both whole.
     */
    private String shortString(int n) throws IOException {
        byte[] b = scratch;
        in.readPayload(b, 0, n);
        int h = 0;
        for (int i = 0; i < n; i++) {
            byte x = b[i];
            if (x < 0) {
                return strictUtf8(java.util.Arrays.copyOf(b, n));
            }
            h = 31 * h + x;
        }
        int slot = (h ^ (h >>> 11)) & (RECENT.length - 1);
        String cached = RECENT[slot];
        if (cached != null && sameAscii(cached, b, n)) {
            return cached;
        }
        String s = new String(b, 0, n, StandardCharsets.US_ASCII);
        RECENT[slot] = s;
        return s;
    }

    private static boolean sameAscii(String s, byte[] b, int n) {
        if (s.length() != n) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            if (s.charAt(i) != b[i]) {
                return false;
            }
        }
        return true;
    }

    private static String strictUtf8(byte[] b) {
        try {
            // newDecoder() reports malformed input instead of replacing it, so a bad string cannot
            // silently change on its way through.
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(b))
                    .toString();
        } catch (CharacterCodingException e) {
            throw DecodeException.bad("a string is not valid UTF-8");
        }
    }

    private List<Object> array(int depth) throws IOException {
        checkDepth(depth);
        int n = in.unpackArrayHeader();
        checkLength(n, 1);
        if (n == 0) {
            return List.of();
        }
        List<Object> list = new ArrayList<>(Math.min(n, INITIAL_CAPACITY_CAP));
        for (int i = 0; i < n; i++) {
            list.add(value(depth + 1));
        }
        return list;
    }

    private Map<String, Object> map(int depth) throws IOException {
        checkDepth(depth);
        int n = in.unpackMapHeader();
        checkLength(n, 2);
        if (n == 0) {
            return Map.of();
        }
        Map<String, Object> map = new HashMap<>(Math.min(n, INITIAL_CAPACITY_CAP) * 2);
        for (int i = 0; i < n; i++) {
            if (in.getNextFormat().getValueType() != ValueType.STRING) {
                throw DecodeException.bad("a map key is not a string");
            }
            count(1);
            String key = string();
            if (map.put(key, value(depth + 1)) != null) {
                throw DecodeException.bad("duplicate key " + WireMap.quote(key));
            }
        }
        return map;
    }

    private static void checkDepth(int depth) {
        if (depth > MAX_DEPTH) {
            throw DecodeException.bad("nesting deeper than " + MAX_DEPTH);
        }
    }
}
