package io.haven.protocol.codec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The golden vectors through another MessagePack implementation (Python's msgpack, Debian's python3-msgpack): each
 * must decode and re-encode to the same bytes there too, which shows the canonical form is plain MessagePack that
 * a client in another language reproduces with its library's defaults. Skipped where that library is missing.
 */
class CrossLibraryVectorTest {
    private static final String SCRIPT = String.join(
            "\n",
            "import glob, sys, msgpack",
            "bad = []",
            "files = sorted(glob.glob(sys.argv[1] + '/*.hex'))",
            "for f in files:",
            "    b = bytes.fromhex(''.join(open(f).read().split()))",
            "    v = msgpack.unpackb(b, raw=False)",
            "    if not isinstance(v, dict) or msgpack.packb(v, use_bin_type=True) != b:",
            "        bad.append(f)",
            "print(len(files), 'checked;', 'differ:', ' '.join(bad) if bad else 'none')",
            "sys.exit(1 if bad or not files else 0)",
            "");

    private static boolean pythonHasMsgpack(String python) {
        try {
            Process p = new ProcessBuilder(python, "-c", "import msgpack").start();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Test
    void everyVectorReencodesByteForByteWithPythonMsgpack() throws Exception {
        String python = Files.isExecutable(Path.of("/usr/bin/python3")) ? "/usr/bin/python3" : "python3";
        assumeTrue(pythonHasMsgpack(python), "python3 with msgpack (python3-msgpack) is not installed");
        Process p = new ProcessBuilder(python, "-c", SCRIPT, VectorGenerator.DEFAULT_DIR.toString())
                .redirectErrorStream(true)
                .start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(true, p.waitFor(60, TimeUnit.SECONDS), "python did not finish");
        assertEquals(0, p.exitValue(), out);
    }
}
