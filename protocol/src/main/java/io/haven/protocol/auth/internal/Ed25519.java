package io.haven.protocol.auth.internal;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.SignatureException;
import java.security.interfaces.EdECPrivateKey;
import java.security.spec.EdECPrivateKeySpec;
import java.security.spec.InvalidKeySpecException;
import java.security.spec.NamedParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.HexFormat;

/**
 * Ed25519 (RFC 8032) with the JDK's SunEC provider, and the raw forms tokens carry: a public key as its 32 bytes,
 * a private key as its 32-byte seed. The JDK speaks X.509 and PKCS#8; the raw public key is the last 32 bytes of
 * the X.509 form behind a fixed 12-byte header, so converting needs no curve arithmetic.
 */
public final class Ed25519 {
    public static final int KEY_BYTES = 32;
    public static final int SIGNATURE_BYTES = 64;
    public static final String ALGORITHM = "Ed25519";

    /** SubjectPublicKeyInfo header of every Ed25519 key: SEQUENCE, AlgorithmIdentifier 1.3.101.112, BIT STRING. */
    private static final byte[] X509_HEADER = HexFormat.of().parseHex("302a300506032b6570032100");

    private Ed25519() {}

    public static KeyPair generate(SecureRandom random) {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance(ALGORITHM);
            g.initialize(NamedParameterSpec.ED25519, random);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw missing(e);
        }
    }

    /** Signs the concatenation of {@code parts}. */
    public static byte[] sign(PrivateKey key, byte[]... parts) {
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initSign(key);
            for (byte[] p : parts) {
                s.update(p);
            }
            return s.sign();
        } catch (InvalidKeyException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        } catch (SignatureException | NoSuchAlgorithmException e) {
            throw missing(e);
        }
    }

    /**
     * Whether {@code signature} is the key's signature of the concatenation of {@code parts}. A signature of the
     * wrong length, or a key that is not a curve point, is simply not valid.
     */
    public static boolean verify(PublicKey key, byte[] signature, byte[]... parts) {
        if (signature.length != SIGNATURE_BYTES) {
            return false;
        }
        try {
            Signature s = Signature.getInstance(ALGORITHM);
            s.initVerify(key);
            for (byte[] p : parts) {
                s.update(p);
            }
            return s.verify(signature);
        } catch (InvalidKeyException | SignatureException e) {
            return false;
        } catch (NoSuchAlgorithmException e) {
            throw missing(e);
        }
    }

    /** The 32 raw bytes of an Ed25519 public key. */
    public static byte[] raw(PublicKey key) {
        byte[] x509 = key.getEncoded();
        if (x509 == null
                || x509.length != X509_HEADER.length + KEY_BYTES
                || !Arrays.equals(x509, 0, X509_HEADER.length, X509_HEADER, 0, X509_HEADER.length)) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + key.getAlgorithm());
        }
        return Arrays.copyOfRange(x509, X509_HEADER.length, x509.length);
    }

    /** The public key whose raw bytes are {@code raw}; fails on a wrong length, not on a non-point (verify does). */
    public static PublicKey publicKey(byte[] raw) {
        if (raw.length != KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 public key is 32 bytes, not " + raw.length);
        }
        byte[] x509 = Arrays.copyOf(X509_HEADER, X509_HEADER.length + KEY_BYTES);
        System.arraycopy(raw, 0, x509, X509_HEADER.length, KEY_BYTES);
        return publicKeyX509(x509);
    }

    public static PublicKey publicKeyX509(byte[] x509) {
        try {
            return KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(x509));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an Ed25519 public key: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw missing(e);
        }
    }

    /** The 32-byte seed of an Ed25519 private key. */
    public static byte[] seed(PrivateKey key) {
        if (key instanceof EdECPrivateKey ed && ed.getBytes().isPresent()) {
            byte[] seed = ed.getBytes().get();
            if (seed.length == KEY_BYTES) {
                return seed;
            }
        }
        throw new IllegalArgumentException("not an Ed25519 private key: " + key.getAlgorithm());
    }

    public static PrivateKey privateKey(byte[] seed) {
        if (seed.length != KEY_BYTES) {
            throw new IllegalArgumentException("an Ed25519 private key is 32 bytes, not " + seed.length);
        }
        try {
            return KeyFactory.getInstance(ALGORITHM)
                    .generatePrivate(new EdECPrivateKeySpec(NamedParameterSpec.ED25519, seed.clone()));
        } catch (InvalidKeySpecException e) {
            throw new IllegalArgumentException("not an Ed25519 private key: " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw missing(e);
        }
    }

    /** Whether the two keys are halves of one pair: a signature by one verifies with the other. */
    public static boolean pair(PrivateKey privateKey, PublicKey publicKey) {
        byte[] probe = "haven key pair probe".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        return verify(publicKey, sign(privateKey, probe), probe);
    }

    /** The key id tokens name a cluster key by: the first 8 bytes of SHA-256 of its X.509 encoding, in hex. */
    public static String keyId(PublicKey key) {
        raw(key);
        return HexFormat.of().formatHex(sha256(key.getEncoded()), 0, 8);
    }

    public static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw missing(e);
        }
    }

    /** Every Java 17 runtime has Ed25519 and SHA-256; without them nothing here can work. */
    private static IllegalStateException missing(GeneralSecurityException e) {
        return new IllegalStateException("the JDK's Ed25519 or SHA-256 is not available: " + e.getMessage(), e);
    }
}
