package io.haven.daemon;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.UUID;

/**
 * The node's uuid, made once and kept in {@code <data>/node-id} so that a restarted node is the same node. A uuid
 * asked for on the command line must match the kept one: a data directory belongs to one node.
 */
final class NodeIdentity {
    static final String FILE = "node-id";

    private NodeIdentity() {}

    /**
     * The uuid kept in {@code data}, made (from {@code requested} or at random) and kept when there is none.
     *
     * @throws IllegalArgumentException when {@code requested} is not a uuid or differs from the kept one, or the
     *     kept file does not hold a uuid
     * @throws IOException when the directory or file cannot be read or written
     */
    static String loadOrCreate(Path data, Optional<String> requested) throws IOException {
        requested.ifPresent(id -> canonical(id, "--node-id"));
        Files.createDirectories(data);
        Path file = data.resolve(FILE);
        if (Files.exists(file)) {
            String kept =
                    canonical(Files.readString(file, StandardCharsets.UTF_8).strip(), file.toString());
            if (requested.isPresent() && !requested.get().equals(kept)) {
                throw new IllegalArgumentException("data directory " + data + " belongs to node " + kept
                        + ", not to the requested node " + requested.get());
            }
            return kept;
        }
        String id = requested.orElseGet(() -> UUID.randomUUID().toString());
        // Written aside and moved into place so that a crash never leaves a half-written id behind.
        Path tmp = data.resolve(FILE + ".tmp");
        Files.writeString(tmp, id + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return id;
    }

    private static String canonical(String text, String source) {
        try {
            UUID uuid = UUID.fromString(text);
            if (!uuid.toString().equals(text.toLowerCase(java.util.Locale.ROOT))) {
                throw new IllegalArgumentException("not canonical");
            }
            return uuid.toString();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": \"" + text + "\" is not a uuid", e);
        }
    }
}
