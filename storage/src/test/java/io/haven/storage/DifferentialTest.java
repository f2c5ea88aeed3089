package io.haven.storage;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
    private static final List<String> IDS = List.of("p0", "p1", "p2", "p3", "p4", "p5", "p6", "p7", "p8", "p9");
    private static final List<String> PIDS = List.of("w0", "w1", "w2");
    private static final List<String> KEYS = List.of("/k/0", "/k/1", "/k/2", "/k/3", "/j/4", "/j/5");

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
                now += rnd.nextInt(10) == 0 ? 2_000 + rnd.nextInt(40_000) : rnd.nextInt(200);
                List<Command> batch = new ArrayList<>();
                int n = 1 + rnd.nextInt(6);
                for (int i = 0; i < n; i++) {
                    batch.add(next(rnd, model, now));
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
                compareState(model, store, now + rnd.nextInt(3) * 1000L, where);
            }
        } finally {
            store.close();
        }
        return commands;
    }

    private static void compareState(Model model, Store store, long at, String where) throws Exception {
        for (String id : IDS) {
            assertSameOutcome(
                    model.read(new DataRequest.PromiseGet(id), at),
                    read(store, new DataRequest.PromiseGet(id), at),
                    where + " get " + id);
            assertSameOutcome(
                    model.read(new DataRequest.TaskGet(id), at),
                    read(store, new DataRequest.TaskGet(id), at),
                    where + " task " + id);
        }
        for (String key : KEYS) {
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

    private static <T> T pick(Random rnd, List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    private static Payload payload(Random rnd) {
        return new Payload(
                rnd.nextBoolean() ? Map.of() : Map.of("h", "v"),
                ("d" + rnd.nextInt(100)).getBytes(StandardCharsets.UTF_8));
    }

    private static DataRequest.PromiseCreate create(Random rnd, String id, long now) {
        int t = rnd.nextInt(10);
        Map<String, String> tags = t < 3
                ? Map.of(Promise.TAG_INVOKE, "g" + rnd.nextInt(2))
                : t < 5 ? Map.of(Promise.TAG_TIMER, "true") : t < 6 ? Map.of("color", "red") : Map.of();
        int kind = rnd.nextInt(8);
        long timeout = now + (kind == 0 ? -rnd.nextInt(100) : kind < 5 ? rnd.nextInt(5_000) : rnd.nextInt(120_000));
        return new DataRequest.PromiseCreate(id, payload(rnd), Math.max(0, timeout), tags);
    }

    private static DataRequest.PromiseSettle settle(Random rnd, String id) {
        PromiseState s = rnd.nextInt(30) == 0
                ? PromiseState.REJECTED_TIMEDOUT
                : pick(rnd, List.of(PromiseState.RESOLVED, PromiseState.REJECTED, PromiseState.REJECTED_CANCELED));
        return new DataRequest.PromiseSettle(id, s, payload(rnd));
    }

    /** Mostly the task's current version, sometimes a stale or future one. */
    private static long version(Random rnd, Model model, String id) {
        ModelState.MTask t = model.s.tasks.get(id);
        long v = t == null ? 0 : t.task().version();
        return rnd.nextInt(5) == 0 ? Math.max(0, v + rnd.nextInt(3) - 1) : v;
    }

    /** Mostly an id whose task is in the given state, so that the interesting rows are reached often. */
    private static String taskId(Random rnd, Model model, String state) {
        List<String> ids = new ArrayList<>();
        for (ModelState.MTask t : model.s.tasks.values()) {
            if (t.task().state().name().equals(state)) {
                ids.add(t.task().id());
            }
        }
        return ids.isEmpty() || rnd.nextInt(5) == 0 ? pick(rnd, IDS) : pick(rnd, ids);
    }

    private static Command next(Random rnd, Model model, long now) {
        int k = rnd.nextInt(100);
        String id = pick(rnd, IDS);
        DataRequest r;
        if (k < 13) {
            r = create(rnd, id, now);
        } else if (k < 22) {
            r = settle(rnd, id);
        } else if (k < 28) {
            r = new DataRequest.PromiseRegister(id, rnd.nextInt(15) == 0 ? id : pick(rnd, IDS));
        } else if (k < 30) {
            r = new DataRequest.PromiseGet(id);
        } else if (k < 32) {
            r = new DataRequest.PromiseSearch(
                    rnd.nextBoolean() ? "" : "p1",
                    rnd.nextBoolean() ? Optional.empty() : Optional.of(PromiseState.PENDING),
                    rnd.nextBoolean() ? Map.of() : Map.of("color", "red"),
                    rnd.nextBoolean() ? "" : pick(rnd, IDS),
                    rnd.nextInt(4));
        } else if (k < 37) {
            r = new DataRequest.TaskCreate(pick(rnd, PIDS), 100 + rnd.nextInt(2000), create(rnd, id, now));
        } else if (k < 47) {
            String t = taskId(rnd, model, "PENDING");
            r = new DataRequest.TaskAcquire(t, version(rnd, model, t), pick(rnd, PIDS), 100 + rnd.nextInt(2000));
        } else if (k < 51) {
            String t = taskId(rnd, model, "ACQUIRED");
            r = new DataRequest.TaskRelease(t, version(rnd, model, t));
        } else if (k < 59) {
            String t = taskId(rnd, model, "ACQUIRED");
            List<DataRequest.PromiseRegister> actions = new ArrayList<>();
            for (int i = rnd.nextInt(3); i >= 0; i--) {
                String awaited = rnd.nextInt(30) == 0 ? t : pick(rnd, IDS);
                if (!awaited.equals(t) || rnd.nextInt(30) == 0) {
                    actions.add(new DataRequest.PromiseRegister(t, awaited));
                }
            }
            if (actions.isEmpty()) {
                actions.add(new DataRequest.PromiseRegister(t, t.equals("p0") ? "p1" : "p0"));
            }
            r = new DataRequest.TaskSuspend(t, version(rnd, model, t), actions);
        } else if (k < 66) {
            String t = taskId(rnd, model, "ACQUIRED");
            r = new DataRequest.TaskComplete(
                    t,
                    version(rnd, model, t),
                    new DataRequest.PromiseSettle(
                            t, rnd.nextBoolean() ? PromiseState.RESOLVED : PromiseState.REJECTED, payload(rnd)));
        } else if (k < 70) {
            String t = taskId(rnd, model, "ACQUIRED");
            DataRequest inner = rnd.nextBoolean() ? create(rnd, pick(rnd, IDS), now) : settle(rnd, pick(rnd, IDS));
            r = new DataRequest.TaskFence(t, version(rnd, model, t), inner);
        } else if (k < 74) {
            r = new DataRequest.TaskHeartbeat(pick(rnd, PIDS));
        } else if (k < 76) {
            r = new DataRequest.TaskGet(id);
        } else if (k < 83) {
            String key = pick(rnd, KEYS);
            r = new DataRequest.KvPut(
                    key, ("v" + rnd.nextInt(9)).getBytes(StandardCharsets.UTF_8), "", kvVersion(rnd, model, key));
        } else if (k < 87) {
            String key = pick(rnd, KEYS);
            r = new DataRequest.KvDelete(key, kvVersion(rnd, model, key));
        } else if (k < 89) {
            r = new DataRequest.KvGet(pick(rnd, KEYS));
        } else if (k < 92) {
            r = new DataRequest.KvList(
                    rnd.nextBoolean() ? "/k/" : "/", rnd.nextBoolean() ? "" : pick(rnd, KEYS), rnd.nextInt(4));
        } else {
            return Command.tick();
        }
        return Command.of(r);
    }

    private static long kvVersion(Random rnd, Model model, String key) {
        int c = rnd.nextInt(4);
        if (c < 2) {
            return DataRequest.NO_VERSION;
        }
        var kv = model.s.kv.get(key);
        return c == 2 ? (kv == null ? 0 : kv.version()) : rnd.nextInt(4);
    }
}
