package io.haven.tests.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * A {@code havend --dev} child process on free loopback ports, started with this JVM's test classpath and ready once
 * it logs {@code havend ready} (its one-member quorum has a leader by then).
 */
final class DevNode implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 60_000;

    private final Process process;
    private final Path log;
    private final int port;

    private DevNode(Process process, Path log, int port) {
        this.process = process;
        this.log = log;
        this.port = port;
    }

    /**
     * Starts a node; on a busy machine a dev start can fail (its Raft group add can outlive the Raft client's
     * timeout, and the retry finds the group present), so a failed start is tried again with a fresh directory.
     */
    static DevNode start(Path dir) throws IOException, InterruptedException {
        IllegalStateException last = null;
        for (int attempt = 1; attempt <= 3; attempt++) {
            try {
                return startOnce(dir.resolve("attempt" + attempt));
            } catch (IllegalStateException e) {
                last = e;
            }
        }
        throw last;
    }

    private static DevNode startOnce(Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int port = freePort();
        Path log = dir.resolve("havend.log");
        Process p = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx256m",
                        "-cp",
                        classpath(),
                        "io.haven.daemon.Havend",
                        "--dev",
                        "--data",
                        dir.resolve("data").toString(),
                        "--listen",
                        "127.0.0.1:" + port,
                        "--raft",
                        "127.0.0.1:" + freePort())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        DevNode node = new DevNode(p, log, port);
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < end) {
            if (node.log().contains("havend ready")) {
                return node;
            }
            if (!p.isAlive()) {
                break;
            }
            Thread.sleep(50);
        }
        node.close();
        throw new IllegalStateException("havend --dev did not get ready:\n" + node.log());
    }

    String address() {
        return "127.0.0.1:" + port;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    /** Surefire puts the real classpath here when it runs tests through a manifest-only jar. */
    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isEmpty() ? cp : System.getProperty("java.class.path");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the kill is sent; the caller's interrupt is kept
        }
    }
}
