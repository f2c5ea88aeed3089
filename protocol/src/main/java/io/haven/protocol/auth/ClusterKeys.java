package io.haven.protocol.auth;

import io.haven.protocol.auth.internal.Ed25519;
import io.haven.protocol.auth.internal.Pem;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The cluster key: an Ed25519 key pair kept as two PEM files, {@value #PRIVATE_FILE} (PKCS#8, {@code BEGIN
 * PRIVATE KEY}, mode 0600) which issues tokens, and {@value #PUBLIC_FILE} (X.509 SubjectPublicKeyInfo, {@code BEGIN
 * PUBLIC KEY}) which nodes verify them with. The same files OpenSSL reads and writes ({@code openssl genpkey
 * -algorithm ed25519}). A key is named by its {@linkplain #keyId key id}.
 */
public final class ClusterKeys {
    public static final String PRIVATE_FILE = "cluster.key";
    public static final String PUBLIC_FILE = "cluster.pub";

    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private ClusterKeys() {}

    public static KeyPair generate(SecureRandom random) {
        return Ed25519.generate(random);
    }

    /** The id tokens name the key by: the first 8 bytes of SHA-256 of its X.509 encoding, as 16 hex digits. */
    public static String keyId(PublicKey key) {
        return Ed25519.keyId(key);
    }

    public static String privatePem(PrivateKey key) {
        Ed25519.seed(key);
        return Pem.write(Pem.PRIVATE_KEY, key.getEncoded());
    }

    public static String publicPem(PublicKey key) {
        Ed25519.raw(key);
        return Pem.write(Pem.PUBLIC_KEY, key.getEncoded());
    }

    /**
     * Writes {@code dir/cluster.key} (owner read/write only, made so from its creation) and {@code dir/cluster.pub},
     * creating {@code dir} if needed. Never overwrites: {@link FileAlreadyExistsException} if either exists.
     */
    public static void write(Path dir, KeyPair pair) throws IOException {
        Path key = dir.resolve(PRIVATE_FILE);
        Path pub = dir.resolve(PUBLIC_FILE);
        for (Path p : List.of(key, pub)) {
            if (Files.exists(p)) {
                throw new FileAlreadyExistsException(p.toString(), null, "a cluster key is already there");
            }
        }
        Files.createDirectories(dir);
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        FileAttribute<?>[] attrs = posix
                ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(OWNER_ONLY)}
                : new FileAttribute<?>[0];
        Files.createFile(key, attrs);
        Files.writeString(key, privatePem(pair.getPrivate()), StandardCharsets.US_ASCII, StandardOpenOption.WRITE);
        Files.writeString(pub, publicPem(pair.getPublic()), StandardCharsets.US_ASCII, StandardOpenOption.CREATE_NEW);
    }

    /** Reads a {@code BEGIN PRIVATE KEY} Ed25519 key; IOException when the file holds none. */
    public static PrivateKey readPrivateKey(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            byte[] der = Pem.read(text, Pem.PRIVATE_KEY);
            PrivateKey key = KeyFactory.getInstance(Ed25519.ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(der));
            Ed25519.seed(key);
            return key;
        } catch (IllegalArgumentException | InvalidKeySpecException e) {
            throw new IOException(file + " is not an Ed25519 private key in PEM: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no Ed25519", e);
        }
    }

    /** Reads the one {@code BEGIN PUBLIC KEY} Ed25519 key of a file. */
    public static PublicKey readPublicKey(Path file) throws IOException {
        List<PublicKey> keys = readPublicKeys(file);
        if (keys.size() != 1) {
            throw new IOException(file + " holds " + keys.size() + " public keys, not one");
        }
        return keys.get(0);
    }

    /** Reads every {@code BEGIN PUBLIC KEY} Ed25519 key of a file, in order (a key ring may be one file). */
    public static List<PublicKey> readPublicKeys(Path file) throws IOException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        List<PublicKey> keys = new ArrayList<>();
        try {
            for (byte[] der : Pem.readAll(text, Pem.PUBLIC_KEY)) {
                PublicKey key = Ed25519.publicKeyX509(der);
                Ed25519.raw(key);
                keys.add(key);
            }
        } catch (IllegalArgumentException e) {
            throw new IOException(file + " is not an Ed25519 public key in PEM: " + e.getMessage(), e);
        }
        return keys;
    }

    /**
     * The key pair of a private key file and the public key file beside it; IOException when they are not halves of
     * one pair. The private key file alone cannot name its key id: a PKCS#8 Ed25519 key carries no public key.
     */
    public static KeyPair readPair(Path privateFile, Path publicFile) throws IOException {
        PrivateKey privateKey = readPrivateKey(privateFile);
        PublicKey publicKey = readPublicKey(publicFile);
        if (!Ed25519.pair(privateKey, publicKey)) {
            throw new IOException(privateFile + " and " + publicFile + " are not one key pair");
        }
        return new KeyPair(publicKey, privateKey);
    }
}
