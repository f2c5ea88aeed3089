package io.haven.protocol.auth;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The token golden vectors of {@code protocol-docs/vectors/auth}: a test cluster key, a root token, an attenuation of
 * it and that attenuation sealed, all from fixed keys, ids and times (Ed25519 signatures are deterministic), plus
 * the hex of each block's payload. {@code TokenVectorTest} checks the files against what the code makes and
 * verifies them; {@link #main} rewrites them after a deliberate change of the format (protocol-docs/README.md,
 * "Golden vectors").
 */
public final class TokenVectors {
    static final Path DEFAULT_DIR = Path.of("..", "protocol-docs", "vectors", "auth");

    /** 2026-01-01T00:00:00Z, the time of every vector. */
    static final long T0 = 1_767_225_600_000L;

    static final String AUDIENCE = "prod";
    static final String SUBJECT = "alice";
    static final String TOKEN_ID = "00112233445566778899aabbccddeeff";
    static final long EXPIRES = T0 + 3_600_000;
    static final long ATTENUATED_EXPIRES = T0 + 1_800_000;
    static final Capabilities ROOT_CAPS = Capabilities.parse(List.of("data:write:/app1", "discover"));
    static final Capabilities ATTENUATED_CAPS = Capabilities.parse(List.of("data:read:/app1/config"));

    private TokenVectors() {}

    /** The cluster key of the vectors: a test key, published, never to be used for anything else. */
    static KeyPair clusterKey() {
        return ClusterKeys.generate(new FixedRandom("haven golden vectors: cluster key"));
    }

    static Token root(KeyPair key) {
        TokenIssuer issuer = new TokenIssuer(key, new FixedRandom("haven golden vectors: root token"));
        return issuer.issue(new TokenClaims(
                ClusterKeys.keyId(key.getPublic()), AUDIENCE, SUBJECT, TOKEN_ID, T0, EXPIRES, ROOT_CAPS));
    }

    static Token attenuated(Token root) {
        return root.attenuate(
                ATTENUATED_CAPS, ATTENUATED_EXPIRES, new FixedRandom("haven golden vectors: attenuation"));
    }

    /** Every file of the vector directory by name, as text. */
    static Map<String, String> files() {
        KeyPair key = clusterKey();
        Token root = root(key);
        Token attenuated = attenuated(root);
        Map<String, String> m = new LinkedHashMap<>();
        m.put("cluster.key", ClusterKeys.privatePem(key.getPrivate()));
        m.put("cluster.pub", ClusterKeys.publicPem(key.getPublic()));
        m.put("token.txt", root.encoded() + "\n");
        m.put("token.attenuated.txt", attenuated.encoded() + "\n");
        m.put("token.sealed.txt", attenuated.seal().encoded() + "\n");
        m.put("token.block0.hex", hex(root.blocks().get(0).payload()));
        m.put("token.attenuated.block1.hex", hex(attenuated.blocks().get(1).payload()));
        return m;
    }

    static String hex(byte[] body) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < body.length; i++) {
            sb.append(String.format("%02x", body[i] & 0xff));
            sb.append(i % 16 == 15 || i == body.length - 1 ? "\n" : " ");
        }
        return sb.toString();
    }

    public static void main(String[] args) throws IOException {
        Path dir = args.length > 0 ? Path.of(args[0]) : DEFAULT_DIR;
        Files.createDirectories(dir);
        for (Map.Entry<String, String> e : files().entrySet()) {
            Files.writeString(dir.resolve(e.getKey()), e.getValue(), StandardCharsets.US_ASCII);
        }
        System.out.println("wrote " + files().size() + " token vectors to "
                + dir.toAbsolutePath().normalize());
    }
}
