package io.haven.bench.load;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.HdrHistogram.Histogram;

/**
 * The result of a run: per operation name and in total, how many answers arrived while measuring, the throughput,
 * and latency percentiles in milliseconds; failures per error code. Rendered as a table ({@link #table}) and as JSON
 * ({@link #json}).
 *
 * @param system the system driven ({@code haven} or {@code etcd})
 * @param label the run's label, empty if none
 * @param workload the workload's name
 * @param clients virtual clients
 * @param connections connections
 * @param rate the open loop's target rate, 0 for a closed loop
 * @param measured how long the measurement actually lasted
 * @param generatorCores CPU time the generator's own process used while measuring, in cores (CPU seconds per
 *     second): on a shared machine, what the generator took from the nodes
 * @param rows one per operation name, then the total (named {@code all})
 * @param errors failures per error code while measuring
 */
public record LoadReport(
        String system,
        String label,
        String workload,
        int clients,
        int connections,
        int rate,
        Duration measured,
        double generatorCores,
        List<Row> rows,
        Map<String, Long> errors) {

    /** One operation name's figures; latencies in milliseconds. */
    public record Row(
            String name, long count, double perSecond, double p50, double p90, double p99, double p999, double max) {
        static Row of(String name, Histogram h, Duration measured) {
            double seconds = measured.toNanos() / 1e9;
            return new Row(
                    name,
                    h.getTotalCount(),
                    seconds > 0 ? h.getTotalCount() / seconds : 0,
                    ms(h, 50),
                    ms(h, 90),
                    ms(h, 99),
                    ms(h, 99.9),
                    h.getTotalCount() == 0 ? 0 : h.getMaxValue() / 1000.0);
        }

        private static double ms(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? 0 : h.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    public LoadReport {
        Objects.requireNonNull(system, "system");
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(workload, "workload");
        Objects.requireNonNull(measured, "measured");
        rows = List.copyOf(rows);
        errors = Map.copyOf(errors);
    }

    static LoadReport of(
            LoadOptions o,
            Duration measured,
            double generatorCores,
            Map<String, Histogram> histograms,
            Map<String, Long> errors) {
        List<Row> rows = new ArrayList<>();
        Histogram all = new Histogram(3);
        histograms.forEach((name, h) -> {
            rows.add(Row.of(name, h, measured));
            all.add(h);
        });
        if (histograms.size() != 1) {
            rows.add(Row.of("all", all, measured));
        }
        return new LoadReport(
                o.system().wireName(),
                o.label(),
                o.workload().wireName(),
                o.clients(),
                o.connections(),
                o.rate(),
                measured,
                generatorCores,
                rows,
                errors);
    }

    /** The total row: the only row when the workload sends one kind of request. */
    public Row total() {
        return rows.get(rows.size() - 1);
    }

    public long errorCount() {
        return errors.values().stream().mapToLong(Long::longValue).sum();
    }

    /** A fixed-width table, one line per operation name, then the errors. */
    public String table() {
        StringBuilder b = new StringBuilder();
        b.append(String.format(
                Locale.ROOT,
                "%s%s: %s, %d clients over %d connections, %s, measured %.1f s, generator CPU %.2f cores%n",
                label.isEmpty() ? "" : label + ", ",
                system,
                workload,
                clients,
                connections,
                rate > 0 ? "open loop at " + rate + "/s" : "closed loop",
                measured.toMillis() / 1000.0,
                generatorCores));
        b.append(String.format(
                Locale.ROOT,
                "%-14s %10s %10s %9s %9s %9s %9s %9s%n",
                "op",
                "count",
                "ops/s",
                "p50 ms",
                "p90 ms",
                "p99 ms",
                "p99.9 ms",
                "max ms"));
        for (Row r : rows) {
            b.append(String.format(
                    Locale.ROOT,
                    "%-14s %10d %10.0f %9.2f %9.2f %9.2f %9.2f %9.2f%n",
                    r.name(),
                    r.count(),
                    r.perSecond(),
                    r.p50(),
                    r.p90(),
                    r.p99(),
                    r.p999(),
                    r.max()));
        }
        if (errors.isEmpty()) {
            b.append("errors: none\n");
        } else {
            b.append("errors:");
            errors.entrySet().stream()
                    .sorted(Map.Entry.comparingByKey())
                    .forEach(e -> b.append(' ').append(e.getKey()).append('=').append(e.getValue()));
            b.append('\n');
        }
        return b.toString();
    }

    /** The report as one JSON object. */
    public String json() {
        StringBuilder b = new StringBuilder("{");
        b.append("\"system\":").append(quote(system));
        b.append(",\"label\":").append(quote(label));
        b.append(",\"workload\":").append(quote(workload));
        b.append(",\"clients\":").append(clients);
        b.append(",\"connections\":").append(connections);
        b.append(",\"rate\":").append(rate);
        b.append(",\"measured_s\":").append(num(measured.toNanos() / 1e9));
        b.append(",\"generator_cores\":").append(num(generatorCores));
        b.append(",\"ops\":[");
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            b.append(i == 0 ? "" : ",")
                    .append("{\"name\":")
                    .append(quote(r.name()))
                    .append(",\"count\":")
                    .append(r.count())
                    .append(",\"per_second\":")
                    .append(num(r.perSecond()))
                    .append(",\"p50_ms\":")
                    .append(num(r.p50()))
                    .append(",\"p90_ms\":")
                    .append(num(r.p90()))
                    .append(",\"p99_ms\":")
                    .append(num(r.p99()))
                    .append(",\"p999_ms\":")
                    .append(num(r.p999()))
                    .append(",\"max_ms\":")
                    .append(num(r.max()))
                    .append('}');
        }
        b.append("],\"errors\":{");
        List<String> codes = errors.keySet().stream().sorted().toList();
        for (int i = 0; i < codes.size(); i++) {
            b.append(i == 0 ? "" : ",").append(quote(codes.get(i))).append(':').append(errors.get(codes.get(i)));
        }
        return b.append("}}").toString();
    }

    private static String num(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
