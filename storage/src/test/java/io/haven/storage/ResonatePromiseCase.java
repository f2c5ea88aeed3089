package io.haven.storage;

import static io.haven.storage.Fixture.bytes;
import static io.haven.storage.Fixture.invoke;
import static io.haven.storage.Fixture.register;
import static io.haven.storage.Fixture.suspend;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import io.haven.protocol.message.Push;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * One promise row of Resonate's table on a fresh store: builds the given promise {@value #ID}, applies the row's
 * operation at its time and checks the status, the promise, the effects and, for register and subscribe, what the
 * row leaves behind for later (a callback; what a watch is told).
 */
final class ResonatePromiseCase {
    static final String ID = "p";
    /** A task suspended on a target promise: the given promise's one callback. */
    static final String AWAITER = "w";
    /** The awaiter of the register rows; it has a task, so a callback of it is worth keeping. */
    static final String REGISTRANT = "r";

    static final String GROUP = "g";
    static final long SETUP = 1_000;
    /** The given promise's timeout (Resonate's o). */
    static final long TIMEOUT = 50_000;
    /** When a row that is not about the timeout runs. */
    static final long BEFORE = 10_000;
    /** The timeout of every other promise, and the leases: far beyond anything a row does. */
    static final long FAR = 1_000_000;

    static final long RETRY = 70_000;
    static final StoreOptions OPTIONS =
            StoreOptions.builder().pendingRetryMs(RETRY).build();

    private static final Payload PARAM = Payload.of(bytes("param"));
    private static final Payload REQUEST_PARAM = Payload.of(bytes("param of the row's create"));
    private static final Payload VALUE = Payload.of(bytes("value of the row's settle"));

    private final Fixture f;
    private final ResonateRow row;
    /** The time of the last step of the setup. */
    private long clock = SETUP;

    ResonatePromiseCase(Fixture f, ResonateRow row) {
        this.f = f;
        this.row = row;
    }

    void run() throws StoreException {
        setUp();
        Optional<Promise> before = promise(clock);
        long now = row.when().equals("after") ? TIMEOUT : BEFORE;
        long watchFrom = f.store.revision();
        Outcome outcome = null;
        List<Change> changes = List.of();
        List<TaskPush> pushes = List.of();
        DataRequest request = request();
        if (request != null && request.kind().isWrite()) {
            outcome = f.apply(now, request);
            changes = f.last.changes();
            pushes = f.pushes();
        } else if (request != null) {
            outcome = read(request, now);
        }
        Optional<Promise> expected = expected(before, now);

        if (outcome != null) {
            checkStatus(outcome);
            if (outcome instanceof Outcome.Success s && s.response().data() instanceof DataResult.PromiseResult p) {
                assertEquals(expected.orElseThrow(), p.promise(), "the answer's promise");
            }
        }
        assertEquals(expected, promise(now), "the promise after the row");
        checkEffects(expected, now, changes, pushes);
        if (row.op().equals("register")) {
            probeCallback(expected, now + 1);
        } else if (row.op().equals("subscribe")) {
            probeWatch(before, watchFrom, now + 1);
        }
    }

    // ---- the given state

    private void setUp() throws StoreException {
        String given = row.given();
        switch (given) {
            case "absent" -> {}
            case "resolved", "rejected", "canceled" -> {
                f.ok(SETUP, new DataRequest.PromiseCreate(ID, PARAM, TIMEOUT, Map.of()));
                f.ok(SETUP, new DataRequest.PromiseSettle(ID, state(given), Payload.of(bytes("first value"))));
            }
            case "timedout" -> {
                clock = SETUP + 1_000;
                f.ok(SETUP, new DataRequest.PromiseCreate(ID, PARAM, clock, Map.of()));
                assertEquals(new Outcome.Ticked(1, false), f.tick(clock));
            }
            default -> {
                Set<String> flags = Set.of(given.split("\\+"));
                if (!flags.contains("pending")) {
                    throw new IllegalArgumentException(row.id() + ": given " + given);
                }
                f.ok(SETUP, new DataRequest.PromiseCreate(ID, PARAM, TIMEOUT, tags(flags)));
                if (flags.contains("target")) {
                    f.ok(SETUP, invoke(AWAITER, FAR, GROUP));
                    f.ok(SETUP, new DataRequest.TaskAcquire(AWAITER, 0, "pid-w", FAR));
                    assertEquals(201, f.ok(SETUP, suspend(AWAITER, 0, ID)).status());
                }
            }
        }
        if (row.op().equals("register")) {
            f.ok(clock, invoke(REGISTRANT, FAR, GROUP));
            f.ok(clock, new DataRequest.TaskAcquire(REGISTRANT, 0, "pid-r", FAR));
        }
    }

