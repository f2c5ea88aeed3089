package io.haven.tests.faults;

import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import io.haven.tests.cluster.HavenCluster;
import io.haven.tests.lin.History;
import io.haven.tests.lin.Op;
import io.haven.tests.lin.Outcome;
import io.haven.tests.lin.TaskModel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Task acquire/complete races: clients work on a small window of task ids. A client reads a task; creates it (as
 * its holder) when absent; acquires it at the version it read when it is PENDING, racing the others (one must
 * win); and, holding it, releases or completes it. Leases are short ({@value #TTL_MS} ms), so a paused or cut-off
 * holder loses its lease at the next version; the model allows lease loss at any time. A fulfilled task moves the
 * window on.
 *
 * <p>{@link #settle} completes every task still open at the end, so no lease or retry keeps the stores changing.
 */
final class TaskWorkload extends Workload {
    static final String PREFIX = "/faults/t/";
    static final long TTL_MS = 4_000;
    private static final int WINDOW = 3;

    private final long timeout = System.currentTimeMillis() + TimeUnit.DAYS.toMillis(1);
    private final AtomicInteger next = new AtomicInteger(WINDOW);

    TaskWorkload(HavenCluster cluster, History history, int clients, long seed) {
        super("task", cluster, history, clients, seed);
    }

    private record Known(TaskState state, long version, boolean mine) {}

    @Override
    void step(Client c) throws InterruptedException {
        String id = String.format("%s%06d", PREFIX, next.get() - 1 - c.random.nextInt(WINDOW));
        touched(id);
        Object known = c.seen.get(id);
        if (!(known instanceof Known k) || c.random.nextInt(4) == 0) {
            Optional<Object> out = readOutput(c.call(id, readInput(), read(id), this::readOutput));
            if (out.isPresent() && out.get() instanceof TaskModel.Seen s) {
                c.seen.put(id, new Known(s.state(), s.version(), false));
                if (s.state() == TaskState.FULFILLED) {
                    next.compareAndSet(Integer.parseInt(id.substring(PREFIX.length())) + 1, next.get() + 1);
                }
            } else if (out.isPresent() && out.get() instanceof TaskModel.NotFound) {
                create(c, id);
            }
            return;
        }
        if (k.state() == TaskState.PENDING) {
            Answer a = c.call(
                    id,
                    new TaskModel.Acquire(k.version(), c.pid()),
                    new DataRequest.TaskAcquire(id, k.version(), c.pid(), TTL_MS),
                    r -> answer(r, new TaskModel.Acquired()));
            forget(c, id, a, new Known(TaskState.ACQUIRED, k.version(), true));
        } else if (k.state() == TaskState.ACQUIRED && k.mine() && c.random.nextBoolean()) {
            Answer a = c.call(
                    id,
                    new TaskModel.Release(k.version()),
                    new DataRequest.TaskRelease(id, k.version()),
                    r -> answer(r, new TaskModel.Released()));
            forget(c, id, a, new Known(TaskState.PENDING, k.version() + 1, false));
        } else if (k.state() == TaskState.ACQUIRED && k.mine()) {
            complete(c, id, k.version());
            c.seen.remove(id);
        } else {
            // Someone else's, or fulfilled: look again next time.
            c.seen.remove(id);
        }
    }

    /** Remembers {@code next} when the call succeeded; otherwise forgets the task, so the client reads it again. */
    private static void forget(Client c, String id, Answer a, Known next) {
        if (a instanceof Answer.Ok) {
            c.seen.put(id, next);
        } else {
            c.seen.remove(id);
        }
    }

    private void create(Client c, String id) throws InterruptedException {
        String param = "c" + c.index + "-" + c.random.nextInt(1_000_000_000);
        Answer a = c.call(
                id,
                new TaskModel.Create(c.pid()),
                new DataRequest.TaskCreate(
                        c.pid(),
                        TTL_MS,
                        new DataRequest.PromiseCreate(
                                id, Payload.of(param.getBytes(StandardCharsets.UTF_8)), timeout, Map.of())),
                r -> r instanceof Answer.Ok ok
                        ? Optional.of(new TaskModel.Created(ok.response().status()))
                        : Optional.empty());
        if (a instanceof Answer.Ok ok && ok.response().status() == 201) {
            c.seen.put(id, new Known(TaskState.ACQUIRED, 0, true));
        }
    }

    private Answer complete(Client c, String id, long version) throws InterruptedException {
        return c.call(
                id,
                new TaskModel.Complete(version),
                new DataRequest.TaskComplete(
                        id,
                        version,
                        new DataRequest.PromiseSettle(
                                id, PromiseState.RESOLVED, Payload.of(c.pid().getBytes(StandardCharsets.UTF_8)))),
                r -> r instanceof Answer.Ok ok
                        ? Optional.of(new TaskModel.Completed(ok.response().status()))
                        : answer(r, new TaskModel.Completed(0)));
    }

    /** {@code success} for a success answer, Conflict for 409, NotFound for 404. */
    private static Optional<Object> answer(Answer a, Object success) {
        if (a instanceof Answer.Ok) {
            return Optional.of(success);
        }
        if (a instanceof Answer.Definite d) {
            return Optional.of(d.notFound() ? new TaskModel.NotFound() : new TaskModel.Conflict());
        }
        return Optional.empty();
    }

    /** Completes every task still open: acquires a PENDING one, completes an ACQUIRED one, until all are done. */
    @Override
    void settle(Client c) throws InterruptedException {
        for (String id : touchedKeys()) {
            long end = System.nanoTime() + FaultCluster.READY.toNanos();
            while (true) {
                Object seen = readUntilAnswered(c, id);
                if (!(seen instanceof TaskModel.Seen s) || s.state() == TaskState.FULFILLED) {
                    break;
                }
                if (System.nanoTime() > end) {
                    throw new AssertionError("task " + id + " could not be completed: " + s);
                }
                if (s.state() == TaskState.PENDING) {
                    c.call(
                            id,
                            new TaskModel.Acquire(s.version(), c.pid()),
                            new DataRequest.TaskAcquire(id, s.version(), c.pid(), TimeUnit.MINUTES.toMillis(10)),
                            r -> answer(r, new TaskModel.Acquired()));
                } else if (s.state() == TaskState.ACQUIRED) {
                    complete(c, id, s.version());
                }
            }
        }
    }

    @Override
    Object readInput() {
        return new TaskModel.Get();
    }

    @Override
    DataRequest read(String key) {
        return new DataRequest.TaskGet(key);
    }

    @Override
    Optional<Object> readOutput(Answer a) {
        if (a instanceof Answer.Ok ok && ok.response().data() instanceof DataResult.TaskResult r) {
            Task t = r.task();
            return Optional.of(new TaskModel.Seen(t.state(), t.version()));
        }
        if (a instanceof Answer.Definite d && d.notFound()) {
            return Optional.of(new TaskModel.NotFound());
        }
        return Optional.empty();
    }

    /**
     * Holders by fencing token, straight from the history: every {@code (id, version)} that more than one pid was
     * told it holds (a 201 create holds version 0; an acquire answered holds its version).
     *
     * @return one line per token with two holders (empty when none)
     */
    static List<String> doubleHolders(List<Op> ops) {
        Map<String, Set<String>> holders = new HashMap<>();
        for (Op op : ops) {
            if (op.outcome() != Outcome.OK) {
                continue;
            }
            if (op.input() instanceof TaskModel.Create cr
                    && op.output() instanceof TaskModel.Created cd
                    && cd.status() == 201) {
                holders.computeIfAbsent(op.key() + " v0", k -> new HashSet<>()).add(cr.pid());
            } else if (op.input() instanceof TaskModel.Acquire ac && op.output() instanceof TaskModel.Acquired) {
                holders.computeIfAbsent(op.key() + " v" + ac.version(), k -> new HashSet<>())
                        .add(ac.pid());
            }
        }
        List<String> out = new ArrayList<>();
        holders.forEach((token, pids) -> {
            if (pids.size() > 1) {
                out.add(token + " held by " + pids);
            }
        });
        return out;
    }
}
