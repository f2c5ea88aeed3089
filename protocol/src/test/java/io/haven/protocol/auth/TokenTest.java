package io.haven.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.auth.internal.Base64Url;
import io.haven.protocol.auth.internal.BlockCodec;
import io.haven.protocol.auth.internal.Ed25519;
import java.security.KeyPair;
import java.security.PrivateKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

class TokenTest {
    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");
    private static final KeyPair CLUSTER = ClusterKeys.generate(new FixedRandom("cluster"));
    private static final KeyPair OTHER = ClusterKeys.generate(new FixedRandom("other cluster"));

    private final FixedRandom random = new FixedRandom("tokens");
    private final TokenIssuer issuer = new TokenIssuer(CLUSTER, random);
    private final Set<String> revoked = new HashSet<>();

    private TokenVerifier verifier(Instant at) {
        return new TokenVerifier(
                KeyRing.of(CLUSTER.getPublic()), "prod", revoked::contains, Clock.fixed(at, ZoneOffset.UTC));
    }

    private TokenVerifier verifier() {
        return verifier(NOW.plusSeconds(60));
    }

    private static Capabilities caps(String... texts) {
        return Capabilities.parse(List.of(texts));
    }

    private Token issue(String... caps) {
        return issuer.issue("prod", "alice", caps(caps), NOW, Duration.ofHours(1));
    }

    private static TokenRefusal refusal(Executable e) {
        return assertThrows(TokenRefusedException.class, e).reason();
    }

    @Test
    void anIssuedTokenVerifiesToItsSubjectAndCapabilities() {
        Token t = issue("data:write:/app1", "discover");
        Identity id = verifier().verify(t.encoded());
        assertEquals("alice", id.subject());
        assertEquals(caps("data:write:/app1", "discover"), id.capabilities());
        assertEquals(t.root().tokenId(), id.tokenId());
        assertEquals(ClusterKeys.keyId(CLUSTER.getPublic()), id.keyId());
        assertEquals(NOW.plus(Duration.ofHours(1)).toEpochMilli(), id.expiresAt());
        assertEquals(t.fingerprint(), id.fingerprint());
    }

    @Test
    void theTextHasThePrefixAndFourParts() {
        String text = issue("control").encoded();
        assertTrue(text.startsWith("haven1."), text);
        assertEquals(4, text.split("\\.").length);
        assertEquals(32, issue("control").root().tokenId().length());
        assertNotEquals(
                issue("control").root().tokenId(), issue("control").root().tokenId());
    }

    @Test
    void parsingTheTextGivesTheSameToken() {
        Token t = issue("control").attenuate(Capabilities.NONE, 0, random);
        Token again = Token.parse(t.encoded());
        assertEquals(t, again);
        assertEquals(t.root(), again.root());
        assertEquals(t.attenuations(), again.attenuations());
    }

