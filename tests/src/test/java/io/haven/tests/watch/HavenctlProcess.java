package io.haven.tests.watch;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/** A real {@code havenctl} process run from this JVM's test classpath, its stdout and stderr kept line by line. */
final class HavenctlProcess implements AutoCloseable {
    private final Process process;
    private final List<String> out = new CopyOnWriteArrayList<>();
    private final List<String> err = new CopyOnWriteArrayList<>();
    private final Thread outPump;
    private final Thread errPump;

    private HavenctlProcess(List<String> args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx128m");
        cmd.add("-XX:+UseSerialGC");
        cmd.add("-XX:TieredStopAtLevel=1");
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("io.haven.ctl.HavenCtl");
        cmd.addAll(args);
        process = new ProcessBuilder(cmd).start();
        outPump = pump(process.getInputStream(), out, "out");
        errPump = pump(process.getErrorStream(), err, "err");
    }

    static HavenctlProcess start(String... args) throws IOException {
        return new HavenctlProcess(List.of(args));
    }

    private static String classpath() {
        String cp = System.getProperty("surefire.test.class.path");
        return cp != null && !cp.isEmpty() ? cp : System.getProperty("java.class.path");
    }

    private Thread pump(InputStream in, List<String> into, String name) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                        String line;
                        while ((line = r.readLine()) != null) {
                            into.add(line);
                        }
                    } catch (IOException e) {
                        into.add("(pump ended: " + e + ")");
                    }
                },
                "havenctl-" + name + "-" + process.pid());
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Waits for the exit and the last output; fails with what was printed when it does not come in time. */
    int awaitExit(long timeoutMs) throws InterruptedException {
        if (!process.waitFor(timeoutMs, TimeUnit.MILLISECONDS)) {
            throw new AssertionError("havenctl still runs after " + timeoutMs + " ms; " + describe());
        }
        outPump.join(timeoutMs);
        errPump.join(timeoutMs);
        return process.exitValue();
    }

    /** Waits until a stdout line passes {@code test}. */
    void awaitLine(Predicate<String> test, long timeoutMs) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
        while (out.stream().noneMatch(test)) {
            if (System.nanoTime() > end || !process.isAlive()) {
                throw new AssertionError("no such line from havenctl; " + describe());
            }
            Thread.sleep(20);
        }
    }

    /** SIGINT, as Ctrl-C in a terminal sends it. */
    void interrupt() throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -INT " + process.pid() + " failed");
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    List<String> out() {
        return List.copyOf(out);
    }

    String describe() {
        return "stdout:\n" + String.join("\n", out) + "\nstderr:\n" + String.join("\n", err);
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }
}
