package io.haven.daemon.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/** Builds MessagePack bodies by hand, so tests can send what the codec would never produce. */
final class Msgpack {
    private Msgpack() {}

    /** A map from alternating keys and values. */
    static byte[] map(Object... keysAndValues) {
        Map<Object, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            m.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return value(m);
    }

    static byte[] value(Object v) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            write(p, v);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(MessageBufferPacker p, Object v) throws IOException {
        if (v == null) {
            p.packNil();
        } else if (v instanceof String s) {
            p.packString(s);
        } else if (v instanceof Integer i) {
            p.packLong(i);
        } else if (v instanceof Long l) {
            p.packLong(l);
        } else if (v instanceof Double d) {
            p.packDouble(d);
        } else if (v instanceof Boolean b) {
            p.packBoolean(b);
        } else if (v instanceof byte[] b) {
            p.packBinaryHeader(b.length).writePayload(b);
        } else if (v instanceof List<?> list) {
            p.packArrayHeader(list.size());
            for (Object o : list) {
                write(p, o);
            }
        } else if (v instanceof Map<?, ?> map) {
            p.packMapHeader(map.size());
            for (Map.Entry<?, ?> e : map.entrySet()) {
                write(p, e.getKey());
                write(p, e.getValue());
            }
        } else {
            throw new IllegalArgumentException("cannot pack " + v.getClass());
        }
    }
}
