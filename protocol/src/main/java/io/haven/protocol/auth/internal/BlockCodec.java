package io.haven.protocol.auth.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessagePackException;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.ValueType;

/**
 * The MessagePack payload of a token block (protocol-docs/auth.md, "Blocks"), written canonically and read
 * strictly. The root block is {@code {kid, aud, sub, jti, iat, exp, caps, next}}; an attenuation block is {@code
 * {caps, exp?, next}}. Reading refuses what a lenient reader would let through, because a verifier that skips a
 * field it does not know might skip a restriction: unknown or repeated keys, nil, wrong types, negative integers,
 * malformed UTF-8, a {@code next} that is not 32 bytes, trailing bytes.
 */
public final class BlockCodec {
    /** More capabilities than this in one block is not a token anyone meant to write. */
    public static final int MAX_CAPS = 256;

    private static final MessagePack.UnpackerConfig STRICT = new MessagePack.UnpackerConfig()
            .withActionOnMalformedString(CodingErrorAction.REPORT)
            .withActionOnUnmappableString(CodingErrorAction.REPORT);

    private static final List<String> ROOT_KEYS = List.of("kid", "aud", "sub", "jti", "iat", "exp", "caps", "next");
    private static final List<String> ATTENUATION_KEYS = List.of("caps", "exp", "next");

    private BlockCodec() {}

    /**
     * A block's fields. For an attenuation block {@code kid}, {@code aud}, {@code sub} and {@code jti} are empty,
     * {@code iat} is 0 and {@code exp} is 0 when the block keeps the expiry before it.
     */
    public record Fields(
            boolean root,
            String kid,
            String aud,
            String sub,
            String jti,
            long iat,
            long exp,
            List<String> caps,
            byte[] next) {
        public Fields {
            Objects.requireNonNull(kid, "kid");
            Objects.requireNonNull(aud, "aud");
            Objects.requireNonNull(sub, "sub");
            Objects.requireNonNull(jti, "jti");
            caps = List.copyOf(caps);
            next = next.clone();
            if (next.length != Ed25519.KEY_BYTES) {
                throw new IllegalArgumentException("next must be a 32-byte Ed25519 public key");
            }
        }

        public static Fields root(
                String kid, String aud, String sub, String jti, long iat, long exp, List<String> caps, byte[] next) {
            return new Fields(true, kid, aud, sub, jti, iat, exp, caps, next);
        }

        public static Fields attenuation(List<String> caps, long exp, byte[] next) {
            return new Fields(false, "", "", "", "", 0, exp, caps, next);
        }

        @Override
        public byte[] next() {
            return next.clone();
        }
    }

