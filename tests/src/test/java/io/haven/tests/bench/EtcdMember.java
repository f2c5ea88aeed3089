package io.haven.tests.bench;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A one-member etcd child process (the {@code etcd} binary on the PATH, Debian's etcd-server) on free loopback ports,
 * ready once its status names a leader. Only for tests of the load generator's etcd driver; the comparison itself
 * runs a 3-member etcd from {@code bin/haven-bench-vs-etcd}.
 */
final class EtcdMember implements AutoCloseable {
    private static final long START_TIMEOUT_MS = 30_000;

    private final Process process;
    private final Path log;
    private final int clientPort;

    private EtcdMember(Process process, Path log, int clientPort) {
        this.process = process;
        this.log = log;
        this.clientPort = clientPort;
    }

    /** The etcd binary on the PATH, if there is one. */
    static Optional<Path> binary() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "etcd");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    static EtcdMember start(Path binary, Path dir) throws IOException, InterruptedException {
        Files.createDirectories(dir);
        int client = freePort();
        int peer = freePort();
        Path log = dir.resolve("etcd.log");
        String clientUrl = "http://127.0.0.1:" + client;
        String peerUrl = "http://127.0.0.1:" + peer;
        Process p = new ProcessBuilder(
                        binary.toString(),
                        "--name=t1",
                        "--data-dir=" + dir.resolve("data"),
                        "--listen-client-urls=" + clientUrl,
                        "--advertise-client-urls=" + clientUrl,
                        "--listen-peer-urls=" + peerUrl,
                        "--initial-advertise-peer-urls=" + peerUrl,
                        "--initial-cluster=t1=" + peerUrl,
                        "--logger=zap",
                        "--log-outputs=stderr")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        EtcdMember member = new EtcdMember(p, log, client);
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < end && p.isAlive()) {
            if (member.hasLeader(http)) {
                return member;
            }
            Thread.sleep(100);
        }
        member.close();
        throw new IllegalStateException("etcd did not get a leader:\n" + member.log());
    }

    /** The client address, host:port, as the load generator's --targets takes it. */
    String address() {
        return "127.0.0.1:" + clientPort;
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    }

    private boolean hasLeader(HttpClient http) throws InterruptedException {
        HttpRequest status = HttpRequest.newBuilder(URI.create("http://" + address() + "/v3/maintenance/status"))
                .timeout(Duration.ofSeconds(2))
                .POST(HttpRequest.BodyPublishers.ofString("{}"))
                .build();
        try {
            String body =
                    http.send(status, HttpResponse.BodyHandlers.ofString()).body();
            return body.contains("\"leader\"") && !body.contains("\"leader\":\"0\"");
        } catch (IOException e) {
            return false; // not listening yet
        }
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
