package io.haven.bench.load;

import io.haven.protocol.data.DataRequest;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * One run of the load generator against a {@link Target}: connects, writes the keys a read workload needs, runs the warm-up and the measured
 * window, then stops its clients and waits (at most a deadline) for the answers still outstanding.
 *
 * <p>Closed loop: each virtual client sends its next request from the thread that completed the previous one (a
 * client's I/O thread), so no thread of ours sits between an answer and the next request. Open loop: a pacer thread
 * hands each scheduled request to an idle client, waiting for one when all are busy; latency counts from when the
 * request was due, so a stalled node is not hidden by the generator waiting for it (coordinated omission).
 */
final class LoadRun {
    private static final int PRELOAD_IN_FLIGHT = 256;

    /** Where a client whose request failed before it was sent goes on; daemon threads, so exit is never held. */
    private static final Executor RESTART = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "haven-bench-restart");
        t.setDaemon(true);
        return t;
    });

    private final LoadOptions options;
    private final PrintStream log;
    private final Stats stats = new Stats();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final String runId = UUID.randomUUID().toString().substring(0, 8);
    private volatile boolean running = true;

    LoadRun(LoadOptions options, PrintStream log) {
        this.options = options;
        this.log = log;
    }

    LoadReport run() throws InterruptedException {
        try (Target target = Target.connect(options)) {
            return run(target);
        } finally {
            running = false;
        }
    }

    private LoadReport run(Target target) throws InterruptedException {
        byte[] value = new byte[options.valueSize()];
        new java.util.Random(42).nextBytes(value);
        if (options.workload().preload()) {
            preload(target, value);
        }
        List<VirtualClient> clients = new ArrayList<>();
        for (int i = 0; i < options.clients(); i++) {
            Script script = new Script(options.workload(), runId, i, value, options.keyCount(), 1000L + i);
            clients.add(new VirtualClient(script, target, i % options.connections()));
        }
        for (String name : expectedNames()) {
            stats.expect(name);
        }
        Progress progress = new Progress(stats, options, log);
        Thread pacer = null;
        if (options.openLoop()) {
            pacer = new Thread(() -> pace(clients), "haven-bench-pacer");
            pacer.setDaemon(true);
            pacer.start();
        } else {
            for (VirtualClient c : clients) {
                c.loop();
            }
        }
        progress.phase("warm-up", options.warmup());
        sleep(options.warmup());
        stats.startMeasuring();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        progress.phase("measure", options.duration());
        sleep(options.duration());
        Map<String, Histogram> histograms = stats.stopMeasuring();
        Duration measured = Duration.ofNanos(System.nanoTime() - start);
        double cores = (processCpuNanos() - cpuStart) / (double) measured.toNanos();
        Map<String, Long> errors = stats.errors();
        progress.stop();
        running = false;
        if (pacer != null) {
            pacer.join(options.deadline().toMillis() + 1000);
        }
        drain();
        return LoadReport.of(options, measured, Math.max(0, cores), histograms, errors);
    }

    private List<String> expectedNames() {
        return switch (options.workload()) {
            case PROMISE_CREATE -> List.of("promise.create");
            case KV_PUT -> List.of("kv.put");
            case KV_GET -> List.of("kv.get");
            case MIX -> List.of("kv.get", "kv.put");
            case TASK -> List.of("task.create", "task.release", "task.acquire", "task.complete");
        };
    }

    /** Writes every key of the run once, so that reads find a value. */
    private void preload(Target target, byte[] value) throws InterruptedException {
        Semaphore window = new Semaphore(PRELOAD_IN_FLIGHT);
        List<CompletableFuture<?>> all = new ArrayList<>();
        for (int i = 0; i < options.keyCount(); i++) {
            window.acquire();
            CompletableFuture<?> f = target.send(
                    i % options.connections(),
                    new DataRequest.KvPut(Script.key(runId, i), value, "", DataRequest.NO_VERSION));
            f.whenComplete((r, e) -> window.release());
            all.add(f);
        }
        CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
    }

    private void pace(List<VirtualClient> clients) {
        BlockingQueue<VirtualClient> idle = new ArrayBlockingQueue<>(clients.size(), false, clients);
        long interval = TimeUnit.SECONDS.toNanos(1) / options.rate();
        long due = System.nanoTime();
        try {
            while (running) {
                due += interval;
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
                VirtualClient c = idle.poll(100, TimeUnit.MILLISECONDS);
                while (c == null && running) {
                    c = idle.poll(100, TimeUnit.MILLISECONDS);
                }
                if (c == null) {
                    return;
                }
                VirtualClient client = c;
                client.once(due, () -> idle.add(client));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Waits until no request is outstanding, at most a deadline and a second (the clients fail them by then). */
    private void drain() throws InterruptedException {
        long end = System.nanoTime() + options.deadline().toNanos() + TimeUnit.SECONDS.toNanos(1);
        while (inFlight.get() > 0 && System.nanoTime() < end) {
            Thread.sleep(10);
        }
    }

    /** CPU time of this process so far; 0 where the JVM does not tell (the report then shows 0 cores). */
    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? Math.max(0, os.getProcessCpuTime())
                : 0;
    }

    private static void sleep(Duration d) throws InterruptedException {
        long end = System.nanoTime() + d.toNanos();
        for (long left = d.toNanos(); left > 0; left = end - System.nanoTime()) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    /** One virtual client: its script and its connection. One request outstanding at a time. */
    private final class VirtualClient {
        private final Script script;
        private final Target target;
        private final int connection;
        /** Written and read by whichever thread completes this client's request; ordered by the future. */
        private boolean lastOk = true;

        VirtualClient(Script script, Target target, int connection) {
            this.script = script;
            this.target = target;
            this.connection = connection;
        }

        /** Closed loop: sends requests one after another until the run stops. */
        void loop() {
            while (running) {
                Script.Step step = script.next(lastOk);
                long start = System.nanoTime();
                inFlight.incrementAndGet();
                CompletableFuture<?> f = target.send(connection, step.request());
                if (f.isDone()) {
                    // Answered at once (a failure before sending): go on from another thread, so that neither the
                    // caller (main, at the start) nor the stack is held by a client that keeps failing at once.
                    finish(step, start, f);
                    CompletableFuture.runAsync(this::loop, RESTART);
                    return;
                }
                f.whenComplete((r, e) -> {
                    finish(step, start, f);
                    loop();
                });
                return;
            }
        }

        /** Open loop: sends one request due at {@code due} (System.nanoTime), then calls {@code done}. */
        void once(long due, Runnable done) {
            Script.Step step = script.next(lastOk);
            inFlight.incrementAndGet();
            target.send(connection, step.request()).whenComplete((r, e) -> {
                record(step, due, e);
                done.run();
            });
        }

        private void finish(Script.Step step, long start, CompletableFuture<?> f) {
            Throwable failure = null;
            try {
                f.join();
            } catch (RuntimeException e) {
                failure = e;
            }
            record(step, start, failure);
        }

        private void record(Script.Step step, long start, Throwable failure) {
            long nanos = System.nanoTime() - start;
            inFlight.decrementAndGet();
            lastOk = failure == null;
            if (failure == null) {
                stats.success(step.name(), nanos);
            } else {
                stats.failure(target.errorCode(failure));
            }
        }
    }

    /** The progress line on stderr: each second on a terminal, each five seconds otherwise. */
    private static final class Progress {
        private final Stats stats;
        private final PrintStream out;
        private final boolean terminal = System.console() != null;
        private final Thread thread;
        private volatile String phase = "connect";
        private volatile long phaseEnd;
        private volatile boolean stopped;

        Progress(Stats stats, LoadOptions options, PrintStream out) {
            this.stats = stats;
            this.out = out;
            this.thread = new Thread(this::run, "haven-bench-progress");
            thread.setDaemon(true);
            if (options.progress()) {
                thread.start();
            }
        }

        void phase(String name, Duration length) {
            phaseEnd = System.nanoTime() + length.toNanos();
            phase = name;
        }

        void stop() throws InterruptedException {
            stopped = true;
            thread.interrupt();
            if (thread.isAlive()) {
                thread.join(1000);
                if (terminal) {
                    out.println();
                }
            }
        }

        private void run() {
            long periodMs = terminal ? 1000 : 5000;
            stats.progressInterval();
            long last = System.nanoTime();
            while (!stopped) {
                try {
                    Thread.sleep(periodMs);
                } catch (InterruptedException e) {
                    return;
                }
                long now = System.nanoTime();
                Histogram h = stats.progressInterval();
                long errors = stats.progressErrorsThenReset();
                double seconds = (now - last) / 1e9;
                last = now;
                long left = Math.max(0, TimeUnit.NANOSECONDS.toSeconds(phaseEnd - now));
                String line = String.format(
                        Locale.ROOT,
                        "%-8s %3d s left | %8.0f ops/s | p50 %7.2f ms | p99 %7.2f ms | errors %d",
                        phase,
                        left,
                        h.getTotalCount() / seconds,
                        h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(50) / 1000.0,
                        h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(99) / 1000.0,
                        errors);
                if (terminal) {
                    out.print("\r" + line);
                    out.flush();
                } else {
                    out.println(line);
                }
            }
        }
    }
}
