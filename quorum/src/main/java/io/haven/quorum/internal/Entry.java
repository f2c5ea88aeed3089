package io.haven.quorum.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;

/**
 * What a quorum puts in a Raft message or log entry. Commands are the canonical wire encoding of a {@code query}
 * request (so the log speaks protocol v1), wrapped in a small MessagePack array:
 *
 * <pre>
 * client message (to the leader)      log entry (as the leader stamped it)
 * [1, 0, [cmd bin, ...]]        --->  [1, 0, time, [cmd bin, ...]]     a batch of DATA writes
 * [1, 1, [name, path, ...]]    --->  [1, 1, time, [name, path, ...]]  a tick: expire timeouts and leases
 * [1, 2, cmd bin]                                                      a read (query, never logged)
 * </pre>
 *
 * The leader stamps {@code time} in {@code startTransaction}, so every replica applies the entry with the same
 * clock reading. A tick also carries the quorum's name and served paths (UTF-8), so a member added by another
 * node learns them from the log itself, and may end with the leader's hash chain at an index it applied (a bin of
 * 49 bytes: {@code 0x00}, then index and origin as big-endian u64, then the 32-byte hash; no name or path starts
 * with a 0 byte), which every member compares with its own ({@link #check()}).
 *
 * @param time the leader's stamp in ms since the epoch; 0 in a client message
 */
record Entry(Type type, long time, List<byte[]> commands) {
    private static final int FORMAT = 1;

    enum Type {
        BATCH(0),
        TICK(1),
        READ(2);

        final int code;

        Type(int code) {
            this.code = code;
        }

        static Type of(int code) {
            for (Type t : values()) {
                if (t.code == code) {
                    return t;
                }
            }
            throw new IllegalArgumentException("unknown entry type " + code);
        }
    }

    Entry {
        commands = List.copyOf(commands);
    }

    static Entry batch(List<byte[]> commands) {
        return new Entry(Type.BATCH, 0, commands);
    }

    static Entry tick(String name, List<String> paths) {
        return tick(name, paths, java.util.Optional.empty());
    }

