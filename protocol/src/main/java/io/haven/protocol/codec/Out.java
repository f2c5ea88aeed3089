package io.haven.protocol.codec;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;

/**
 * The canonical writer: strings always as str with the smallest header, bytes as bin, integers in their smallest
 * form, string maps sorted by key. It writes to memory, so msgpack-java's IOException cannot happen; it is
 * rethrown unchecked should it ever. Used by one thread for one message.
 */
final class Out {
    /**
     * The default packer starts with an 8 KiB buffer, several times a typical message; a small first buffer (grown
     * in chunks as needed) more than doubles encoding throughput.
     */
    private static final MessagePack.PackerConfig CONFIG = new MessagePack.PackerConfig().withBufferSize(512);

    private final MessageBufferPacker packer = CONFIG.newBufferPacker();

    /** 1 when an optional field is written, 0 when it is omitted: map headers add these up. */
    static int opt(boolean present) {
        return present ? 1 : 0;
    }

    Out map(int entries) {
        try {
            packer.packMapHeader(entries);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Out array(int size) {
        try {
            packer.packArrayHeader(size);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Out str(String s) {
        // packString may pick a wider header than needed for long strings; header and payload
        // written separately always get the smallest header, which golden vectors rely on.
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        try {
            packer.packRawStringHeader(b.length);
            packer.writePayload(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Out num(long n) {
        try {
            packer.packLong(n);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Out bool(boolean b) {
        try {
            packer.packBoolean(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Out bin(byte[] b) {
        try {
            packer.packBinaryHeader(b.length);
            packer.writePayload(b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    Out strs(List<String> list) {
        array(list.size());
        for (String s : list) {
            str(s);
        }
        return this;
    }

    /** A string map, keys in ascending {@link String#compareTo} order. */
    Out strMap(Map<String, String> map) {
        map(map.size());
        entries(map);
        return this;
    }

    /** The entries of a string map, sorted, without a header (for maps whose fields are inlined). */
    Out entries(Map<String, String> map) {
        for (Map.Entry<String, String> e : new TreeMap<>(map).entrySet()) {
            str(e.getKey()).str(e.getValue());
        }
        return this;
    }

    byte[] bytes() {
        return packer.toByteArray();
    }
}
