package io.haven.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Resonate's published transition tables (resonatehq/protocol-specification, transitions-promises.md and
 * transitions-tasks.md), row by row, on a real store over RocksDB with an explicit clock. The rows, mapped to
 * Haven's wire, are data in {@code resonate-transitions.txt}; each runs on a fresh store. A row marked
 * {@code differs} checks what Haven does instead, and protocol-docs/data.md "Differences from Resonate" says why.
 */
class ResonateTransitionsTest {
    private static final Path DATA_MD = Path.of("..", "protocol-docs", "data.md");
    private static final String DIFFERENCES = "## Differences from Resonate";

    @TempDir
    Path dir;

    static Stream<ResonateRow> promiseRows() {
        return ResonateRow.all().stream().filter(ResonateRow::isPromiseRow);
    }

    static Stream<ResonateRow> taskRows() {
        return ResonateRow.all().stream().filter(r -> !r.isPromiseRow());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("promiseRows")
    void promiseRow(ResonateRow row) throws Exception {
        try (Fixture f = new Fixture(dir, ResonatePromiseCase.OPTIONS)) {
            new ResonatePromiseCase(f, row).run();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("taskRows")
    void taskRow(ResonateRow row) throws Exception {
        try (Fixture f = new Fixture(dir, ResonateTaskCase.OPTIONS)) {
            new ResonateTaskCase(f, row).run();
        }
    }

    @Test
    void theFileHasEveryRowOfBothTablesOnceAndInTheirOrder() {
        List<String> ids = new ArrayList<>();
        for (int i = 1; i <= 118; i++) {
            ids.add("P" + i);
        }
        for (int i = 1; i <= 80; i++) {
            ids.add("T" + i);
        }
        assertEquals(ids, ResonateRow.all().stream().map(ResonateRow::id).toList());
    }

    /** Resonate answers 200 for every success; Haven answers 201 where the call changed something. */
    @Test
    void aRowThatHoldsAnswersWhatResonateAnswers() {
        for (ResonateRow row : ResonateRow.all()) {
            if (row.differs() || row.resonate().equals("-")) {
                continue;
            }
            Set<String> allowed = row.resonate().equals("200") ? Set.of("200", "201") : Set.of(row.resonate());
            assertTrue(allowed.contains(row.haven()), row + ": Resonate answers " + row.resonate());
        }
    }

    @Test
    void dataMdExplainsExactlyTheRowsThatDiffer() throws IOException {
        String doc = Files.readString(DATA_MD, StandardCharsets.UTF_8);
        int start = doc.indexOf(DIFFERENCES);
        assertTrue(start >= 0, DATA_MD + " has no section " + DIFFERENCES);
        int end = doc.indexOf("\n## ", start + DIFFERENCES.length());
        String section = doc.substring(start, end < 0 ? doc.length() : end);
        Set<String> documented = new TreeSet<>();
        Matcher m = Pattern.compile("\\b[PT][0-9]+\\b").matcher(section);
        while (m.find()) {
            documented.add(m.group());
        }
        Set<String> differing = new TreeSet<>();
        for (ResonateRow row : ResonateRow.all()) {
            if (row.differs()) {
                differing.add(row.id());
            }
        }
        assertEquals(differing, documented);
    }
}
