package io.haven.storage;

import static io.haven.storage.Fixture.create;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.TaskState;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What survives a close, a checkpoint and a SIGKILL. */
class DurabilityTest {
    @TempDir
    Path dir;

    @Test
    void closeAndReopenKeepStateAppliedIndexAndRevision() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            f.term = 3;
            f.ok(100, Fixture.invoke("t", 10_000, "g"));
            f.ok(100, new DataRequest.TaskAcquire("t", 0, "w", 1000));
            f.ok(100, create("p", 10_000));
            f.reopen();
            assertEquals(new AppliedIndex(3, 3), f.store.applied());
            assertEquals(100, f.store.time());
            // promise t, task t, task t acquired, promise p
            assertEquals(4, f.store.revision());
            assertEquals(TaskState.ACQUIRED, f.task("t", 100).state());
            assertEquals(PromiseState.PENDING, f.promise("p", 100).state());
            // The lease and the timeout indexes came back too.
            assertEquals(new Outcome.Ticked(1, false), f.tick(1100));
            assertEquals(TaskState.PENDING, f.task("t", 1100).state());
        }
    }

    @Test
    void aCheckpointOpensAsTheStoreAtItsAppliedIndex() throws Exception {
        Path copy = dir.resolve("checkpoint");
        try (Fixture f = new Fixture(dir.resolve("live"))) {
            f.ok(100, create("p", 10_000));
            f.store.checkpoint(copy);
            f.ok(200, create("q", 10_000));
        }
        assertEquals(new AppliedIndex(1, 1), Store.appliedIndexOf(copy));
        try (Fixture c = new Fixture(copy)) {
            assertEquals(1, c.store.appliedIndex());
            assertEquals(PromiseState.PENDING, c.promise("p", 100).state());
            assertEquals(
                    404, c.readFailure(new DataRequest.PromiseGet("q"), 200).status());
        }
    }

    @Test
    void theAppliedIndexOfAClosedStoreCanBeReadWithoutOpeningIt() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            f.term = 2;
            f.ok(100, create("p", 10_000));
            f.ok(100, create("q", 10_000));
        }
        assertEquals(new AppliedIndex(2, 2), Store.appliedIndexOf(dir));
    }

    @Test
    void anIndexNotAboveTheAppliedOneIsRefused() throws Exception {
        try (Fixture f = new Fixture(dir)) {
            f.ok(100, create("p", 10_000));
            assertThrows(
                    IllegalArgumentException.class,
                    () -> f.store.applyBatch(1, 1, 100, List.of(Command.of(create("q", 10_000)))));
        }
    }

    @Test
    void aKilledWriterLosesNothingItReportedAndLeavesNoHalfBatch() throws Exception {
        Path store = dir.resolve("store");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(
                        java,
                        "-cp",
                        System.getProperty("java.class.path"),
                        CrashWriter.class.getName(),
                        store.toString())
                .redirectErrorStream(false)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        long lastReported = 0;
        try (BufferedReader out =
                new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = out.readLine()) != null) {
                lastReported = Long.parseLong(line.trim());
                if (lastReported >= 150) {
                    child.destroyForcibly();
                    break;
                }
            }
        } finally {
            child.destroyForcibly();
            assertTrue(child.waitFor(30, TimeUnit.SECONDS), "the writer did not die");
        }
        assertTrue(lastReported >= 150, "the writer reported only up to " + lastReported);
        try (Store s = Store.open(store, StoreOptions.defaults())) {
            long applied = s.appliedIndex();
            assertTrue(applied >= lastReported, "applied " + applied + " < reported " + lastReported);
            assertEquals(applied * CrashWriter.PUTS, s.revision());
            for (long b = 1; b <= applied; b++) {
                for (int i = 0; i < CrashWriter.PUTS; i++) {
                    DataResult.KvResult kv =
                            (DataResult.KvResult) s.read(new DataRequest.KvGet(CrashWriter.key(b, i)), 0)
                                    .data();
                    assertEquals(1, kv.kv().version());
                }
            }
            DataResult.KvPage after =
                    (DataResult.KvPage) s.read(new DataRequest.KvList("/b/" + (applied + 1) + "/", "", 100), 0)
                            .data();
            assertTrue(after.kvs().isEmpty(), "half of batch " + (applied + 1) + " is visible");
            DataResult.KvPage all = (DataResult.KvPage)
                    s.read(new DataRequest.KvList("/b/", "", 1000), 0).data();
            assertTrue(all.kvs().size() == Math.min(1000, applied * CrashWriter.PUTS));
        }
    }
}
