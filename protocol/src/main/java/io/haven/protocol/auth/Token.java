package io.haven.protocol.auth;

import io.haven.protocol.HavenException;
import io.haven.protocol.auth.internal.Base64Url;
import io.haven.protocol.auth.internal.BlockCodec;
import io.haven.protocol.auth.internal.Ed25519;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * A Haven token as text and as blocks, <b>not verified</b>: {@link TokenVerifier} decides whether to believe it.
 * The layout (protocol-docs/auth.md has it byte by byte):
 *
 * <pre>
 *  haven1 . payload0 . sig0 [ . payload1 . sig1 ... ] . proof        each part base64url, no padding
 *
 *  payload0  root block {kid, aud, sub, jti, iat, exp, caps, next}   sig0 = Ed25519(cluster key, payload0)
 *  payloadI  attenuation {caps, exp?, next}                          sigI = Ed25519(key of next(I-1), payloadI || sig(I-1))
 *  proof     0x00 || 32-byte private key of the last next            (open: the holder may attenuate further)
 *            0x01 || Ed25519(key of the last next, "haven1-seal" || last sig)   (sealed)
 * </pre>
 *
 * Every block names, in {@code next}, the public key that must sign the block after it, and the token carries the
 * private half of the last one: whoever holds a token can narrow it ({@link #attenuate}) but cannot widen it, drop
 * a block or change one, because each signature covers the exact bytes of its block and the one before. Signatures
 * are checked over the bytes received, never over a re-encoding. Immutable and thread-safe.
 */
public final class Token {
    public static final String PREFIX = "haven1";
    /** Longer text than this is refused before anything is decoded. */
    public static final int MAX_CHARS = 16 * 1024;
    /** The root and up to 31 attenuations. */
    public static final int MAX_BLOCKS = 32;

    static final byte OPEN = 0;
    static final byte SEALED = 1;
    static final byte[] SEAL_CONTEXT = "haven1-seal".getBytes(StandardCharsets.US_ASCII);
    static final byte[] PROOF_CONTEXT = "haven1-proof".getBytes(StandardCharsets.US_ASCII);

    /** One block: its fields, and the exact bytes they were read from and signed as. */
    record Block(BlockCodec.Fields fields, Capabilities capabilities, byte[] payload, byte[] signature) {}

    private final String text;
    private final List<Block> blocks;
    /** {@link #OPEN} or {@link #SEALED}, then the private key or the seal signature. */
    private final byte[] proof;

    private Token(String text, List<Block> blocks, byte[] proof) {
        this.text = text;
        this.blocks = List.copyOf(blocks);
        this.proof = proof;
    }

    private static Token assemble(List<Block> blocks, byte[] proof) {
        StringBuilder sb = new StringBuilder(PREFIX);
        for (Block b : blocks) {
            sb.append('.').append(Base64Url.encode(b.payload())).append('.').append(Base64Url.encode(b.signature()));
        }
        sb.append('.').append(Base64Url.encode(proof));
        return new Token(sb.toString(), blocks, proof);
    }

    /** A new root token signed by {@code clusterKey}; {@code random} makes the key of the first attenuation. */
    static Token issue(KeyPair clusterKey, TokenClaims claims, SecureRandom random) {
        KeyPair next = Ed25519.generate(random);
        BlockCodec.Fields fields = BlockCodec.Fields.root(
                claims.keyId(),
                claims.audience(),
                claims.subject(),
                claims.tokenId(),
                claims.issuedAt(),
                claims.expiresAt(),
                claims.capabilities().strings(),
                Ed25519.raw(next.getPublic()));
        byte[] payload = BlockCodec.encode(fields);
        byte[] signature = Ed25519.sign(clusterKey.getPrivate(), payload);
        return assemble(List.of(new Block(fields, claims.capabilities(), payload, signature)), open(next.getPrivate()));
    }

    private static byte[] open(PrivateKey key) {
        byte[] seed = Ed25519.seed(key);
        byte[] proof = new byte[1 + seed.length];
        proof[0] = OPEN;
        System.arraycopy(seed, 0, proof, 1, seed.length);
        return proof;
    }

    /** Reads a token's structure; refused as {@link TokenRefusal#MALFORMED} (or MISSING when empty) if it has none. */
    public static Token parse(String text) {
        Objects.requireNonNull(text, "text");
        String fp = fingerprint(text);
        if (text.isEmpty()) {
            throw new TokenRefusedException(TokenRefusal.MISSING, "", "no token");
        }
        if (text.length() > MAX_CHARS) {
            throw malformed(fp, "longer than " + MAX_CHARS + " characters");
        }
        String[] parts = text.split("\\.", -1);
        if (!parts[0].equals(PREFIX)) {
            throw malformed(fp, "not a Haven token (it must start with " + PREFIX + ".)");
        }
        if (parts.length < 4 || parts.length % 2 != 0) {
            throw malformed(fp, "expected " + PREFIX + ".payload.signature[.payload.signature...].proof");
        }
        int n = (parts.length - 2) / 2;
        if (n > MAX_BLOCKS) {
            throw malformed(fp, "more than " + MAX_BLOCKS + " blocks");
        }
        List<Block> blocks = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] payload = decode(parts[1 + 2 * i], fp, "block " + i);
            byte[] signature = decode(parts[2 + 2 * i], fp, "signature " + i);
            if (signature.length != Ed25519.SIGNATURE_BYTES) {
                throw malformed(fp, "signature " + i + " is not 64 bytes");
            }
            BlockCodec.Fields fields;
            Capabilities caps;
            try {
                fields = BlockCodec.decode(payload, i == 0);
                caps = Capabilities.parse(fields.caps());
            } catch (IllegalArgumentException e) {
                throw malformed(fp, "block " + i + ": " + e.getMessage());
            } catch (HavenException e) {
                throw malformed(fp, "block " + i + ": " + e.error().message());
            }
            if (i == 0
                    && (fields.kid().isEmpty()
                            || fields.aud().isEmpty()
                            || fields.sub().isEmpty()
                            || fields.jti().isEmpty())) {
                throw malformed(fp, "the root block's kid, aud, sub and jti must not be empty");
            }
            blocks.add(new Block(fields, caps, payload, signature));
        }
        byte[] proof = decode(parts[parts.length - 1], fp, "the proof");
        boolean ok = proof.length == 1 + Ed25519.KEY_BYTES && proof[0] == OPEN
                || proof.length == 1 + Ed25519.SIGNATURE_BYTES && proof[0] == SEALED;
        if (!ok) {
            throw malformed(fp, "the proof is neither 0x00 and a 32-byte key nor 0x01 and a 64-byte seal");
        }
        return new Token(text, blocks, proof);
    }

    private static byte[] decode(String part, String fp, String what) {
        try {
            return Base64Url.decode(part);
        } catch (IllegalArgumentException e) {
            throw malformed(fp, what + " is not base64url: " + e.getMessage());
        }
    }

    private static TokenRefusedException malformed(String fp, String detail) {
        return new TokenRefusedException(TokenRefusal.MALFORMED, fp, detail);
    }

    /**
     * What logs show instead of a token: the first 8 bytes of SHA-256 of its text, in hex. Works on any text, so a
     * refused attempt can be named too; it reveals nothing that helps forge or use the token.
     */
    public static String fingerprint(String text) {
        if (text.isEmpty()) {
            return "";
        }
        return HexFormat.of().formatHex(Ed25519.sha256(text.getBytes(StandardCharsets.UTF_8)), 0, 8);
    }

    /** The token's text, as sent in {@code auth}. */
    public String encoded() {
        return text;
    }

    public String fingerprint() {
        return fingerprint(text);
    }

    /** The root block's claims. */
    public TokenClaims root() {
        BlockCodec.Fields f = blocks.get(0).fields();
        return new TokenClaims(
                f.kid(),
                f.aud(),
                f.sub(),
                f.jti(),
                f.iat(),
                f.exp(),
                blocks.get(0).capabilities());
    }

    /** The attenuation blocks after the root, in order. */
    public List<Attenuation> attenuations() {
        List<Attenuation> list = new ArrayList<>();
        for (Block b : blocks.subList(1, blocks.size())) {
            list.add(new Attenuation(b.capabilities(), b.fields().exp()));
        }
        return list;
    }

    /** What the token allows if it verifies: the capabilities of its last block. */
    public Capabilities capabilities() {
        return blocks.get(blocks.size() - 1).capabilities();
    }

    /** The earliest expiry of all its blocks, ms since the epoch. */
    public long expiresAt() {
        long exp = blocks.get(0).fields().exp();
        for (Block b : blocks.subList(1, blocks.size())) {
            if (b.fields().exp() != 0) {
                exp = Math.min(exp, b.fields().exp());
            }
        }
        return exp;
    }

    /** Whether the token was sealed: then it cannot be attenuated any further. */
    public boolean sealed() {
        return proof[0] == SEALED;
    }

    List<Block> blocks() {
        return blocks;
    }

    /** The proof after its type byte: the last private key, or the seal signature. */
    byte[] proofBytes() {
        return Arrays.copyOfRange(proof, 1, proof.length);
    }

    /**
     * A narrower token, made offline without the cluster key: a block allowing only {@code capabilities}, signed
     * with this token's last private key, and a fresh key pair (from {@code random}) for the next. INVALID when the
     * token is sealed, when a capability is not implied by this token's, or when {@code expiresAt} (0 = keep) is
     * later than this token's expiry: a node would refuse such a token anyway.
     */
    public Token attenuate(Capabilities capabilities, long expiresAt, SecureRandom random) {
        Objects.requireNonNull(capabilities, "capabilities");
        if (sealed()) {
            throw HavenException.invalid("the token is sealed: it cannot be attenuated");
        }
        List<Capability> wider = capabilities().notCovered(capabilities);
        if (!wider.isEmpty()) {
            throw HavenException.invalid(
                    "an attenuation can only narrow: the token does not allow " + new Capabilities(wider), "caps");
        }
        if (expiresAt < 0 || expiresAt > expiresAt()) {
            throw HavenException.invalid(
                    "an attenuation can only bring the expiry forward (the token expires at " + expiresAt() + ")",
                    "exp");
        }
        PrivateKey signer = Ed25519.privateKey(proofBytes());
        KeyPair next = Ed25519.generate(random);
        BlockCodec.Fields fields =
                BlockCodec.Fields.attenuation(capabilities.strings(), expiresAt, Ed25519.raw(next.getPublic()));
        byte[] payload = BlockCodec.encode(fields);
        byte[] signature = Ed25519.sign(signer, payload, last().signature());
        List<Block> all = new ArrayList<>(blocks);
        all.add(new Block(fields, capabilities, payload, signature));
        return assemble(all, open(next.getPrivate()));
    }

    /** The same token, sealed: its private key replaced by a signature with it, so nobody can attenuate it further. */
    public Token seal() {
        if (sealed()) {
            return this;
        }
        PrivateKey key = Ed25519.privateKey(proofBytes());
        byte[] seal = Ed25519.sign(key, SEAL_CONTEXT, last().signature());
        byte[] proof = new byte[1 + seal.length];
        proof[0] = SEALED;
        System.arraycopy(seal, 0, proof, 1, seal.length);
        return assemble(blocks, proof);
    }

    Block last() {
        return blocks.get(blocks.size() - 1);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Token t && t.text.equals(text);
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    /** Names the token without giving it away: its text is a credential. */
    @Override
    public String toString() {
        return "Token[" + fingerprint() + ", sub=" + root().subject() + ", jti=" + root().tokenId() + ", blocks="
                + blocks.size() + (sealed() ? ", sealed" : "") + "]";
    }
}