    private static Map<String, String> tags(Set<String> flags) {
        Map<String, String> tags = new HashMap<>();
        if (flags.contains("timer")) {
            tags.put(Promise.TAG_TIMER, "true");
        }
        if (flags.contains("target")) {
            tags.put(Promise.TAG_INVOKE, GROUP);
        }
        return tags;
    }

    private static PromiseState state(String name) {
        return switch (name) {
            case "resolved" -> PromiseState.RESOLVED;
            case "rejected" -> PromiseState.REJECTED;
            case "canceled" -> PromiseState.REJECTED_CANCELED;
            default -> throw new IllegalArgumentException("no settle to " + name);
        };
    }

    // ---- the operation and what it should come to

    /** The row's request; null for subscribe, which is not a request to the store. */
    private DataRequest request() {
        return switch (row.op()) {
            case "get" -> new DataRequest.PromiseGet(ID);
            case "create" -> new DataRequest.PromiseCreate(
                    ID, REQUEST_PARAM, TIMEOUT, tags(Set.of(row.arg().split("\\+"))));
            case "settle" -> new DataRequest.PromiseSettle(ID, state(row.arg()), VALUE);
            case "register" -> register(REGISTRANT, ID);
            case "subscribe" -> null;
            default -> throw new IllegalArgumentException(row.id() + ": op " + row.op());
        };
    }

    private Optional<Promise> expected(Optional<Promise> before, long now) {
        return switch (row.then()) {
            case "absent" -> Optional.empty();
            case "same", "same+callback", "watched" -> before;
            case "created" -> Optional.of(new Promise(
                    ID,
                    PromiseState.PENDING,
                    REQUEST_PARAM,
                    Payload.EMPTY,
                    TIMEOUT,
                    tags(Set.of(row.arg().split("\\+"))),
                    now,
                    0));
            case "settled" -> Optional.of(before.orElseThrow().withSettlement(state(row.arg()), VALUE, now));
            case "timedout" -> before.map(
                    p -> p.withSettlement(PromiseState.REJECTED_TIMEDOUT, Payload.EMPTY, p.timeout()));
            case "timer-resolved" -> before.map(
                    p -> p.withSettlement(PromiseState.RESOLVED, Payload.EMPTY, p.timeout()));
            default -> throw new IllegalArgumentException(row.id() + ": then " + row.then());
        };
    }

    private void checkStatus(Outcome outcome) {
        int status = row.status();
        if (status >= 400) {
            Outcome.Failure failure = assertInstanceOf(Outcome.Failure.class, outcome, row::toString);
            f.assertFailure(failure, ErrorCode.UNAVAILABLE, status, ID);
        } else {
            Outcome.Success success = assertInstanceOf(Outcome.Success.class, outcome, row::toString);
            assertEquals(status, success.response().status(), "status");
        }
    }

