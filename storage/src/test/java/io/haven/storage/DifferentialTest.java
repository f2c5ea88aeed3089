package io.haven.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The RocksDB store and the in-memory {@link Model} driven by the same random command streams (with time jumps):
 * outcomes, changes, pushes and the whole state are compared after every batch.
 */
class DifferentialTest {
    private static final int SEEDS = 40;
    private static final int COMMANDS_PER_SEED = 350;

    @TempDir
    Path dir;

    private static final StoreOptions OPTIONS = StoreOptions.builder()
            .pendingRetryMs(3000)
            .sweepLimit(5)
            .defaultPageSize(3)
            .build();

    /** What the streams reached: "kind status", "push kind", "tick"; checked so the test cannot pass vacuously. */
    private final java.util.Set<String> reached = new java.util.TreeSet<>();

    @Test
    void theStoreAndTheModelAgreeOnRandomCommandStreams() throws Exception {
        int total = 0;
        for (int seed = 1; seed <= SEEDS; seed++) {
            total += run(seed);
        }
        assertTrue(total >= 10_000, "only " + total + " commands");
        List<String> rows = List.of(
                "promise.create 201",
                "promise.create 200",
                "promise.settle 201",
                "promise.settle 200",
                "promise.settle 404",
                "promise.settle 400",
                "promise.register 201",
                "promise.register 200",
                "promise.register 404",
                "promise.register 400",
                "task.create 201",
                "task.create 200",
                "task.acquire 201",
                "task.acquire 409",
                "task.release 201",
                "task.suspend 201",
                "task.suspend 300",
                "task.suspend 409",
                "task.complete 201",
                "task.complete 200",
                "task.complete 409",
                "task.fence 200",
                "task.fence 409",
                "kv.put 201",
                "kv.put 409",
                "kv.delete 201",
                "kv.delete 200",
                "kv.delete 409",
                "push invoke",
                "push resume",
                "push abort",
                "tick",
                "tick more",
                "acquire resume");
        for (String row : rows) {
            assertTrue(reached.contains(row), "the streams never reached " + row + "; reached " + reached);
        }
    }

    private void note(ApplyResult r) {
        for (Outcome o : r.outcomes()) {
            if (o instanceof Outcome.Success s) {
                reached.add(s.response().kind().wireName() + " " + s.response().status());
                if (s.response().data() instanceof io.haven.protocol.data.DataResult.Resume) {
                    reached.add("acquire resume");
                }
            } else if (o instanceof Outcome.Failure f) {
                // The kind is not in a failure; the batch string is, so count by status only per kind below.
                reached.add("failure " + f.status());
            } else if (o instanceof Outcome.Ticked t) {
                reached.add(t.more() ? "tick more" : "tick");
            }
        }
        for (TaskPush p : r.pushes()) {
            reached.add(p instanceof TaskPush.Execute e ? "push " + e.message().kind() : "push abort");
        }
    }

    private int run(long seed) throws Exception {
        Random rnd = new Random(seed);
        Model model = new Model(OPTIONS);
        int commands = 0;
        long now = 1_000;
        long index = 0;
        Path path = dir.resolve("s" + seed);
        Store store = Store.open(path, OPTIONS);
        try {
            while (commands < COMMANDS_PER_SEED) {
                if (rnd.nextInt(40) == 0) {
                    // Everything, indexes included, must come back from disk.
                    store.close();
                    store = Store.open(path, OPTIONS);
                }
                now = Streams.advance(rnd, now);
                List<Command> batch = new ArrayList<>();
                int n = 1 + rnd.nextInt(6);
                for (int i = 0; i < n; i++) {
                    batch.add(Streams.next(rnd, model, now, Streams.ids(commands / Streams.ERA)));
                }
                commands += n;
                index++;
                String where = "seed " + seed + " batch " + index + " at " + now + ": " + batch;
                ApplyResult expected = model.applyBatch(index, now, batch);
                ApplyResult actual = store.applyBatch(1, index, now, batch);
                note(actual);
                for (int i = 0; i < n; i++) {
                    if (batch.get(i) instanceof Command.Data d
                            && actual.outcomes().get(i) instanceof Outcome.Failure f) {
                        reached.add(d.request().kind().wireName() + " " + f.status());
                    }
                }
                for (int i = 0; i < n; i++) {
                    assertSameOutcome(
                            expected.outcomes().get(i), actual.outcomes().get(i), where + " #" + i);
                }
                assertEquals(expected.changes(), actual.changes(), where);
                assertEquals(expected.pushes(), actual.pushes(), where);
                assertEquals(model.s.rev, store.revision(), where);
                long first = actual.changes().isEmpty()
                        ? store.revision() + 1
                        : actual.changes().get(0).rev();
                assertEquals(actual.changes(), store.changesSince(first, 1000), where);
                compareState(model, store, now + rnd.nextInt(3) * 1000L, Streams.ids(commands / Streams.ERA), where);
            }
        } finally {
            store.close();
        }
        return commands;
    }

    private static void compareState(Model model, Store store, long at, List<String> ids, String where)
            throws Exception {
        for (String id : ids) {
            assertSameOutcome(
                    model.read(new DataRequest.PromiseGet(id), at),
                    read(store, new DataRequest.PromiseGet(id), at),
                    where + " get " + id);
            assertSameOutcome(
                    model.read(new DataRequest.TaskGet(id), at),
                    read(store, new DataRequest.TaskGet(id), at),
                    where + " task " + id);
        }
        for (String key : Streams.KEYS) {
            assertSameOutcome(
                    model.read(new DataRequest.KvGet(key), at),
                    read(store, new DataRequest.KvGet(key), at),
                    where + " kv " + key);
        }
    }

    private static Outcome read(Store store, DataRequest r, long at) throws StoreException {
        try {
            return new Outcome.Success(store.read(r, at));
        } catch (HavenException e) {
            return Outcome.Failure.of(e);
        }
    }

    private static void assertSameOutcome(Outcome expected, Outcome actual, String where) {
        if (expected instanceof Outcome.Failure e && actual instanceof Outcome.Failure a) {
            if (!Model.sameFailure(e.error(), a.error()) || e.status() != a.status()) {
                fail(where + "\nexpected " + e + "\nactual   " + a);
            }
            return;
        }
        assertEquals(expected, actual, where);
    }
}
