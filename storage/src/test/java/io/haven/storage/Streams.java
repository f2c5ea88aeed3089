package io.haven.storage;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;

/**
 * Random command streams over small id pools, steered by a {@link Model} so that most task requests name a task in
 * the right state at its current version (and the interesting rows of the tables are reached).
 */
final class Streams {
    /** Commands per era: ids move on, so that promises keep being created and not only found settled. */
    static final int ERA = 60;

    /** The ten promise ids in use in an era; consecutive eras share five. */
    static List<String> ids(int era) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ids.add("p" + (era * 5 + i));
        }
        return ids;
    }

    static final List<String> PIDS = List.of("w0", "w1", "w2");
    static final List<String> KEYS = List.of("/k/0", "/k/1", "/k/2", "/k/3", "/j/4", "/j/5");

    private Streams() {}

    /** The next batch time: mostly small steps, sometimes a jump past many timeouts and leases. */
    static long advance(Random rnd, long now) {
        return now + (rnd.nextInt(10) == 0 ? 2_000 + rnd.nextInt(40_000) : rnd.nextInt(200));
    }

    /**
     * Applies {@code commands} random commands in batches of 1 to 6 to {@code store} (and the model that steers
     * them), from time 1000 and index 1.
     */
    static void replay(long seed, int commands, Store store, StoreOptions options) throws StoreException {
        Random rnd = new Random(seed);
        Model model = new Model(options);
        long now = 1_000;
        long index = store.appliedIndex();
        for (int done = 0; done < commands; ) {
            now = advance(rnd, now);
            List<Command> batch = new ArrayList<>();
            for (int i = 1 + rnd.nextInt(6); i > 0; i--) {
                batch.add(next(rnd, model, now, ids(done / ERA)));
            }
            done += batch.size();
            index++;
            model.applyBatch(index, now, batch);
            store.applyBatch(1, index, now, batch);
        }
    }

    static <T> T pick(Random rnd, List<T> from) {
        return from.get(rnd.nextInt(from.size()));
    }

    static Payload payload(Random rnd) {
        return new Payload(
                rnd.nextBoolean() ? Map.of() : Map.of("h", "v"),
                ("d" + rnd.nextInt(100)).getBytes(StandardCharsets.UTF_8));
    }

    static DataRequest.PromiseCreate create(Random rnd, String id, long now) {
        int t = rnd.nextInt(10);
        Map<String, String> tags = t < 3
                ? Map.of(Promise.TAG_INVOKE, "g" + rnd.nextInt(2))
                : t < 5
                        ? Map.of(Promise.TAG_TIMER, "true")
                        : t < 6 ? Map.of("color", "red", "size", "m", "team", "a", "tier", "1") : Map.of();
        int kind = rnd.nextInt(8);
        long timeout = now + (kind == 0 ? -rnd.nextInt(100) : kind < 5 ? rnd.nextInt(5_000) : rnd.nextInt(120_000));
        return new DataRequest.PromiseCreate(id, payload(rnd), Math.max(0, timeout), tags);
    }

    static DataRequest.PromiseSettle settle(Random rnd, String id) {
        PromiseState s = rnd.nextInt(30) == 0
                ? PromiseState.REJECTED_TIMEDOUT
                : pick(rnd, List.of(PromiseState.RESOLVED, PromiseState.REJECTED, PromiseState.REJECTED_CANCELED));
        return new DataRequest.PromiseSettle(id, s, payload(rnd));
    }

    /** Mostly the task's current version, sometimes a stale or future one. */
    static long version(Random rnd, Model model, String id) {
        ModelState.MTask t = model.s.tasks.get(id);
        long v = t == null ? 0 : t.task().version();
        return rnd.nextInt(5) == 0 ? Math.max(0, v + rnd.nextInt(3) - 1) : v;
    }

    /** Mostly an id whose task is in the given state, so that the interesting rows are reached often. */
    static String taskId(Random rnd, Model model, String state, List<String> ids) {
        List<String> inState = new ArrayList<>();
        for (ModelState.MTask t : model.s.tasks.values()) {
            if (t.task().state().name().equals(state)) {
                inState.add(t.task().id());
            }
        }
        return inState.isEmpty() || rnd.nextInt(5) == 0 ? pick(rnd, ids) : pick(rnd, inState);
    }

    static Command next(Random rnd, Model model, long now, List<String> ids) {
        int k = rnd.nextInt(100);
        String id = pick(rnd, ids);
        DataRequest r;
        if (k < 13) {
            r = create(rnd, id, now);
        } else if (k < 22) {
            r = settle(rnd, id);
        } else if (k < 28) {
            r = new DataRequest.PromiseRegister(id, rnd.nextInt(15) == 0 ? id : pick(rnd, ids));
        } else if (k < 30) {
            r = new DataRequest.PromiseGet(id);
        } else if (k < 32) {
            r = new DataRequest.PromiseSearch(
                    rnd.nextBoolean() ? "" : pick(rnd, ids).substring(0, 2),
                    rnd.nextBoolean() ? Optional.empty() : Optional.of(PromiseState.PENDING),
                    rnd.nextBoolean() ? Map.of() : Map.of("color", "red"),
                    rnd.nextBoolean() ? "" : pick(rnd, ids),
                    rnd.nextInt(4));
        } else if (k < 37) {
            r = new DataRequest.TaskCreate(pick(rnd, PIDS), 100 + rnd.nextInt(2000), create(rnd, id, now));
        } else if (k < 47) {
            String t = taskId(rnd, model, "PENDING", ids);
            r = new DataRequest.TaskAcquire(t, version(rnd, model, t), pick(rnd, PIDS), 100 + rnd.nextInt(2000));
        } else if (k < 51) {
            String t = taskId(rnd, model, "ACQUIRED", ids);
            r = new DataRequest.TaskRelease(t, version(rnd, model, t));
        } else if (k < 59) {
            String t = taskId(rnd, model, "ACQUIRED", ids);
            List<DataRequest.PromiseRegister> actions = new ArrayList<>();
            for (int i = rnd.nextInt(3); i >= 0; i--) {
                String awaited = rnd.nextInt(30) == 0 ? t : pick(rnd, ids);
                if (!awaited.equals(t) || rnd.nextInt(30) == 0) {
                    actions.add(new DataRequest.PromiseRegister(t, awaited));
                }
            }
            if (actions.isEmpty()) {
                actions.add(new DataRequest.PromiseRegister(t, t.equals(ids.get(0)) ? ids.get(1) : ids.get(0)));
            }
            r = new DataRequest.TaskSuspend(t, version(rnd, model, t), actions);
        } else if (k < 66) {
            String t = taskId(rnd, model, "ACQUIRED", ids);
            r = new DataRequest.TaskComplete(
                    t,
                    version(rnd, model, t),
                    new DataRequest.PromiseSettle(
                            t, rnd.nextBoolean() ? PromiseState.RESOLVED : PromiseState.REJECTED, payload(rnd)));
        } else if (k < 70) {
            String t = taskId(rnd, model, "ACQUIRED", ids);
            DataRequest inner = rnd.nextBoolean() ? create(rnd, pick(rnd, ids), now) : settle(rnd, pick(rnd, ids));
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

    static long kvVersion(Random rnd, Model model, String key) {
        int c = rnd.nextInt(4);
        if (c < 2) {
            return DataRequest.NO_VERSION;
        }
        var kv = model.s.kv.get(key);
        return c == 2 ? (kv == null ? 0 : kv.version()) : rnd.nextInt(4);
    }
}
