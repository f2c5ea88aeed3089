package io.haven.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.storage.internal.Cf;
import io.haven.storage.internal.Db;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Replicas must hold the same bytes: the same stream applied in this JVM and in another one (where hash orders
 * of maps and sets differ) gives byte-identical column families.
 */
class DeterminismTest {
    static final StoreOptions OPTIONS =
            StoreOptions.builder().pendingRetryMs(3000).sweepLimit(5).build();
    private static final long SEED = 7;
    private static final int COMMANDS = 3000;

    @TempDir
    Path dir;

    @Test
    void theSameStreamGivesTheSameBytesInAnotherJvm() throws Exception {
        Path here = dir.resolve("here");
        Path there = dir.resolve("there");
        try (Store store = Store.open(here, OPTIONS)) {
            Streams.replay(SEED, COMMANDS, store, OPTIONS);
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        ReplayMain.class.getName(),
                        there.toString(),
                        Long.toString(SEED),
                        Integer.toString(COMMANDS))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        String out;
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            out = r.readLine();
        }
        assertTrue(child.waitFor(120, TimeUnit.SECONDS), "the replay did not finish");
        assertEquals(0, child.exitValue());
        assertEquals("done", out);
        byte[] a = digest(here);
        byte[] b = digest(there);
        assertArrayEquals(a, b);
    }

    private static byte[] digest(Path store) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        long entries = 0;
        try (Db db = Db.open(store, OPTIONS, true)) {
            for (Cf cf : Cf.values()) {
                md.update(cf.nameBytes());
                byte[] from = new byte[0];
                while (true) {
                    List<Map.Entry<byte[], byte[]>> page = db.layer().scan(cf, from, null, 1000);
                    for (Map.Entry<byte[], byte[]> e : page) {
                        md.update(e.getKey());
                        md.update(e.getValue());
                        entries++;
                    }
                    if (page.size() < 1000) {
                        break;
                    }
                    byte[] last = page.get(page.size() - 1).getKey();
                    from = java.util.Arrays.copyOf(last, last.length + 1);
                }
            }
        }
        assertTrue(entries > 1000, "only " + entries + " entries");
        return md.digest();
    }
}