    /** A tick announcing {@code name} and {@code paths}, carrying the leader's {@code check} when there is one. */
    static Entry tick(String name, List<String> paths, java.util.Optional<io.haven.storage.Chain> check) {
        List<byte[]> meta = new ArrayList<>();
        meta.add(name.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        for (String p : paths) {
            meta.add(p.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        check.ifPresent(c -> meta.add(encodeCheck(c)));
        return new Entry(Type.TICK, 0, meta);
    }

    private static final int CHECK_BYTES = 1 + 8 + 8 + io.haven.storage.Chain.HASH_BYTES;

    private static byte[] encodeCheck(io.haven.storage.Chain c) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(CHECK_BYTES);
        b.put((byte) 0).putLong(c.index()).putLong(c.origin()).put(c.hash());
        return b.array();
    }

    private static boolean isCheck(byte[] element) {
        return element.length == CHECK_BYTES && element[0] == 0;
    }

    /** A tick's announced name and paths (without the chain check); empty for other types. */
    List<byte[]> meta() {
        if (type != Type.TICK) {
            return List.of();
        }
        if (!commands.isEmpty() && isCheck(commands.get(commands.size() - 1))) {
            return commands.subList(0, commands.size() - 1);
        }
        return commands;
    }

    /** The leader's hash chain a tick carries, if it carries one. */
    java.util.Optional<io.haven.storage.Chain> check() {
        if (type != Type.TICK || commands.isEmpty() || !isCheck(commands.get(commands.size() - 1))) {
            return java.util.Optional.empty();
        }
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(commands.get(commands.size() - 1));
        b.get();
        long index = b.getLong();
        long origin = b.getLong();
        byte[] hash = new byte[io.haven.storage.Chain.HASH_BYTES];
        b.get(hash);
        return java.util.Optional.of(new io.haven.storage.Chain(index, origin, hash));
    }

    static Entry read(byte[] command) {
        return new Entry(Type.READ, 0, List.of(command));
    }

    /** Encodes as a client message ({@code stamped == false}) or as a log entry. */
    byte[] encode(boolean stamped) {
        int bound = 32;
        for (byte[] c : commands) {
            bound += 5 + c.length;
        }
        // One buffer of the final size: a batch of 256 commands would otherwise fill a dozen 8 KiB chunks.
        try (MessageBufferPacker p =
                new MessagePack.PackerConfig().withBufferSize(bound).newBufferPacker()) {
            int size = 3 + (stamped && type != Type.READ ? 1 : 0);
            p.packArrayHeader(size);
            p.packInt(FORMAT);
            p.packInt(type.code);
            if (stamped && type != Type.READ) {
                p.packLong(time);
            }
            if (type != Type.READ) {
                p.packArrayHeader(commands.size());
                for (byte[] c : commands) {
                    p.packBinaryHeader(c.length);
                    p.writePayload(c);
                }
            } else if (type == Type.READ) {
                byte[] c = commands.get(0);
                p.packBinaryHeader(c.length);
                p.writePayload(c);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Entry decode(byte[] bytes, boolean stamped) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            return decode(u, stamped);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Decodes straight from Ratis' bytes: only each command is copied out, never the whole entry. */
    static Entry decode(ByteString bytes, boolean stamped) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes.newInput())) {
            return decode(u, stamped);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The log entry of a client message (a batch or a tick): the leader's stamp spliced in after the header, the
     * message's commands shared rather than decoded and copied again. The whole message is checked first, so a
     * malformed one is refused here and never reaches the log.
     */
    static ByteString stamp(ByteString message, long time) {
        int body;
        Type type;
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(message.newInput())) {
            int size = u.unpackArrayHeader();
            int format = u.unpackInt();
            if (format != FORMAT || size != 3) {
                throw new IllegalArgumentException("not a client message of format " + FORMAT);
            }
            type = Type.of(u.unpackInt());
            if (type == Type.READ) {
                throw new IllegalArgumentException("a read is never logged");
            }
            body = Math.toIntExact(u.getTotalReadBytes());
            int n = u.unpackArrayHeader();
            for (int i = 0; i < n; i++) {
                if (u.getNextFormat().getValueType() != org.msgpack.value.ValueType.BINARY) {
                    throw new IllegalArgumentException("command " + i + " is not binary");
                }
                u.skipValue();
            }
            if (u.hasNext()) {
                throw new IllegalArgumentException("bytes after the commands");
            }
        } catch (IOException | org.msgpack.core.MessagePackException e) {
            throw new IllegalArgumentException("malformed client message: " + e.getMessage(), e);
        }
        try (MessageBufferPacker p =
                new MessagePack.PackerConfig().withBufferSize(32).newBufferPacker()) {
            p.packArrayHeader(4);
            p.packInt(FORMAT);
            p.packInt(type.code);
            p.packLong(time);
            return ByteString.copyFrom(p.toByteArray()).concat(message.substring(body));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Entry decode(MessageUnpacker u, boolean stamped) throws IOException {
        int size = u.unpackArrayHeader();
        int format = u.unpackInt();
        if (format != FORMAT || size < 2) {
            throw new IllegalArgumentException("unknown entry format " + format);
        }
        Type type = Type.of(u.unpackInt());
        long time = stamped && type != Type.READ ? u.unpackLong() : 0;
        List<byte[]> commands = new ArrayList<>();
        if (type != Type.READ) {
            int n = u.unpackArrayHeader();
            for (int i = 0; i < n; i++) {
                commands.add(u.readPayload(u.unpackBinaryHeader()));
            }
        } else if (type == Type.READ) {
            commands.add(u.readPayload(u.unpackBinaryHeader()));
        }
        return new Entry(type, time, commands);
    }

    /** Encodes the replies of a batch: {@code [reply bin, ...]}, one per command, in order. */
    static byte[] encodeReplies(List<byte[]> replies) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packArrayHeader(replies.size());
            for (byte[] r : replies) {
                p.packBinaryHeader(r.length);
                p.writePayload(r);
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<byte[]> decodeReplies(byte[] bytes) {
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            int n = u.unpackArrayHeader();
            List<byte[]> out = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                out.add(u.readPayload(u.unpackBinaryHeader()));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
