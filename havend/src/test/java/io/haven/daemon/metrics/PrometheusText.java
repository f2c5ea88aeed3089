package io.haven.daemon.metrics;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text exposition format 0.0.4, for the tests: every line must be a {@code #
 * HELP}, a {@code # TYPE} or a sample of a family declared before it; names, labels and values must parse; a
 * histogram's buckets must be cumulative and end in {@code +Inf} equal to its count. Anything else fails.
 */
final class PrometheusText {
    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");
    private static final Set<String> TYPES = Set.of("counter", "gauge", "histogram", "summary", "untyped");

    record Sample(String name, Map<String, String> labels, double value) {}

    record Family(String name, String type, String help, List<Sample> samples) {
        Set<String> labelNames() {
            Set<String> names = new HashSet<>();
            for (Sample s : samples) {
                names.addAll(s.labels().keySet());
            }
            names.remove("le");
            return names;
        }
    }

    private PrometheusText() {}

    static Map<String, Family> parse(String text) {
        if (!text.isEmpty() && !text.endsWith("\n")) {
            throw new AssertionError("the exposition does not end with a newline");
        }
        Map<String, Family> families = new LinkedHashMap<>();
        Map<String, String> help = new TreeMap<>();
        Set<String> seen = new HashSet<>();
        int n = 0;
        for (String line : text.split("\n", -1)) {
            n++;
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# HELP ")) {
                String[] parts = line.substring(7).split(" ", 2);
                name(parts[0], n);
                if (help.put(parts[0], parts.length > 1 ? parts[1] : "") != null) {
                    throw new AssertionError("line " + n + ": second HELP for " + parts[0]);
                }
            } else if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring(7).split(" ");
                if (parts.length != 2 || !TYPES.contains(parts[1])) {
                    throw new AssertionError("line " + n + ": bad TYPE line: " + line);
                }
                name(parts[0], n);
                if (families.containsKey(parts[0])) {
                    throw new AssertionError("line " + n + ": second TYPE for " + parts[0]);
                }
                families.put(
                        parts[0], new Family(parts[0], parts[1], help.getOrDefault(parts[0], ""), new ArrayList<>()));
            } else if (line.startsWith("#")) {
                continue;
            } else {
                Sample s = sample(line, n);
                if (!seen.add(s.name() + s.labels())) {
                    throw new AssertionError("line " + n + ": duplicate sample " + line);
                }
                family(families, s.name(), n).samples().add(s);
            }
        }
        families.values().stream().filter(f -> f.type().equals("histogram")).forEach(PrometheusText::checkHistogram);
        return families;
    }

    private static Family family(Map<String, Family> families, String sample, int line) {
        Family f = families.get(sample);
        if (f != null && !f.type().equals("histogram")) {
            return f;
        }
        for (String suffix : List.of("_bucket", "_sum", "_count", "_created")) {
            if (sample.endsWith(suffix)) {
                Family h = families.get(sample.substring(0, sample.length() - suffix.length()));
                if (h != null && (h.type().equals("histogram") || h.type().equals("summary"))) {
                    return h;
                }
            }
        }
        throw new AssertionError("line " + line + ": sample " + sample + " of no declared family");
    }

    private static Sample sample(String line, int n) {
        int brace = line.indexOf('{');
        int space;
        Map<String, String> labels = new TreeMap<>();
        String name;
        if (brace >= 0) {
            name = line.substring(0, brace);
            int i = brace + 1;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                if (!LABEL.matcher(label).matches()) {
                    throw new AssertionError("line " + n + ": bad label name " + label);
                }
                if (line.charAt(eq + 1) != '"') {
                    throw new AssertionError("line " + n + ": unquoted label value");
                }
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (; line.charAt(j) != '"'; j++) {
                    char c = line.charAt(j);
                    if (c == '\\') {
                        char e = line.charAt(++j);
                        value.append(e == 'n' ? '\n' : e);
                    } else {
                        value.append(c);
                    }
                }
                if (labels.put(label, value.toString()) != null) {
                    throw new AssertionError("line " + n + ": label " + label + " twice");
                }
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            space = i + 1;
            if (line.charAt(space) != ' ') {
                throw new AssertionError("line " + n + ": no space before the value");
            }
        } else {
            space = line.indexOf(' ');
            name = line.substring(0, space);
        }
        name(name, n);
        String[] rest = line.substring(space + 1).split(" ");
        if (rest.length > 2) {
            throw new AssertionError("line " + n + ": trailing text: " + line);
        }
        return new Sample(name, labels, value(rest[0], n));
    }

    private static double value(String text, int n) {
        return switch (text) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(text);
                } catch (NumberFormatException e) {
                    throw new AssertionError("line " + n + ": bad value " + text);
                }
            }
        };
    }

    private static void name(String name, int n) {
        if (!NAME.matcher(name).matches()) {
            throw new AssertionError("line " + n + ": bad metric name " + name);
        }
    }

    private static void checkHistogram(Family f) {
        Map<Map<String, String>, List<Sample>> series = new LinkedHashMap<>();
        Map<Map<String, String>, Double> counts = new LinkedHashMap<>();
        for (Sample s : f.samples()) {
            Map<String, String> key = new TreeMap<>(s.labels());
            key.remove("le");
            if (s.name().endsWith("_bucket")) {
                series.computeIfAbsent(key, k -> new ArrayList<>()).add(s);
            } else if (s.name().endsWith("_count")) {
                counts.put(key, s.value());
            }
        }
        for (Map.Entry<Map<String, String>, List<Sample>> e : series.entrySet()) {
            double previous = 0;
            double bound = Double.NEGATIVE_INFINITY;
            for (Sample b : e.getValue()) {
                double le = value(b.labels().get("le"), 0);
                if (le <= bound || b.value() < previous) {
                    throw new AssertionError(f.name() + e.getKey() + ": buckets not cumulative in order");
                }
                bound = le;
                previous = b.value();
            }
            if (bound != Double.POSITIVE_INFINITY
                    || !counts.containsKey(e.getKey())
                    || counts.get(e.getKey()) != previous) {
                throw new AssertionError(f.name() + e.getKey() + ": no +Inf bucket equal to the count");
            }
        }
    }
}
