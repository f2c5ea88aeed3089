package io.haven.storage;

import static io.haven.storage.Fixture.complete;
import static io.haven.storage.Fixture.create;
import static io.haven.storage.Fixture.invoke;
import static io.haven.storage.Fixture.register;
import static io.haven.storage.Fixture.settle;
import static io.haven.storage.Fixture.suspend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import io.haven.protocol.message.Push;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * One task row of Resonate's table on a fresh store: builds the given task {@value #ID} (its promise is tagged
 * {@code haven:invoke} {@value #GROUP}), applies the row's operation at its time and checks the status, the whole
 * task and the messages pushed.
 */
final class ResonateTaskCase {
    static final String ID = "t";
    static final String GROUP = "g";
    /** Who holds (or last held) the given task. */
    static final String HOLDER = "w";
    /** The pid of the row's own create or acquire. */
    static final String REQUESTER = "w2";

    static final long SETUP = 1_000;
    /** When a row runs, unless it is a tick at an expiry. */
    static final long NOW = 5_000;
    /** The holder's lease, Resonate's l (distinct from the retry, so that the two cannot be confused). */
    static final long LEASE = 20_000;
    /** The ttl of the row's own create or acquire. */
    static final long REQUEST_TTL = 30_000;
    /** Timeouts of every promise: beyond anything a row does. */
    static final long FAR = 1_000_000;

    static final long RETRY = 70_000;
    static final StoreOptions OPTIONS =
            StoreOptions.builder().pendingRetryMs(RETRY).build();

    /** The absent task, for the parts of {@link #next} that do not look at it. */
    private static final Task NONE = new Task(ID, TaskState.PENDING, 0, "", 0, 0, "", List.of());

    private final Fixture f;
    private final ResonateRow row;

    ResonateTaskCase(Fixture f, ResonateRow row) {
        this.f = f;
        this.row = row;
    }

    void run() throws StoreException {
        setUp();
        prepare();
        Optional<Task> before = task(NOW);
        long now = time(before);
        long version = before.map(Task::version).orElse(0L) + (row.arg().equals("v'") ? 7 : 0);
        Outcome outcome;
        List<TaskPush> pushes = List.of();
        if (row.op().equals("tick")) {
            outcome = f.tick(now);
            pushes = f.pushes();
        } else {
            DataRequest request = request(version);
            if (request.kind().isWrite()) {
                outcome = f.apply(now, request);
                pushes = f.pushes();
            } else {
                outcome = read(request, now);
            }
        }
        Optional<Task> expected =
                switch (row.then()) {
                    case "absent" -> Optional.empty();
                    case "same" -> before;
                    default -> Optional.of(next(before.orElse(NONE), now));
                };

        checkStatus(outcome);
        if (outcome instanceof Outcome.Success s) {
            if (s.response().data() instanceof DataResult.TaskResult t) {
                assertEquals(expected.orElseThrow(), t.task(), "the answer's task");
            } else if (s.response().data() instanceof DataResult.TaskPromiseResult tp) {
                assertEquals(expected.orElseThrow(), tp.task(), "the answer's task");
            }
        }
        assertEquals(expected, task(now), "the task after the row");
        List<TaskPush> expectedPushes = new ArrayList<>();
        for (String kind : List.of(Task.INVOKE, Task.RESUME)) {
            if (row.effects().contains(kind)) {
                long counter = expected.orElseThrow().version();
                expectedPushes.add(new TaskPush.Execute(GROUP, new Push.TaskMessage(kind, ID, counter)));
            }
        }
        assertEquals(expectedPushes, pushes, "pushes");
    }

    // ---- the given state, at SETUP

    private void setUp() throws StoreException {
        switch (row.given()) {
            case "absent" -> {}
            case "pending-invoke" -> {
                acquired();
                f.ok(SETUP, new DataRequest.TaskRelease(ID, 0));
            }
            case "pending-resume" -> {
                resumed();
                f.ok(SETUP, acquire(1));
                f.ok(SETUP, new DataRequest.TaskRelease(ID, 1));
            }
            case "acquired-invoke" -> acquired();
            case "acquired-resume" -> {
                resumed();
                f.ok(SETUP, acquire(1));
            }
            case "acquired-queued" -> {
                acquired();
                for (String q : List.of("q1", "q2")) {
                    f.ok(SETUP, create(q, FAR));
                    f.ok(SETUP, register(ID, q));
                }
                f.ok(SETUP, settle("q1", PromiseState.RESOLVED));
                f.ok(SETUP, settle("q2", PromiseState.RESOLVED));
            }
            case "suspended" -> {
                acquired();
                f.ok(SETUP, create("a", FAR));
                assertEquals(201, f.ok(SETUP, suspend(ID, 0, "a")).status());
            }
            case "fulfilled" -> {
                acquired();
                assertEquals(201, f.ok(SETUP, complete(ID, 0)).status());
            }
            default -> throw new IllegalArgumentException(row.id() + ": given " + row.given());
        }
    }

    /** Enqueued and acquired by the holder: ACQUIRED at version 0. */
    private void acquired() throws StoreException {
        f.ok(SETUP, invoke(ID, FAR, GROUP));
        f.ok(SETUP, acquire(0));
    }

    /** Suspended on a promise that then settled: PENDING at version 1, current resume. */
    private void resumed() throws StoreException {
        acquired();
        f.ok(SETUP, create("s0", FAR));
        f.ok(SETUP, suspend(ID, 0, "s0"));
        f.ok(SETUP, settle("s0", PromiseState.RESOLVED));
    }

    private static DataRequest.TaskAcquire acquire(long version) {
        return new DataRequest.TaskAcquire(ID, version, HOLDER, LEASE);
    }

    /** What the operation needs besides the task: promises to await, a callback to fire. */
    private void prepare() throws StoreException {
        if (row.op().equals("suspend")) {
            f.ok(SETUP, create("p1", FAR));
            f.ok(SETUP, create("s1", FAR));
            f.ok(SETUP, settle("s1", PromiseState.RESOLVED));
        } else if (row.op().equals("enqueue-resume")) {
            if (row.given().equals("absent")) {
                f.ok(SETUP, create(ID, FAR));
            }
            if (!row.given().equals("suspended")) {
                f.ok(SETUP, create("a", FAR));
                f.ok(SETUP, register(ID, "a"));
            }
        }
    }

    private long time(Optional<Task> before) {
        return switch (row.when()) {
            case "due" -> before.orElseThrow().expiresOn();
            case "early" -> before.orElseThrow().expiresOn() - 1;
            default -> NOW;
        };
    }

    // ---- the operation and what it should come to

    private DataRequest request(long version) {
        return switch (row.op()) {
            case "get" -> new DataRequest.TaskGet(ID);
            case "create" -> new DataRequest.TaskCreate(REQUESTER, REQUEST_TTL, create(ID, FAR));
            case "acquire" -> new DataRequest.TaskAcquire(ID, version, REQUESTER, REQUEST_TTL);
            case "release" -> new DataRequest.TaskRelease(ID, version);
            case "suspend" -> row.arg().equals("v+settled")
                    ? suspend(ID, version, "p1", "s1")
                    : suspend(ID, version, "p1");
            case "fence" -> new DataRequest.TaskFence(ID, version, create("child", FAR));
            case "heartbeat" -> new DataRequest.TaskHeartbeat(row.arg().equals("v") ? HOLDER : "another-pid");
            case "complete" -> complete(ID, version);
            case "enqueue-invoke" -> invoke(ID, FAR, GROUP);
            case "enqueue-resume" -> settle("a", PromiseState.RESOLVED);
            default -> throw new IllegalArgumentException(row.id() + ": op " + row.op());
        };
    }

    /** The task a then-tuple {@code state/expires/ttl/version/current/resumes} names, relative to {@code b}. */
    private Task next(Task b, long now) {
        String[] t = row.then().split("/");
        if (t.length != 6) {
            throw new IllegalArgumentException(row.id() + ": then " + row.then());
        }
        TaskState state = TaskState.valueOf(t[0].toUpperCase(Locale.ROOT));
        long ttl =
                switch (t[2]) {
                    case "l" -> b.ttl();
                    case "req" -> REQUEST_TTL;
                    case "d" -> RETRY;
                    default -> throw new IllegalArgumentException(row.id() + ": ttl " + t[2]);
                };
        long expires =
                switch (t[1]) {
                    case "e" -> b.expiresOn();
                    case "t+l" -> now + ttl;
                    case "0" -> 0;
                    default -> throw new IllegalArgumentException(row.id() + ": expires " + t[1]);
                };
        long version =
                switch (t[3]) {
                    case "v" -> b.version();
                    case "v+1" -> b.version() + 1;
                    case "0" -> 0;
                    default -> throw new IllegalArgumentException(row.id() + ": version " + t[3]);
                };
        String current = t[4].equals("c") ? b.current() : t[4];
        List<String> resumes = new ArrayList<>(b.resumes());
        switch (t[5]) {
            case "R" -> {}
            case "R+a" -> resumes.add("a");
            case "R-1" -> resumes.remove(0);
            case "[]" -> resumes.clear();
            default -> throw new IllegalArgumentException(row.id() + ": resumes " + t[5]);
        }
        boolean takenNow = row.op().equals("acquire") || row.op().equals("create");
        String pid = state != TaskState.ACQUIRED ? "" : takenNow ? REQUESTER : b.pid();
        return new Task(ID, state, version, pid, ttl, expires, current, resumes);
    }

    private void checkStatus(Outcome outcome) {
        if (row.haven().equals("-")) {
            assertInstanceOf(Outcome.Ticked.class, outcome, row::toString);
            return;
        }
        int status = row.status();
        if (status >= 400) {
            Outcome.Failure failure = assertInstanceOf(Outcome.Failure.class, outcome, row::toString);
            f.assertFailure(failure, status == 404 ? ErrorCode.UNAVAILABLE : ErrorCode.CONFLICT, status, ID);
        } else {
            Outcome.Success success = assertInstanceOf(Outcome.Success.class, outcome, row::toString);
            assertEquals(status, success.response().status(), "status");
        }
    }

    // ---- reads

    private Outcome read(DataRequest request, long now) throws StoreException {
        try {
            return new Outcome.Success(f.store.read(request, now));
        } catch (HavenException e) {
            return Outcome.Failure.of(e);
        }
    }

    private Optional<Task> task(long now) throws StoreException {
        return read(new DataRequest.TaskGet(ID), now) instanceof Outcome.Success s
                ? Optional.of(((DataResult.TaskResult) s.response().data()).task())
                : Optional.empty();
    }
}
