package io.haven.bench.load;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * What a run observed: latencies in microseconds per operation name and failures per error code. Written from the
 * clients' I/O threads at once ({@link Recorder} is wait-free for writers); only answers that arrive while {@link
 * #measuring} count toward the report, while every answer feeds the progress line.
 */
final class Stats {
    private final Map<String, Recorder> latencies = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> errors = new ConcurrentHashMap<>();
    private final Recorder progress = new Recorder(3);
    private final LongAdder progressErrors = new LongAdder();
    private volatile boolean measuring;

    /** Registers an operation name before the run, so the first answers do not race to create its recorder. */
    void expect(String name) {
        latencies.computeIfAbsent(name, n -> new Recorder(3));
    }

    void startMeasuring() {
        for (Recorder r : latencies.values()) {
            r.reset();
        }
        errors.clear();
        measuring = true;
    }

    /** Stops counting and returns what was measured: per operation name, its histogram. */
    Map<String, Histogram> stopMeasuring() {
        measuring = false;
        Map<String, Histogram> out = new TreeMap<>();
        latencies.forEach((name, r) -> out.put(name, r.getIntervalHistogram()));
        return out;
    }

    /** Failures per error code (for example {@code ERROR_TIMEOUT}) while measuring. */
    Map<String, Long> errors() {
        Map<String, Long> out = new TreeMap<>();
        errors.forEach((code, n) -> out.put(code, n.sum()));
        return out;
    }

    void success(String name, long nanos) {
        long micros = Math.max(1, nanos / 1000);
        progress.recordValue(micros);
        if (measuring) {
            latencies.computeIfAbsent(name, n -> new Recorder(3)).recordValue(micros);
        }
    }

    /** A failure, counted under {@code code} (for example {@code ERROR_TIMEOUT}) if measuring. */
    void failure(String code) {
        progressErrors.increment();
        if (measuring) {
            errors.computeIfAbsent(code, c -> new LongAdder()).increment();
        }
    }

    /** Latencies of every answer since the previous call, and failures since then: for the progress line. */
    Histogram progressInterval() {
        return progress.getIntervalHistogram();
    }

    long progressErrorsThenReset() {
        return progressErrors.sumThenReset();
    }
}
