package io.haven.storage;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * One row of Resonate's transition tables as Haven does it, read from {@code resonate-transitions.txt} (its header
 * says what each column holds).
 *
 * @param resonate Resonate's result, or "-" for its internal operations
 * @param haven Haven's status, or "-" where the store answers none
 */
record ResonateRow(
        String id,
        String op,
        String arg,
        String given,
        String when,
        String then,
        String resonate,
        String haven,
        Set<String> effects,
        boolean differs) {

    static final String FILE = "resonate-transitions.txt";
    private static final Set<String> EFFECTS = Set.of("invoke", "resume", "notify");

    ResonateRow {
        Objects.requireNonNull(id, "id");
        effects = Set.copyOf(effects);
        if (!EFFECTS.containsAll(effects)) {
            throw new IllegalArgumentException(id + ": unknown effect in " + effects);
        }
    }

    boolean isPromiseRow() {
        return id.startsWith("P");
    }

    /** Haven's status as a number; only for rows whose {@link #haven} is not "-". */
    int status() {
        return Integer.parseInt(haven);
    }

    static List<ResonateRow> all() {
        List<ResonateRow> rows = new ArrayList<>();
        try (InputStream in = ResonateRow.class.getResourceAsStream(FILE)) {
            if (in == null) {
                throw new IllegalStateException("no " + FILE + " next to " + ResonateRow.class.getName());
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = r.readLine()) != null) {
                int hash = line.indexOf('#');
                String text = (hash < 0 ? line : line.substring(0, hash)).strip();
                if (!text.isEmpty()) {
                    rows.add(parse(text));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return rows;
    }

    private static ResonateRow parse(String text) {
        String[] c = text.split("\\s+");
        if (c.length != 10) {
            throw new IllegalArgumentException("expected 10 columns: " + text);
        }
        Set<String> effects = c[8].equals("-") ? Set.of() : Set.of(c[8].split(","));
        boolean differs =
                switch (c[9]) {
                    case "holds" -> false;
                    case "differs" -> true;
                    default -> throw new IllegalArgumentException(c[0] + ": verdict " + c[9]);
                };
        return new ResonateRow(c[0], c[1], c[2], c[3], c[4], c[5], c[6], c[7], effects, differs);
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(id).append(": ").append(op);
        if (!arg.equals("-")) {
            b.append('(').append(arg).append(')');
        }
        b.append(" on ").append(given);
        if (!when.equals("-")) {
            b.append(", ").append(when);
        }
        b.append(" -> ").append(then);
        if (!haven.equals("-")) {
            b.append(' ').append(haven);
        }
        return differs ? b.append(" (differs from Resonate)").toString() : b.toString();
    }
}