    @Test
    void aTokenWithAChangedByteIsRefusedAsBadlySigned() {
        Token t = issue("data:read:/app1");
        byte[] payload = t.blocks().get(0).payload();
        // Change the last capability's path: /app1 -> /app2, still a well-formed block.
        String widened = new String(payload, java.nio.charset.StandardCharsets.ISO_8859_1).replace("/app1", "/app2");
        String[] parts = t.encoded().split("\\.");
        parts[1] = Base64Url.encode(widened.getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertEquals(TokenRefusal.BAD_SIGNATURE, refusal(() -> verifier().verify(String.join(".", parts))));
    }

    @Test
    void aTokenWithAChangedSignatureIsRefused() {
        String[] parts = issue("control").encoded().split("\\.");
        byte[] sig = Base64Url.decode(parts[2]);
        sig[10] ^= 1;
        parts[2] = Base64Url.encode(sig);
        assertEquals(TokenRefusal.BAD_SIGNATURE, refusal(() -> verifier().verify(String.join(".", parts))));
    }

    @Test
    void aTokenOfAnotherClusterKeyIsRefusedAsUnknownKey() {
        Token foreign =
                new TokenIssuer(OTHER, random).issue("prod", "mallory", caps("control"), NOW, Duration.ofHours(1));
        TokenRefusedException e =
                assertThrows(TokenRefusedException.class, () -> verifier().verify(foreign.encoded()));
        assertEquals(TokenRefusal.UNKNOWN_KEY, e.reason());
        assertEquals(ErrorCode.FORBIDDEN, e.code());
        assertEquals(401, e.status());
        assertEquals(List.of("unknown-key"), e.error().items());
    }

    @Test
    void aForeignKeyClaimingOurKeyIdIsRefusedAsBadlySigned() {
        TokenClaims claims = new TokenClaims(
                ClusterKeys.keyId(CLUSTER.getPublic()),
                "prod",
                "mallory",
                "00",
                NOW.toEpochMilli(),
                NOW.plusSeconds(3600).toEpochMilli(),
                caps("control"));
        Token forged = Token.issue(OTHER, claims, random);
        assertEquals(TokenRefusal.BAD_SIGNATURE, refusal(() -> verifier().verify(forged.encoded())));
    }

    @Test
    void anExpiredTokenIsRefused() {
        Token t = issue("control");
        assertEquals(TokenRefusal.EXPIRED, refusal(() -> verifier(NOW.plus(Duration.ofHours(1)))
                .verify(t.encoded())));
        verifier(NOW.plus(Duration.ofHours(1)).minusMillis(1)).verify(t.encoded());
    }

    @Test
    void aTokenIssuedInTheFutureBeyondTheSkewIsRefused() {
        Token t = issue("control");
        assertEquals(TokenRefusal.NOT_YET_VALID, refusal(() -> verifier(NOW.minus(Duration.ofMinutes(2)))
                .verify(t.encoded())));
        verifier(NOW.minusSeconds(30)).verify(t.encoded());
    }

    @Test
    void aRevokedTokenIsRefusedAndSoAreItsAttenuations() {
        Token t = issue("data:write:/a");
        Token narrower = t.attenuate(caps("data:read:/a"), 0, random);
        revoked.add(t.root().tokenId());
        assertEquals(TokenRefusal.REVOKED, refusal(() -> verifier().verify(t.encoded())));
        assertEquals(TokenRefusal.REVOKED, refusal(() -> verifier().verify(narrower.encoded())));
    }

    @Test
    void aTokenForAnotherClusterIsRefused() {
        Token t = issuer.issue("staging", "alice", caps("control"), NOW, Duration.ofHours(1));
        assertEquals(TokenRefusal.WRONG_AUDIENCE, refusal(() -> verifier().verify(t.encoded())));
    }

    @Test
    void garbageIsRefusedAsMalformedAndNothingAsMissing() {
        String good = issue("control").encoded();
        for (String bad : List.of(
                "secret-token",
                "haven1",
                "haven1.a.b",
                "haven2" + good.substring(6),
                good + ".",
                good + "=",
                good.replace('.', ','),
                "haven1.!!!!.AAAA.AAAA",
                "x".repeat(Token.MAX_CHARS + 1))) {
            assertEquals(TokenRefusal.MALFORMED, refusal(() -> verifier().verify(bad)), bad);
        }
        assertEquals(TokenRefusal.MISSING, refusal(() -> verifier().verify("")));
    }

    @Test
    void aSecondSpellingOfTheSameBase64IsRefused() {
        String[] parts = issue("control").encoded().split("\\.");
        // A signature is 64 bytes: 86 characters whose last one carries 4 unused bits, all 0. Set one of them.
        String sig = parts[2];
        char last = sig.charAt(sig.length() - 1);
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
        parts[2] = sig.substring(0, sig.length() - 1) + alphabet.charAt(alphabet.indexOf(last) | 1);
        assertArrayEquals(
                Base64.getUrlDecoder().decode(sig), Base64.getUrlDecoder().decode(parts[2]));
        assertEquals(TokenRefusal.MALFORMED, refusal(() -> verifier().verify(String.join(".", parts))));
    }

    @Test
    void refusalsNameTheFingerprintAndNeverTheToken() {
        Token t = issue("control");
        TokenRefusedException e = assertThrows(TokenRefusedException.class, () -> verifier(NOW.plus(Duration.ofDays(1)))
                .verify(t.encoded()));
        assertTrue(e.getMessage().contains(t.fingerprint()), e.getMessage());
        String[] parts = t.encoded().split("\\.");
        for (String part : parts) {
            if (part.length() > 8) {
                assertFalse(e.getMessage().contains(part), e.getMessage());
            }
        }
        assertFalse(t.toString().contains(parts[3]), t.toString());
        assertEquals(16, t.fingerprint().length());
        assertEquals(t.fingerprint(), Token.fingerprint(t.encoded()));
    }

    @Test
    void anAttenuatedTokenVerifiesToTheNarrowerCapabilities() {
        Token t = issue("data:write:/app1", "discover");
        Token narrower = t.attenuate(caps("data:read:/app1/config"), 0, random);
        Identity id = verifier().verify(narrower.encoded());
        assertEquals(caps("data:read:/app1/config"), id.capabilities());
        assertEquals(t.root().tokenId(), id.tokenId());
        assertEquals(1, narrower.attenuations().size());
    }

    @Test
    void anAttenuationMayBringTheExpiryForwardAndThenTheTokenExpiresEarlier() {
        Token t = issue("control");
        long soon = NOW.plusSeconds(120).toEpochMilli();
        Token shorter = t.attenuate(caps("control"), soon, random);
        assertEquals(soon, shorter.expiresAt());
        verifier(NOW.plusSeconds(119)).verify(shorter.encoded());
        assertEquals(TokenRefusal.EXPIRED, refusal(() -> verifier(NOW.plusSeconds(120))
                .verify(shorter.encoded())));
    }

    @Test
    void attenuationsChainAndEachNarrowsTheOneBefore() {
        Token t = issue("data:write:/", "control", "discover")
                .attenuate(caps("data:write:/a", "discover"), 0, random)
                .attenuate(caps("data:read:/a/b"), 0, random)
                .attenuate(Capabilities.NONE, 0, random);
        assertEquals(Capabilities.NONE, verifier().verify(t.encoded()).capabilities());
        assertEquals(3, t.attenuations().size());
    }

    @Test
    void attenuatingWiderIsRefusedByTheHolderAlready() {
        Token t = issue("data:read:/a");
        HavenException e = assertThrows(HavenException.class, () -> t.attenuate(caps("data:write:/a"), 0, random));
        assertEquals(ErrorCode.INVALID, e.code());
        assertThrows(HavenException.class, () -> t.attenuate(caps("data:read:/"), 0, random));
        assertThrows(HavenException.class, () -> t.attenuate(caps("data:read:/a"), t.expiresAt() + 1, random));
    }

    /** A block made by hand with the holder's proof key: what a holder who bypassed {@link Token#attenuate} could send. */
    private static String forgeAttenuation(Token t, List<String> caps, long exp) {
        PrivateKey key = Ed25519.privateKey(t.proofBytes());
        KeyPair next = Ed25519.generate(new FixedRandom("forger"));
        byte[] payload = BlockCodec.encode(BlockCodec.Fields.attenuation(caps, exp, Ed25519.raw(next.getPublic())));
        byte[] sig = Ed25519.sign(key, payload, t.last().signature());
        byte[] proof = new byte[33];
        System.arraycopy(Ed25519.seed(next.getPrivate()), 0, proof, 1, 32);
        String[] parts = t.encoded().split("\\.");
        StringBuilder sb = new StringBuilder(parts[0]);
        for (int i = 1; i < parts.length - 1; i++) {
            sb.append('.').append(parts[i]);
        }
        return sb.append('.')
                .append(Base64Url.encode(payload))
                .append('.')
                .append(Base64Url.encode(sig))
                .append('.')
                .append(Base64Url.encode(proof))
                .toString();
    }

    @Test
    void aSignedAttenuationThatWidensIsRefused() {
        Token t = issue("data:read:/a");
        String wider = forgeAttenuation(t, List.of("data:write:/a"), 0);
        TokenRefusedException e =
                assertThrows(TokenRefusedException.class, () -> verifier().verify(wider));
        assertEquals(TokenRefusal.NOT_NARROWER, e.reason());
        assertTrue(e.getMessage().contains("data:write:/a"), e.getMessage());
        String sibling = forgeAttenuation(t, List.of("data:read:/ab"), 0);
        assertEquals(TokenRefusal.NOT_NARROWER, refusal(() -> verifier().verify(sibling)));
    }

    @Test
    void aSignedAttenuationThatExtendsTheExpiryIsRefused() {
        Token t = issue("control");
        String later = forgeAttenuation(t, List.of("control"), t.expiresAt() + 1);
        assertEquals(TokenRefusal.NOT_NARROWER, refusal(() -> verifier().verify(later)));
    }

    @Test
    void anAttenuationWithAnUnknownCapabilityIsMalformed() {
        Token t = issue("control");
        String unknown = forgeAttenuation(t, List.of("control", "teleport"), 0);
        assertEquals(TokenRefusal.MALFORMED, refusal(() -> verifier().verify(unknown)));
    }

    @Test
    void droppingTheLastAttenuationIsRefused() {
        Token t = issue("data:write:/");
        Token narrower = t.attenuate(caps("data:read:/public"), 0, random);
        String[] parts = narrower.encoded().split("\\.");
        // haven1 . p0 . s0 . p1 . s1 . proof  ->  haven1 . p0 . s0 . proof: the wide root with the narrow proof.
        String cut = String.join(".", parts[0], parts[1], parts[2], parts[5]);
        TokenRefusedException e =
                assertThrows(TokenRefusedException.class, () -> verifier().verify(cut));
        assertEquals(TokenRefusal.BAD_SIGNATURE, e.reason());
        assertTrue(e.getMessage().contains("proof"), e.getMessage());
    }

    @Test
    void anAttenuationCannotBeMovedToAnotherToken() {
        Token a = issue("data:write:/");
        Token b = issue("data:write:/");
        Token aNarrow = a.attenuate(caps("data:read:/x"), 0, random);
        String[] pa = aNarrow.encoded().split("\\.");
        String[] pb = b.encoded().split("\\.");
        String spliced = String.join(".", pb[0], pb[1], pb[2], pa[3], pa[4], pa[5]);
        assertEquals(TokenRefusal.BAD_SIGNATURE, refusal(() -> verifier().verify(spliced)));
    }

    @Test
    void aSealedTokenVerifiesAndCannotBeAttenuated() {
        Token sealed = issue("data:write:/a")
                .attenuate(caps("data:read:/a"), 0, random)
                .seal();
        assertTrue(sealed.sealed());
        assertEquals(caps("data:read:/a"), verifier().verify(sealed.encoded()).capabilities());
        assertThrows(HavenException.class, () -> sealed.attenuate(Capabilities.NONE, 0, random));
        assertEquals(sealed, sealed.seal());
    }

    @Test
    void aSealWithAChangedByteIsRefused() {
        String[] parts = issue("control").seal().encoded().split("\\.");
        byte[] proof = Base64Url.decode(parts[3]);
        proof[5] ^= 1;
        parts[3] = Base64Url.encode(proof);
        assertEquals(TokenRefusal.BAD_SIGNATURE, refusal(() -> verifier().verify(String.join(".", parts))));
    }

    @Test
    void checkRefusesASessionWhoseTokenWasRevokedOrExpiredOrWhoseKeyWasRetired() {
        Token t = issue("control");
        TokenVerifier v = verifier();
        Identity id = v.verify(t.encoded());
        v.check(id);
        assertEquals(TokenRefusal.EXPIRED, refusal(() -> verifier(NOW.plus(Duration.ofHours(2)))
                .check(id)));
        assertEquals(TokenRefusal.UNKNOWN_KEY, refusal(() -> v.withKeys(KeyRing.of(OTHER.getPublic()))
                .check(id)));
        revoked.add(id.tokenId());
        assertEquals(TokenRefusal.REVOKED, refusal(() -> v.check(id)));
        v.check(Identity.unrestricted());
    }

    @Test
    void aRingWithSeveralKeysAcceptsTokensOfEachAndRetiringOneRefusesItsTokens() {
        Token old = issue("control");
        Token fresh = new TokenIssuer(OTHER, random).issue("prod", "bob", caps("control"), NOW, Duration.ofHours(1));
        TokenVerifier both = verifier().withKeys(KeyRing.of(CLUSTER.getPublic(), OTHER.getPublic()));
        both.verify(old.encoded());
        both.verify(fresh.encoded());
        TokenVerifier rotated = both.withKeys(both.keys().without(ClusterKeys.keyId(CLUSTER.getPublic())));
        assertEquals(TokenRefusal.UNKNOWN_KEY, refusal(() -> rotated.verify(old.encoded())));
        rotated.verify(fresh.encoded());
    }

    @Test
    void aNodeTokenIsATokenForANodeSubjectWithTheNodeCapability() {
        Token t = issuer.issue(
                "prod", "node:6f1c0c1e-0000-4000-8000-000000000001", caps("node"), NOW, Duration.ofDays(365));
        Identity id = verifier().verify(t.encoded());
        assertTrue(id.capabilities().has(Capability.Operation.NODE));
        assertFalse(id.capabilities().has(Capability.Operation.CONTROL));
    }
}
