package io.haven.tests.cluster;

import io.haven.client.ClientOptions;
import io.haven.client.HavenClient;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One havend process of a {@link HavenCluster}: a fixed uuid, a fixed host and ports and its own data directory, so
 * that a restart brings back the same member. Its stdout and stderr are appended to {@code havend.log} in the data
 * directory's parent, across restarts.
 *
 * <p>The host is {@code 127.0.0.1} unless the node was made with a {@link Placement}: the fault-injection tests run
 * each node in its own network namespace ({@code ip netns exec NAME} as the launcher, which execs the JVM, so the
 * process handle is the JVM's and {@code kill -9} / {@code kill -STOP} reach it) on an address of a private bridge.
 *
 * <p>Thread-safe: the process handle and the paused flag are guarded by {@code this}.
 */
public final class ClusterNode {
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(60);

    private final int index;
    private final String uuid;
    private final String host;
    private final List<String> launcher;
    private final int clientPort;
    private final int raftPort;
    private final Path data;
    private final Path log;
    private final ProcessRegistry registry;
    private final List<String> settings;

    private Process process;
    private boolean paused;

    /**
     * Where a node runs: the host it binds its client and Raft ports to, and the command its JVM is started through
     * (empty: started directly). The launcher must exec the JVM rather than fork it, so that signals sent to the
     * process reach the JVM.
     */
    public record Placement(String host, List<String> launcher) {
        public static final Placement LOOPBACK = new Placement("127.0.0.1", List.of());

        public Placement {
            launcher = List.copyOf(launcher);
        }
    }

    /** @param settings havend settings as {@code key=value}, passed with {@code --set} */
    public ClusterNode(
            int index,
            String uuid,
            int clientPort,
            int raftPort,
            Path home,
            List<String> settings,
            ProcessRegistry registry) {
        this(index, uuid, Placement.LOOPBACK, clientPort, raftPort, home, settings, registry);
    }

    /** A node bound to {@code placement}'s host and started through its launcher. */
    public ClusterNode(
            int index,
            String uuid,
            Placement placement,
            int clientPort,
            int raftPort,
            Path home,
            List<String> settings,
            ProcessRegistry registry) {
        this.settings = List.copyOf(settings);
        this.index = index;
        this.uuid = uuid;
        this.host = placement.host();
        this.launcher = placement.launcher();
        this.clientPort = clientPort;
        this.raftPort = raftPort;
        this.data = home.resolve("data");
        this.log = home.resolve("havend.log");
        this.registry = registry;
    }

    public int index() {
        return index;
    }

    public String uuid() {
        return uuid;
    }

    /** The address the node binds, without a port. */
    public String host() {
        return host;
    }

    public String clientAddress() {
        return host + ":" + clientPort;
    }

    public String raftAddress() {
        return host + ":" + raftPort;
    }

    /** This member as CONTROL's {@code peers} names it: {@code uuid=raft-address/client-address}. */
    public String peer() {
        return uuid + "=" + raftAddress() + "/" + clientAddress();
    }

    public Path data() {
        return data;
    }

    public Path logFile() {
        return log;
    }

    /** The file this node reads its fault points from (see io.haven.quorum.FaultPoints#reload). */
    public Path faultPoints() {
        return data.resolveSibling(data.getFileName() + ".fault-points");
    }

    /** Starts the process (the data directory is reused if it exists) and waits until it answers CONNECT. */
    public synchronized void start() throws IOException, InterruptedException {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("node " + index + " is already running");
        }
        Files.createDirectories(data);
        List<String> cmd = new ArrayList<>(launcher);
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Four or five JVMs share two cores: a small heap and the serial collector keep each one's footprint down.
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        // The fault harness slows this node's disk by writing this file (FaultPoints); absent, nothing happens.
        cmd.add("-Dhaven.fault-points=" + faultPoints());
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("io.haven.daemon.Havend");
        cmd.add("--node-id");
        cmd.add(uuid);
        cmd.add("--data");
        cmd.add(data.toString());
        cmd.add("--listen");
        cmd.add(clientAddress());
        cmd.add("--raft");
        cmd.add(raftAddress());
        for (String s : settings) {
            cmd.add("--set");
            cmd.add(s);
        }
        Files.writeString(
                log,
                "==== " + Instant.now() + " starting node " + index + ": havend "
                        + String.join(" ", cmd.subList(cmd.indexOf("io.haven.daemon.Havend") + 1, cmd.size()))
                        + "\n",
                StandardCharsets.UTF_8,
                StandardOpenOption.CREATE,
                StandardOpenOption.APPEND);
        process = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
        paused = false;
        registry.add(process);
        awaitReady();
    }

    /** Surefire puts the real classpath here when it runs tests through a manifest-only jar. */
    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isEmpty() ? cp : System.getProperty("java.class.path");
    }

    /** Polls CONNECT until the node answers it; fails early if the process dies. */
    private void awaitReady() throws InterruptedException {
        long end = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        while (System.nanoTime() < end) {
            if (!process.isAlive()) {
                throw new IllegalStateException(
                        "node " + index + " exited with " + process.exitValue() + " while starting:\n" + tail(40));
            }
            try (HavenClient c = HavenClient.connect(options().withConnectTimeout(Duration.ofSeconds(2)))
                    .get(5, TimeUnit.SECONDS)) {
                if (c.session().isPresent()) {
                    return;
                }
            } catch (Exception e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(
                "node " + index + " did not answer CONNECT within " + READY_TIMEOUT + " (" + last + "):\n" + tail(40));
    }

    /** Client options for this node alone; reconnects quickly so a restarted node is found again soon. */
    public ClientOptions options() {
        return ClientOptions.of(clientAddress())
                .withDefaultDeadline(Duration.ofSeconds(20))
                .withReconnectBackoff(Duration.ofMillis(100), Duration.ofMillis(500));
    }

    /** {@code kill -9}: the process gets no chance to flush or say goodbye. */
    public synchronized void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("node " + index + " survived SIGKILL for 30 s");
        }
        registry.remove(process);
        paused = false;
    }

    /** {@code kill -STOP}: the process freezes with its sockets open, as in a long GC pause or a hung disk. */
    public synchronized void pause() throws IOException, InterruptedException {
        signal("STOP");
        paused = true;
    }

    /** {@code kill -CONT}. */
    public synchronized void resume() throws IOException, InterruptedException {
        signal("CONT");
        paused = false;
    }

    private void signal(String name) throws IOException, InterruptedException {
        if (!isRunning()) {
            throw new IllegalStateException("node " + index + " is not running");
        }
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + process.pid() + " failed");
        }
    }

    /**
     * {@code kill -TERM} and waits for the process to exit: havend shuts down gracefully, closing its stores.
     *
     * @return the exit code
     */
    public synchronized int stop(Duration timeout) throws IOException, InterruptedException {
        if (process == null || !process.isAlive()) {
            return process == null ? 0 : process.exitValue();
        }
        if (paused) {
            signal("CONT");
            paused = false;
        }
        signal("TERM");
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("node " + index + " did not exit within " + timeout + " of SIGTERM");
        }
        registry.remove(process);
        return process.exitValue();
    }

    /** Kills the process if it runs and starts it again on the same ports and data directory. */
    public void restart() throws IOException, InterruptedException {
        kill();
        start();
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Running and not paused: it can answer. */
    public synchronized boolean isServing() {
        return isRunning() && !paused;
    }

    /** The last {@code lines} lines of this node's log, across its restarts. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** The whole log, for checks of what the node reported. */
    public String logText() throws IOException {
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "node " + index + " (" + uuid + ", client " + clientAddress() + ", raft " + raftAddress() + ")";
    }
}
