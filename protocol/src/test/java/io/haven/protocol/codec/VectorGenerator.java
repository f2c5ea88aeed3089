package io.haven.protocol.codec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes the golden vectors: {@code <name>.hex} for every message in {@link Samples}, as lowercase hex, 16 bytes a
 * line. Run from the protocol module (see {@code protocol-docs/README.md}, "Golden vectors"); the argument is the
 * output directory, {@code ../protocol-docs/vectors} by default.
 */
public final class VectorGenerator {
    static final Path DEFAULT_DIR = Path.of("..", "protocol-docs", "vectors");

    private VectorGenerator() {}

    /** Every vector's body by name, in a stable order. */
    static Map<String, byte[]> vectors() {
        Map<String, byte[]> m = new LinkedHashMap<>();
        Samples.requests().forEach((name, r) -> m.put(name, MessageCodec.encode(r)));
        Samples.serverMessages().forEach((name, s) -> m.put(name, MessageCodec.encode(s)));
        return m;
    }

    static String toHex(byte[] body) {
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
        for (Map.Entry<String, byte[]> e : vectors().entrySet()) {
            Files.writeString(dir.resolve(e.getKey() + ".hex"), toHex(e.getValue()), StandardCharsets.US_ASCII);
        }
        System.out.println("wrote " + vectors().size() + " vectors to "
                + dir.toAbsolutePath().normalize());
    }
}
