package io.haven.protocol.auth.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * PEM (RFC 7468) text: base64 of DER between {@code -----BEGIN label-----} and {@code -----END label-----}, 64
 * characters a line. Reading accepts any line length and ignores text outside the blocks, as OpenSSL does.
 */
public final class Pem {
    public static final String PRIVATE_KEY = "PRIVATE KEY";
    public static final String PUBLIC_KEY = "PUBLIC KEY";
    public static final String CERTIFICATE = "CERTIFICATE";

    private Pem() {}

    public static String write(String label, byte[] der) {
        String b64 = Base64.getEncoder().encodeToString(der);
        StringBuilder sb = new StringBuilder("-----BEGIN ").append(label).append("-----\n");
        for (int i = 0; i < b64.length(); i += 64) {
            sb.append(b64, i, Math.min(b64.length(), i + 64)).append('\n');
        }
        return sb.append("-----END ").append(label).append("-----\n").toString();
    }

    /** The DER of every block labelled {@code label}, in order; fails when there is none or one is broken. */
    public static List<byte[]> readAll(String text, String label) {
        String begin = "-----BEGIN " + label + "-----";
        String end = "-----END " + label + "-----";
        List<byte[]> blocks = new ArrayList<>();
        int from = 0;
        while (true) {
            int b = text.indexOf(begin, from);
            if (b < 0) {
                break;
            }
            int e = text.indexOf(end, b + begin.length());
            if (e < 0) {
                throw new IllegalArgumentException("PEM block " + label + " has no END line");
            }
            String body = text.substring(b + begin.length(), e).replaceAll("\\s", "");
            try {
                blocks.add(Base64.getDecoder().decode(body.getBytes(StandardCharsets.US_ASCII)));
            } catch (IllegalArgumentException x) {
                throw new IllegalArgumentException("PEM block " + label + " is not base64: " + x.getMessage(), x);
            }
            from = e + end.length();
        }
        if (blocks.isEmpty()) {
            throw new IllegalArgumentException("no PEM block " + label + " (expected a line " + begin + ")");
        }
        return blocks;
    }

    /** The DER of the one block labelled {@code label}. */
    public static byte[] read(String text, String label) {
        List<byte[]> all = readAll(text, label);
        if (all.size() != 1) {
            throw new IllegalArgumentException("expected one PEM block " + label + ", found " + all.size());
        }
        return all.get(0);
    }
}
