package io.haven.protocol.auth;

import io.haven.protocol.auth.internal.Ed25519;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.function.Predicate;

/**
 * Decides whether a token is believed, and if so whose it is. The checks, in order (the first that fails is the
 * refusal's {@link TokenRefusal reason}):
 *
 * <ol>
 *   <li>the text is a Haven token ({@code MISSING}, {@code MALFORMED});
 *   <li>the root block's {@code kid} is in the key ring ({@code UNKNOWN_KEY});
 *   <li>the root block verifies with that key, each later block with the {@code next} key of the block before
 *       (over its payload followed by the previous signature), and the proof matches the last {@code next}: the
 *       private key of an open token, the seal of a sealed one ({@code BAD_SIGNATURE});
 *   <li>every block's capabilities are implied by the block before, and no block's {@code exp} is later than the
 *       expiry before it ({@code NOT_NARROWER});
 *   <li>{@code aud} is this cluster ({@code WRONG_AUDIENCE});
 *   <li>{@code jti} is not revoked ({@code REVOKED});
 *   <li>now is before the earliest {@code exp} ({@code EXPIRED}), and {@code iat} is not later than now plus the
 *       clock skew allowed ({@code NOT_YET_VALID}).
 * </ol>
 *
 * Immutable and thread-safe if the revocation predicate is; {@link #withKeys} makes a verifier for a rotated ring.
 */
public final class TokenVerifier {
    /** How far in the future a token's {@code iat} may be, for clocks that differ between issuer and node. */
    public static final Duration DEFAULT_CLOCK_SKEW = Duration.ofMinutes(1);

    private final KeyRing keys;
    private final String audience;
    private final Predicate<String> revoked;
    private final Clock clock;
    private final long skewMs;

    /**
     * @param keys the cluster keys tokens may be signed with
     * @param audience the cluster's name: a token's {@code aud} must be it
     * @param revoked whether a token id is revoked; asked on every verify and {@link #check}, so a live set works
     * @param clock the wall clock expiry is judged by
     */
    public TokenVerifier(KeyRing keys, String audience, Predicate<String> revoked, Clock clock) {
        this(keys, audience, revoked, clock, DEFAULT_CLOCK_SKEW.toMillis());
    }

    private TokenVerifier(KeyRing keys, String audience, Predicate<String> revoked, Clock clock, long skewMs) {
        this.keys = Objects.requireNonNull(keys, "keys");
        this.audience = Objects.requireNonNull(audience, "audience");
        this.revoked = Objects.requireNonNull(revoked, "revoked");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.skewMs = skewMs;
    }

    /** The same verifier with another key ring (a key added or retired). */
    public TokenVerifier withKeys(KeyRing ring) {
        return new TokenVerifier(ring, audience, revoked, clock, skewMs);
    }

    public TokenVerifier withClockSkew(Duration skew) {
        if (skew.isNegative()) {
            throw new IllegalArgumentException("clock skew must not be negative: " + skew);
        }
        return new TokenVerifier(keys, audience, revoked, clock, skew.toMillis());
    }

    public KeyRing keys() {
        return keys;
    }

    public String audience() {
        return audience;
    }

    /** The identity {@code text} proves; {@link TokenRefusedException} (FORBIDDEN, 401) naming why it does not. */
    public Identity verify(String text) {
        Token token = Token.parse(text);
        String fp = token.fingerprint();
        List<Token.Block> blocks = token.blocks();
        TokenClaims root = token.root();
        PublicKey clusterKey = keys.find(root.keyId())
                .orElseThrow(() -> refuse(
                        TokenRefusal.UNKNOWN_KEY,
                        fp,
                        "signed with key " + root.keyId() + ", which this cluster does not know (it knows "
                                + String.join(", ", keys.keyIds()) + ")"));
        verifySignatures(blocks, token, clusterKey, fp);
        verifyNarrowing(blocks, fp);
        if (!root.audience().equals(audience)) {
            throw refuse(
                    TokenRefusal.WRONG_AUDIENCE, fp, "issued for cluster " + root.audience() + ", not " + audience);
        }
        if (revoked.test(root.tokenId())) {
            throw refuse(TokenRefusal.REVOKED, fp, "token id " + root.tokenId() + " is revoked");
        }
        long now = clock.millis();
        long exp = token.expiresAt();
        if (now >= exp) {
            throw refuse(TokenRefusal.EXPIRED, fp, "expired at " + exp + " (now " + now + ")");
        }
        if (root.issuedAt() > now + skewMs) {
            throw refuse(
                    TokenRefusal.NOT_YET_VALID,
                    fp,
                    "issued at " + root.issuedAt() + ", in the future (now " + now + "): the issuer's clock is wrong");
        }
        return new Identity(root.subject(), root.tokenId(), root.keyId(), token.capabilities(), exp, fp);
    }