    public static byte[] encode(Fields f) {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            if (f.root()) {
                p.packMapHeader(8);
                str(p, "kid");
                str(p, f.kid());
                str(p, "aud");
                str(p, f.aud());
                str(p, "sub");
                str(p, f.sub());
                str(p, "jti");
                str(p, f.jti());
                str(p, "iat");
                p.packLong(f.iat());
                str(p, "exp");
                p.packLong(f.exp());
            } else {
                p.packMapHeader(f.exp() == 0 ? 2 : 3);
            }
            str(p, "caps");
            p.packArrayHeader(f.caps().size());
            for (String c : f.caps()) {
                str(p, c);
            }
            if (!f.root() && f.exp() != 0) {
                str(p, "exp");
                p.packLong(f.exp());
            }
            str(p, "next");
            byte[] next = f.next();
            p.packBinaryHeader(next.length);
            p.writePayload(next);
            return p.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Smallest str header, then the UTF-8 bytes: the canonical form of protocol-docs/README.md section 3. */
    private static void str(MessageBufferPacker p, String s) throws IOException {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        p.packRawStringHeader(b.length);
        p.writePayload(b);
    }

    /** Reads one block's payload; IllegalArgumentException saying what is wrong with it. */
    public static Fields decode(byte[] payload, boolean root) {
        try (MessageUnpacker u = STRICT.newUnpacker(payload)) {
            if (!u.hasNext() || u.getNextFormat().getValueType() != ValueType.MAP) {
                throw new IllegalArgumentException("a block is a MessagePack map");
            }
            int n = u.unpackMapHeader();
            List<String> allowed = root ? ROOT_KEYS : ATTENUATION_KEYS;
            if (n > allowed.size()) {
                throw new IllegalArgumentException("a block has at most " + allowed.size() + " fields");
            }
            Set<String> seen = new HashSet<>();
            String kid = "";
            String aud = "";
            String sub = "";
            String jti = "";
            long iat = 0;
            long exp = 0;
            List<String> caps = null;
            byte[] next = null;
            for (int i = 0; i < n; i++) {
                String key = string(u, "a key");
                if (!allowed.contains(key)) {
                    throw new IllegalArgumentException("unknown field " + key + (root ? " in the root block" : ""));
                }
                if (!seen.add(key)) {
                    throw new IllegalArgumentException("field " + key + " appears twice");
                }
                switch (key) {
                    case "kid" -> kid = string(u, key);
                    case "aud" -> aud = string(u, key);
                    case "sub" -> sub = string(u, key);
                    case "jti" -> jti = string(u, key);
                    case "iat" -> iat = uint(u, key);
                    case "exp" -> exp = uint(u, key);
                    case "caps" -> caps = strings(u, key, payload.length);
                    case "next" -> next = bin(u, key);
                    default -> throw new IllegalStateException(key);
                }
            }
            if (u.hasNext()) {
                throw new IllegalArgumentException("bytes after the block's map");
            }
            for (String key : allowed) {
                if (!seen.contains(key) && !(key.equals("exp") && !root)) {
                    throw new IllegalArgumentException("missing field " + key);
                }
            }
            if (!root && seen.contains("exp") && exp == 0) {
                throw new IllegalArgumentException("exp 0 is written by leaving exp out");
            }
            return new Fields(root, kid, aud, sub, jti, iat, exp, caps, next);
        } catch (MessagePackException | IOException e) {
            throw new IllegalArgumentException(
                    "malformed MessagePack (" + e.getClass().getSimpleName() + ")", e);
        }
    }

    private static void expect(MessageUnpacker u, ValueType type, String what) throws IOException {
        if (!u.hasNext()) {
            throw new IllegalArgumentException("the block ends inside " + what);
        }
        ValueType actual = u.getNextFormat().getValueType();
        if (actual != type) {
            throw new IllegalArgumentException(what + " must be " + type.name().toLowerCase(java.util.Locale.ROOT)
                    + ", not " + actual.name().toLowerCase(java.util.Locale.ROOT));
        }
    }

    private static String string(MessageUnpacker u, String what) throws IOException {
        expect(u, ValueType.STRING, what);
        return u.unpackString();
    }

    private static long uint(MessageUnpacker u, String what) throws IOException {
        expect(u, ValueType.INTEGER, what);
        long v = u.unpackLong();
        if (v < 0) {
            throw new IllegalArgumentException(what + " must not be negative");
        }
        return v;
    }

    private static byte[] bin(MessageUnpacker u, String what) throws IOException {
        expect(u, ValueType.BINARY, what);
        int len = u.unpackBinaryHeader();
        if (len != Ed25519.KEY_BYTES) {
            throw new IllegalArgumentException(what + " must be 32 bytes, not " + len);
        }
        return u.readPayload(len);
    }

    private static List<String> strings(MessageUnpacker u, String what, int bytes) throws IOException {
        expect(u, ValueType.ARRAY, what);
        int n = u.unpackArrayHeader();
        if (n > MAX_CAPS || n > bytes) {
            throw new IllegalArgumentException(what + " holds more than " + MAX_CAPS + " entries");
        }
        List<String> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(string(u, what + "[" + i + "]"));
        }
        return list;
    }
}
