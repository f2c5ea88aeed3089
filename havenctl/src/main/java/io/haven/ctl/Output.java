package io.haven.ctl;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * Prints a command's answer either for people (aligned tables, {@code -w table}) or for programs ({@code -w json}:
 * one JSON value per answer, on one line). Commands build their answers as ordered maps so that both forms show the same fields.
 */
final class Output {
    private final PrintWriter out;
    private final boolean json;

    Output(PrintWriter out, boolean json) {
        this.out = out;
        this.json = json;
    }

    /**
     * One object: a two-column table of field and value, or a JSON object. In the table a nested record ({@link
     * Views.Fields}) becomes one row per field, named {@code outer.field}.
     */
    void object(Map<String, ?> fields) {
        if (json) {
            out.println(Json.write(fields));
        } else {
            List<List<String>> lines = new ArrayList<>();
            flatten("", fields, lines);
            table(lines);
        }
        out.flush();
    }

    private static void flatten(String prefix, Map<String, ?> fields, List<List<String>> lines) {
        for (Map.Entry<String, ?> e : fields.entrySet()) {
            if (e.getValue() instanceof Views.Fields nested) {
                flatten(prefix + e.getKey() + ".", nested, lines);
            } else {
                lines.add(List.of(prefix + e.getKey(), text(e.getValue())));
            }
        }
    }

    /**
     * A list of objects: a table with a header row, or the JSON object {@code {name: [...], extra...}}; {@code
     * extra} fields (a page cursor, say) follow the table as {@code field: value} lines when not empty.
     */
    void rows(String name, List<String> columns, List<? extends Map<String, ?>> rows, Map<String, ?> extra) {
        if (json) {
            Map<String, Object> all = new java.util.LinkedHashMap<>();
            all.put(name, rows);
            all.putAll(extra);
            out.println(Json.write(all));
        } else {
            List<List<String>> lines = new ArrayList<>();
            lines.add(columns.stream()
                    .map(c -> c.toUpperCase(java.util.Locale.ROOT))
                    .toList());
            for (Map<String, ?> row : rows) {
                List<String> cells = new ArrayList<>();
                for (String c : columns) {
                    cells.add(text(row.get(c)));
                }
                lines.add(cells);
            }
            table(lines);
            for (Map.Entry<String, ?> e : extra.entrySet()) {
                String v = text(e.getValue());
                if (!v.isEmpty()) {
                    out.println(e.getKey() + ": " + v);
                }
            }
        }
        out.flush();
    }

    private void table(List<List<String>> lines) {
        int columns = lines.stream().mapToInt(List::size).max().orElse(0);
        int[] widths = new int[columns];
        for (List<String> line : lines) {
            for (int i = 0; i < line.size(); i++) {
                widths[i] = Math.max(widths[i], line.get(i).length());
            }
        }
        for (List<String> line : lines) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < line.size(); i++) {
                String cell = line.get(i);
                sb.append(cell);
                if (i < line.size() - 1) {
                    sb.append(" ".repeat(widths[i] - cell.length() + 2));
                }
            }
            out.println(sb.toString().stripTrailing());
        }
    }

    /**
     * A value as one table cell: collections comma-separated, maps as {@code k=v} pairs, either as {@code -} when
     * empty.
     */
    static String text(Object value) {
        if (value == null) {
            return "";
        }
        if (value instanceof Map<?, ?> map) {
            if (map.isEmpty()) {
                return "-";
            }
            List<String> parts = new ArrayList<>();
            map.forEach((k, v) -> parts.add(k + "=" + text(v)));
            return String.join(",", parts);
        }
        if (value instanceof Collection<?> list) {
            if (list.isEmpty()) {
                // A blank cell reads as a missing value; an idle node's roles are known to be none.
                return "-";
            }
            List<String> parts = new ArrayList<>();
            list.forEach(v -> parts.add(text(v)));
            return String.join(",", parts);
        }
        return value.toString();
    }
}