    private static void verifySignatures(List<Token.Block> blocks, Token token, PublicKey clusterKey, String fp) {
        Token.Block first = blocks.get(0);
        if (!Ed25519.verify(clusterKey, first.signature(), first.payload())) {
            throw refuse(
                    TokenRefusal.BAD_SIGNATURE,
                    fp,
                    "the root block's signature does not verify with key "
                            + token.root().keyId());
        }
        for (int i = 1; i < blocks.size(); i++) {
            Token.Block before = blocks.get(i - 1);
            Token.Block block = blocks.get(i);
            if (!Ed25519.verify(nextKey(before, fp, i - 1), block.signature(), block.payload(), before.signature())) {
                throw refuse(TokenRefusal.BAD_SIGNATURE, fp, "block " + i + "'s signature does not verify");
            }
        }
        Token.Block last = token.last();
        PublicKey lastKey = nextKey(last, fp, blocks.size() - 1);
        byte[] proof = token.proofBytes();
        boolean matches;
        if (token.sealed()) {
            matches = Ed25519.verify(lastKey, proof, Token.SEAL_CONTEXT, last.signature());
        } else {
            // A proof key that signs what the last block's next key verifies is that key's private half.
            PrivateKey key = Ed25519.privateKey(proof);
            byte[] probe = Ed25519.sign(key, Token.PROOF_CONTEXT, last.signature());
            matches = Ed25519.verify(lastKey, probe, Token.PROOF_CONTEXT, last.signature());
        }
        if (!matches) {
            throw refuse(
                    TokenRefusal.BAD_SIGNATURE,
                    fp,
                    "the proof does not match the last block: a block was" + " removed or the proof replaced");
        }
    }

    private static PublicKey nextKey(Token.Block block, String fp, int index) {
        try {
            return Ed25519.publicKey(block.fields().next());
        } catch (IllegalArgumentException e) {
            throw refuse(TokenRefusal.MALFORMED, fp, "block " + index + "'s next key: " + e.getMessage());
        }
    }

    private static void verifyNarrowing(List<Token.Block> blocks, String fp) {
        long exp = blocks.get(0).fields().exp();
        for (int i = 1; i < blocks.size(); i++) {
            Capabilities before = blocks.get(i - 1).capabilities();
            Capabilities caps = blocks.get(i).capabilities();
            List<Capability> wider = before.notCovered(caps);
            if (!wider.isEmpty()) {
                throw refuse(
                        TokenRefusal.NOT_NARROWER,
                        fp,
                        "block " + i + " allows " + new Capabilities(wider) + ", which block " + (i - 1) + " does not");
            }
            long blockExp = blocks.get(i).fields().exp();
            if (blockExp != 0) {
                if (blockExp > exp) {
                    throw refuse(
                            TokenRefusal.NOT_NARROWER,
                            fp,
                            "block " + i + " extends the expiry to " + blockExp + " past " + exp);
                }
                exp = blockExp;
            }
        }
    }

    /**
     * Checks again an identity this verifier (or an earlier one) made: still {@link TokenRefusal#EXPIRED} not, not
     * {@link TokenRefusal#REVOKED} since, its key still in the ring ({@link TokenRefusal#UNKNOWN_KEY}). A node calls
     * it on a session's later messages, so that revocation, expiry and key retirement reach open sessions too.
     * Identities that came from no token ({@link Identity#of}) pass.
     */
    public void check(Identity identity) {
        if (identity.tokenId().isEmpty()) {
            return;
        }
        String fp = identity.fingerprint();
        if (keys.find(identity.keyId()).isEmpty()) {
            throw refuse(TokenRefusal.UNKNOWN_KEY, fp, "key " + identity.keyId() + " was retired");
        }
        if (revoked.test(identity.tokenId())) {
            throw refuse(TokenRefusal.REVOKED, fp, "token id " + identity.tokenId() + " is revoked");
        }
        long now = clock.millis();
        if (now >= identity.expiresAt()) {
            throw refuse(TokenRefusal.EXPIRED, fp, "expired at " + identity.expiresAt() + " (now " + now + ")");
        }
    }

    private static TokenRefusedException refuse(TokenRefusal reason, String fp, String detail) {
        return new TokenRefusedException(reason, fp, detail);
    }
}
