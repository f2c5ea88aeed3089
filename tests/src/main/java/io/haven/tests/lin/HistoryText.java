package io.haven.tests.lin;

import java.util.List;
import java.util.Locale;

/** Human-readable histories: one call a line, times relative to the first invocation. */
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
        StringBuilder b = new StringBuilder();
        ops.stream()
                .sorted(java.util.Comparator.comparingLong(Op::invokeNanos))
                .forEach(op -> b.append(line(op, origin)).append('\n'));
        return b.toString();
    }

    private static String line(Op op, long origin) {
        String end = op.completeNanos() == Op.INFINITY ? "inf" : millis(op.completeNanos() - origin);
        String answer = op.outcome() == Outcome.OK ? " -> " + op.output() : "";
        return String.format(
                Locale.ROOT,
                "  p%-3d %10s .. %-10s ms  %-4s  %s%s",
                op.process(),
                millis(op.invokeNanos() - origin),
                end,
                op.outcome(),
                op.input(),
                answer);
    }

    private static String millis(long nanos) {
        return String.format(Locale.ROOT, "+%.3f", nanos / 1e6);
    }
}
