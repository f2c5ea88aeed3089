package io.haven.tests.lin;

import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Human-readable histories: one call a line, times relative to the first invocation (in ms, or ns if short). */
public final class HistoryText {
    private HistoryText() {}

    /**
     * Renders {@code ops} (sorted by invocation) as lines like {@code p3  +0.120 .. +1.480 ms  OK    Cas[expected=1,
     * value=b] -> Written[version=2]}.
     */
    public static String render(List<Op> ops) {
        if (ops.isEmpty()) {
            return "  (no calls)\n";
        }
        long origin = ops.stream().mapToLong(Op::invokeNanos).min().orElseThrow();
        long last = ops.stream()
                .mapToLong(o -> o.completeNanos() == Op.INFINITY ? o.invokeNanos() : o.completeNanos())
                .max()
                .orElseThrow();
        // Real runs span milliseconds; hand-written and simulated histories tick in single nanoseconds.
        boolean nanos = last - origin < 1_000_000;
        StringBuilder b = new StringBuilder();
        ops.stream().sorted(Comparator.comparingLong(Op::invokeNanos)).forEach(op -> b.append(line(op, origin, nanos))
                .append('\n'));
        return b.toString();
    }

    private static String line(Op op, long origin, boolean nanos) {
        String end = op.completeNanos() == Op.INFINITY ? "inf" : time(op.completeNanos() - origin, nanos);
        String answer = op.outcome() == Outcome.OK ? " -> " + op.output() : "";
        return String.format(
                Locale.ROOT,
                "  p%-3d %10s .. %-10s %s  %-4s  %s%s",
                op.process(),
                time(op.invokeNanos() - origin, nanos),
                end,
                nanos ? "ns" : "ms",
                op.outcome(),
                op.input(),
                answer);
    }

    private static String time(long sinceOrigin, boolean nanos) {
        return nanos ? "+" + sinceOrigin : String.format(Locale.ROOT, "+%.3f", sinceOrigin / 1e6);
    }
}
