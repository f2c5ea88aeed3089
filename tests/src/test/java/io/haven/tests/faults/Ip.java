package io.haven.tests.faults;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Runs {@code ip} (iproute2) commands and reports their output; a command that fails throws with its stderr. */
final class Ip {
    private static final long TIMEOUT_SECONDS = 30;

    private Ip() {}

    /** Whether {@code ip} exists and this process may make network namespaces (root, or CAP_SYS_ADMIN). */
    static boolean namespacesAvailable() {
        String name = "hvf-probe-" + ProcessHandle.current().pid();
        try {
            run("netns", "add", name);
            run("netns", "del", name);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** {@code ip args...}; throws with the command's output when it exits non-zero. */
    static String run(String... args) throws IOException {
        Result r = tryRun(args);
        if (r.exit() != 0) {
            throw new IOException("ip " + String.join(" ", args) + " exited " + r.exit() + ": "
                    + r.output().strip());
        }
        return r.output();
    }

    record Result(int exit, String output) {}

    /** {@code ip args...}, whatever it exits with (for cleanup, where "not found" is fine). */
    static Result tryRun(String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add("ip");
        cmd.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IOException("cannot run ip: " + e.getMessage(), e);
        }
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("ip " + String.join(" ", args) + " hung for " + TIMEOUT_SECONDS + " s");
            }
            return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted running ip " + String.join(" ", args), e);
        }
    }
}
