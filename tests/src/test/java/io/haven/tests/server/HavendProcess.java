package io.haven.tests.server;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real havend process on an ephemeral loopback port: started with this JVM's test classpath (which holds havend
 * and its dependencies), its log collected line by line, its port read from the startup log.
 */
final class HavendProcess implements AutoCloseable {
    private static final Pattern LISTENING = Pattern.compile("listening for clients on ([0-9.]+):(\\d+)");
    private static final long START_TIMEOUT_MS = 30_000;

    private final Process process;
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final InetSocketAddress address;
    private final Thread pump;

    private HavendProcess(Path data, List<String> extraArgs) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx256m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("io.haven.daemon.Havend");
        cmd.add("--data");
        cmd.add(data.toString());
        cmd.add("--listen");
        cmd.add("127.0.0.1:0");
        cmd.add("--raft");
        cmd.add("127.0.0.1:" + freePort());
        cmd.addAll(extraArgs);
        process = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        pump = new Thread(this::pumpLog, "havend-log-" + process.pid());
        pump.setDaemon(true);
        pump.start();
        address = awaitAddress();
    }

    static HavendProcess start(Path data, String... extraArgs) throws IOException, InterruptedException {
        return new HavendProcess(data, List.of(extraArgs));
    }

    /**
     * A port free right now, for the Raft transport (which needs its real port up front, unlike the client port);
     * the default 7401 would collide with any other havend on this machine.
     */
    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /** Surefire puts the real classpath here when it runs tests through a manifest-only jar. */
    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isEmpty() ? cp : System.getProperty("java.class.path");
    }

    private void pumpLog() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                log.add(line);
            }
        } catch (IOException e) {
            log.add("(log pump ended: " + e + ")");
        }
    }

    private InetSocketAddress awaitAddress() throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_TIMEOUT_MS);
        while (System.nanoTime() < end) {
            for (String line : log) {
                Matcher m = LISTENING.matcher(line);
                if (m.find()) {
                    return new InetSocketAddress(m.group(1), Integer.parseInt(m.group(2)));
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("havend exited with " + process.exitValue() + ":\n" + log());
            }
            Thread.sleep(20);
        }
        process.destroyForcibly();
        throw new IllegalStateException("havend did not report its address in time:\n" + log());
    }

    InetSocketAddress address() {
        return address;
    }

    Process process() {
        return process;
    }

    /** Everything the process has logged so far. */
    String log() {
        return String.join("\n", log);
    }

    /**
     * Sends SIGTERM and waits for the exit code. The signal goes through {@code kill} rather than {@link
     * Process#destroy()}, which would also close the pipe the shutdown log comes through.
     */
    int terminate(long timeoutMs) throws InterruptedException, IOException {
        Process kill = new ProcessBuilder("kill", "-TERM", Long.toString(process.pid()))
                .redirectErrorStream(true)
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -TERM " + process.pid() + " failed");
        }
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            throw new IllegalStateException("havend did not stop within " + timeoutMs + " ms of SIGTERM:\n" + log());
        }
        pump.join(timeoutMs); // the last lines may still be in the pipe
        return process.exitValue();
    }

    /** Kills the process if it still runs and waits for it; an interrupt is kept for the caller to see. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
            try {
                process.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
