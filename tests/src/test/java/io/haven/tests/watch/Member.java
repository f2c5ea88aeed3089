package io.haven.tests.watch;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * One havend process of a {@link Members} quorum: a fixed uuid, fixed loopback ports and its own data directory, so
 * that a restart brings the same member back. Its output goes to {@code havend.log} beside the data, across
 * restarts. Guarded by its own monitor.
 */
final class Member {
    private final int index;
    private final String uuid;
    private final int clientPort;
    private final int raftPort;
    private final Path data;
    private final Path log;
    private final List<String> settings;
    private Process process;

    /** @param settings havend settings as {@code key=value}, each passed with {@code --set} */
    Member(int index, Path home, List<String> settings) throws IOException {
        this.settings = List.copyOf(settings);
        this.index = index;
        this.uuid = UUID.nameUUIDFromBytes(("haven-watch-member-" + index).getBytes(StandardCharsets.UTF_8))
                .toString();
        this.clientPort = DevNode.freePort();
        this.raftPort = DevNode.freePort();
        this.data = home.resolve("data");
        this.log = home.resolve("havend.log");
    }

    String address() {
        return "127.0.0.1:" + clientPort;
    }

    /** CONTROL's peer form: {@code uuid=raft-address/client-address}. */
    String peer() {
        return uuid + "=127.0.0.1:" + raftPort + "/" + address();
    }

    /** Starts the process on its data directory and waits until it answers CONNECT. */
    synchronized void start() throws IOException, InterruptedException {
        Files.createDirectories(data);
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        String cp = System.getProperty("surefire.test.class.path");
        cmd.add(cp != null && !cp.isEmpty() ? cp : System.getProperty("java.class.path"));
        cmd.add("io.haven.daemon.Havend");
        cmd.addAll(List.of("--node-id", uuid, "--data", data.toString(), "--listen", address()));
        cmd.addAll(List.of("--raft", "127.0.0.1:" + raftPort));
        for (String setting : settings) {
            cmd.addAll(List.of("--set", setting));
        }
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(this + " exited with " + process.exitValue() + "; see " + log);
            }
            try (HavenClient c = HavenClient.connect(options()).get(5, TimeUnit.SECONDS)) {
                return;
            } catch (Exception e) {
                if (System.nanoTime() > end) {
                    throw new IllegalStateException(this + " did not answer CONNECT in 60 s; see " + log, e);
                }
            }
            Thread.sleep(100);
        }
    }

    ClientOptions options() {
        return ClientOptions.of(address())
                .withConnectTimeout(Duration.ofSeconds(2))
                .withDefaultDeadline(Duration.ofSeconds(20));
    }

    /** {@code kill -9} and wait for the exit. */
    synchronized void kill() throws InterruptedException {
        if (process != null && process.isAlive()) {
            process.destroyForcibly();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException(this + " survived SIGKILL for 30 s");
            }
        }
    }

    /** {@code kill -STOP} or {@code kill -CONT}: frozen with its sockets open, then going on. */
    synchronized void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /** Everything the member logged, over its restarts. */
    String log() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    @Override
    public String toString() {
        return "member " + index + " (" + address() + ")";
    }
}
