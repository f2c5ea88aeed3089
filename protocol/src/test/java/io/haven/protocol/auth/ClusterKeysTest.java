package io.haven.protocol.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.PublicKey;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClusterKeysTest {
    @TempDir
    Path dir;

    private final KeyPair pair = ClusterKeys.generate(new FixedRandom("keys"));

    @Test
    void writingMakesAnOwnerOnlyPrivateKeyAndAPublicKeyInPem() throws IOException {
        ClusterKeys.write(dir.resolve("keys"), pair);
        Path key = dir.resolve("keys/cluster.key");
        Path pub = dir.resolve("keys/cluster.pub");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(key)));
        assertTrue(Files.readString(key).startsWith("-----BEGIN PRIVATE KEY-----\n"));
        assertTrue(Files.readString(pub).startsWith("-----BEGIN PUBLIC KEY-----\n"));
    }

    @Test
    void whatWasWrittenReadsBackAsThePair() throws IOException {
        ClusterKeys.write(dir, pair);
        KeyPair read = ClusterKeys.readPair(dir.resolve("cluster.key"), dir.resolve("cluster.pub"));
        assertArrayEquals(pair.getPrivate().getEncoded(), read.getPrivate().getEncoded());
        assertArrayEquals(pair.getPublic().getEncoded(), read.getPublic().getEncoded());
    }

    @Test
    void anExistingKeyIsNeverOverwritten() throws IOException {
        ClusterKeys.write(dir, pair);
        String before = Files.readString(dir.resolve("cluster.key"));
        assertThrows(
                FileAlreadyExistsException.class,
                () -> ClusterKeys.write(dir, ClusterKeys.generate(new FixedRandom("another"))));
        assertEquals(before, Files.readString(dir.resolve("cluster.key")));
    }

    @Test
    void halvesOfTwoPairsAreRefused() throws IOException {
        ClusterKeys.write(dir.resolve("a"), pair);
        ClusterKeys.write(dir.resolve("b"), ClusterKeys.generate(new FixedRandom("another")));
        assertThrows(
                IOException.class,
                () -> ClusterKeys.readPair(dir.resolve("a/cluster.key"), dir.resolve("b/cluster.pub")));
    }

    @Test
    void theKeyIdIsSixteenHexDigitsOfTheKeysHash() {
        String id = ClusterKeys.keyId(pair.getPublic());
        assertTrue(id.matches("[0-9a-f]{16}"), id);
        assertEquals(
                id,
                ClusterKeys.keyId(ClusterKeys.generate(new FixedRandom("keys")).getPublic()));
    }

    @Test
    void aFileThatIsNoKeyIsAnIoFailure() throws IOException {
        Path f = dir.resolve("x.pub");
        Files.writeString(f, "hello\n");
        assertThrows(IOException.class, () -> ClusterKeys.readPublicKey(f));
        assertThrows(IOException.class, () -> ClusterKeys.readPrivateKey(f));
    }

    @Test
    void aRingReadsEveryKeyOfAFile() throws IOException {
        PublicKey other = ClusterKeys.generate(new FixedRandom("another")).getPublic();
        Path f = dir.resolve("ring.pub");
        Files.writeString(f, ClusterKeys.publicPem(pair.getPublic()) + ClusterKeys.publicPem(other));
        KeyRing ring = KeyRing.read(f);
        assertEquals(
                List.of(ClusterKeys.keyId(pair.getPublic()), ClusterKeys.keyId(other)), List.copyOf(ring.keyIds()));
    }

    @Test
    void keysMadeByOpensslAreRead() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/openssl")), "openssl is not installed");
        Path key = dir.resolve("o.key");
        Path pub = dir.resolve("o.pub");
        run("/usr/bin/openssl", "genpkey", "-algorithm", "ed25519", "-out", key.toString());
        run("/usr/bin/openssl", "pkey", "-in", key.toString(), "-pubout", "-out", pub.toString());
        KeyPair read = ClusterKeys.readPair(key, pub);
        assertEquals(ClusterKeys.keyId(read.getPublic()), ClusterKeys.keyId(ClusterKeys.readPublicKey(pub)));
    }

    private static void run(String... command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
    }
}