    /** notify: the settlement is in the change log; invoke: a task enqueued; resume: the callback's awaiter woken. */
    private void checkEffects(Optional<Promise> expected, long now, List<Change> changes, List<TaskPush> pushes)
            throws StoreException {
        List<Promise> settlements = new ArrayList<>();
        for (Change c : changes) {
            if (c instanceof Change.PromiseChanged pc
                    && pc.promise().id().equals(ID)
                    && !pc.promise().state().isPending()) {
                settlements.add(pc.promise());
            }
        }
        assertEquals(row.effects().contains("notify") ? List.of(expected.orElseThrow()) : List.of(), settlements);

        List<TaskPush> expectedPushes = new ArrayList<>();
        if (row.effects().contains("invoke")) {
            expectedPushes.add(new TaskPush.Execute(GROUP, new Push.TaskMessage(Task.INVOKE, ID, 0)));
            assertEquals(
                    new Task(ID, TaskState.PENDING, 0, "", RETRY, now + RETRY, Task.INVOKE, List.of()),
                    task(ID, now).orElseThrow(),
                    "the enqueued task");
        } else if (row.given().equals("absent")) {
            assertEquals(Optional.empty(), task(ID, now), "a task nothing asked for");
        }
        if (row.effects().contains("resume")) {
            expectedPushes.add(new TaskPush.Execute(GROUP, new Push.TaskMessage(Task.RESUME, AWAITER, 1)));
            assertEquals(
                    new Task(AWAITER, TaskState.PENDING, 1, "", RETRY, now + RETRY, Task.RESUME, List.of()),
                    task(AWAITER, now).orElseThrow(),
                    "the resumed awaiter");
        } else if (row.given().contains("target")) {
            assertEquals(TaskState.SUSPENDED, task(AWAITER, now).orElseThrow().state(), "the awaiter");
        }
        assertEquals(expectedPushes, pushes, "pushes");
    }

    /** Whether the register stored a callback: settle the promise and see whether the registrant is told. */
    private void probeCallback(Optional<Promise> after, long later) throws StoreException {
        if (after.isPresent() && after.get().state().isPending()) {
            f.ok(later, new DataRequest.PromiseSettle(ID, PromiseState.RESOLVED, VALUE));
        }
        List<String> told = row.then().equals("same+callback") ? List.of(ID) : List.of();
        assertEquals(told, task(REGISTRANT, later).orElseThrow().resumes(), "resumes queued at the registrant");
    }

    /**
     * What a watch on the id added before the row is told next: the promise created later (absent), its settlement
     * (pending), nothing ever (settled: a settle finds it so and changes nothing).
     */
    private void probeWatch(Optional<Promise> before, long watchFrom, long later) throws StoreException {
        Promise next;
        if (before.isEmpty()) {
            next = Fixture.promiseOf(f.ok(later, new DataRequest.PromiseCreate(ID, PARAM, TIMEOUT, Map.of())));
        } else {
            next = Fixture.promiseOf(f.ok(later, new DataRequest.PromiseSettle(ID, PromiseState.RESOLVED, VALUE)));
        }
        List<Promise> told = new ArrayList<>();
        for (Change c : f.store.changesSince(watchFrom + 1, 100)) {
            if (c instanceof Change.PromiseChanged pc && pc.promise().id().equals(ID)) {
                told.add(pc.promise());
            }
        }
        boolean settled = before.isPresent() && !before.get().state().isPending();
        assertEquals(settled ? List.of() : List.of(next), told, "what the watch is told");
    }

    // ---- reads

    private Outcome read(DataRequest request, long now) throws StoreException {
        try {
            return new Outcome.Success(f.store.read(request, now));
        } catch (HavenException e) {
            return Outcome.Failure.of(e);
        }
    }

    private Optional<Promise> promise(long now) throws StoreException {
        Outcome o = read(new DataRequest.PromiseGet(ID), now);
        return o instanceof Outcome.Success s ? Optional.of(Fixture.promiseOf(s.response())) : Optional.empty();
    }

    private Optional<Task> task(String id, long now) throws StoreException {
        Outcome o = read(new DataRequest.TaskGet(id), now);
        if (o instanceof Outcome.Success s) {
            DataResponse r = s.response();
            return Optional.of(((DataResult.TaskResult) r.data()).task());
        }
        return Optional.empty();
    }
}
