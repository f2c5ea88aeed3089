package io.haven.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The token vectors of {@code protocol-docs/vectors/auth} are what the code makes from their fixed inputs, byte for
 * byte, and verify as protocol-docs/auth.md says they do.
 */
class TokenVectorTest {
    private static final Path DIR = TokenVectors.DEFAULT_DIR;

    private static String read(String name) throws IOException {
        return Files.readString(DIR.resolve(name), StandardCharsets.US_ASCII);
    }

    private static String token(String name) throws IOException {
        return read(name).strip();
    }

    private static TokenVerifier verifierAt(long millis) throws IOException {
        return new TokenVerifier(
                KeyRing.read(DIR.resolve("cluster.pub")),
                TokenVectors.AUDIENCE,
                id -> false,
                Clock.fixed(Instant.ofEpochMilli(millis), ZoneOffset.UTC));
    }

    @Test
    void everyVectorFileIsWhatTheCodeMakes() throws IOException {
        for (Map.Entry<String, String> e : TokenVectors.files().entrySet()) {
            assertEquals(
                    e.getValue(),
                    read(e.getKey()),
                    e.getKey() + " differs: run TokenVectors after a deliberate change");
        }
    }

    @Test
    void theDirectoryHoldsExactlyTheVectors() throws IOException {
        Set<String> names;
        try (Stream<Path> list = Files.list(DIR)) {
            names = list.map(p -> p.getFileName().toString()).collect(Collectors.toCollection(TreeSet::new));
        }
        assertEquals(new TreeSet<>(TokenVectors.files().keySet()), names);
    }

    @Test
    void theKeyFilesAreOnePair() throws IOException {
        KeyPair pair = ClusterKeys.readPair(DIR.resolve("cluster.key"), DIR.resolve("cluster.pub"));
        assertArrayEquals(
                TokenVectors.clusterKey().getPublic().getEncoded(),
                pair.getPublic().getEncoded());
    }

    @Test
    void theRootTokenVerifiesToItsClaims() throws IOException {
        Identity id = verifierAt(TokenVectors.T0 + 60_000).verify(token("token.txt"));
        assertEquals(TokenVectors.SUBJECT, id.subject());
        assertEquals(TokenVectors.TOKEN_ID, id.tokenId());
        assertEquals(TokenVectors.ROOT_CAPS, id.capabilities());
        assertEquals(TokenVectors.EXPIRES, id.expiresAt());
        assertEquals(ClusterKeys.keyId(ClusterKeys.readPublicKey(DIR.resolve("cluster.pub"))), id.keyId());
    }

    @Test
    void theAttenuatedTokenVerifiesToItsNarrowerClaims() throws IOException {
        Identity id = verifierAt(TokenVectors.T0 + 60_000).verify(token("token.attenuated.txt"));
        assertEquals(TokenVectors.TOKEN_ID, id.tokenId());
        assertEquals(TokenVectors.ATTENUATED_CAPS, id.capabilities());
        assertEquals(TokenVectors.ATTENUATED_EXPIRES, id.expiresAt());
    }

    @Test
    void theSealedTokenVerifiesAndIsSealed() throws IOException {
        String text = token("token.sealed.txt");
        assertTrue(Token.parse(text).sealed());
        assertEquals(
                TokenVectors.ATTENUATED_CAPS,
                verifierAt(TokenVectors.T0 + 60_000).verify(text).capabilities());
    }

    @Test
    void theAttenuatedTokenExpiresAtItsOwnEarlierExpiry() throws IOException {
        TokenVerifier later = verifierAt(TokenVectors.ATTENUATED_EXPIRES);
        later.verify(token("token.txt"));
        assertEquals(
                TokenRefusal.EXPIRED,
                assertThrows(TokenRefusedException.class, () -> later.verify(token("token.attenuated.txt")))
                        .reason());
    }

    @Test
    void theBlockHexFilesAreThePayloadsInTheTokens() throws IOException {
        Token attenuated = Token.parse(token("token.attenuated.txt"));
        assertEquals(
                read("token.block0.hex"),
                TokenVectors.hex(attenuated.blocks().get(0).payload()));
        assertEquals(
                read("token.attenuated.block1.hex"),
                TokenVectors.hex(attenuated.blocks().get(1).payload()));
    }
}
