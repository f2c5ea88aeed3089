package io.haven.tests.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.bench.load.LoadGenerator;
import io.haven.bench.load.LoadOptions;
import io.haven.bench.load.LoadReport;
import io.haven.bench.load.TargetSystem;
import io.haven.bench.load.Workload;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Short runs of the load generator against a real {@code havend --dev} process: each measures for a few seconds
 * (the full benchmark is {@code bin/haven-bench-cluster}, never part of the test run).
 */
class LoadGeneratorSmokeTest {
    @TempDir
    static Path dir;

    private static DevNode node;

    @BeforeAll
    static void startNode() throws Exception {
        node = DevNode.start(dir);
    }

    @AfterAll
    static void stopNode() throws Exception {
        if (node != null) {
            node.close();
        }
    }

    private static LoadOptions options(Workload workload, int clients, Path json) {
        return new LoadOptions(
                TargetSystem.HAVEN,
                List.of(node.address()),
                workload,
                clients,
                2,
                0,
                Duration.ofSeconds(1),
                Duration.ofSeconds(3),
                Duration.ofSeconds(5),
                256,
                200,
                Optional.of(json),
                "smoke",
                false);
    }

    private static LoadReport run(LoadOptions o) throws Exception {
        return LoadGenerator.run(o, new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
    }

    @Test
    void promiseCreateRunReportsOperationsWithoutErrorsAndOrderedPercentiles() throws Exception {
        Path json = dir.resolve("promise.json");
        LoadReport report = run(options(Workload.PROMISE_CREATE, 8, json));

        LoadReport.Row total = report.total();
        String table = report.table() + node.log();
        assertEquals(0, report.errorCount(), table);
        assertEquals("promise.create", total.name(), table);
        assertTrue(total.count() > 0, table);
        assertTrue(total.perSecond() > 0, table);
        assertTrue(total.p50() > 0, table);
        assertTrue(total.p50() <= total.p90() && total.p90() <= total.p99(), table);
        assertTrue(total.p99() <= total.p999() && total.p999() <= total.max(), table);
        assertTrue(total.max() < 5_000, "no answer took longer than the deadline: " + table);
        String written = Files.readString(json);
        assertTrue(written.contains("\"workload\":\"promise-create\""), written);
        assertTrue(written.contains("\"count\":" + total.count()), written);
    }

    @Test
    void taskLifecycleRunCompletesEveryStepWithoutConflicts() throws Exception {
        LoadReport report = run(options(Workload.TASK, 4, dir.resolve("task.json")));

        String table = report.table();
        assertEquals(0, report.errorCount(), table);
        List<String> names = report.rows().stream().map(LoadReport.Row::name).toList();
        assertEquals(List.of("task.acquire", "task.complete", "task.create", "task.release", "all"), names, table);
        for (LoadReport.Row r : report.rows()) {
            assertTrue(r.count() > 0, r.name() + " never completed: " + table);
        }
    }

    @Test
    void mixRunReadsAndWritesInAboutNineToOne() throws Exception {
        LoadReport report = run(options(Workload.MIX, 8, dir.resolve("mix.json")));

        String table = report.table();
        assertEquals(0, report.errorCount(), table);
        long gets = report.rows().get(0).count();
        long puts = report.rows().get(1).count();
        assertEquals("kv.get", report.rows().get(0).name(), table);
        assertTrue(puts > 0 && gets > 4 * puts && gets < 20 * puts, table);
    }
}
