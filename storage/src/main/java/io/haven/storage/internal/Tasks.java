package io.haven.storage.internal;

import io.haven.protocol.HavenException;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import io.haven.protocol.message.Push;
import io.haven.storage.TaskPush;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Task semantics (DESIGN section 4; protocol-docs/data.md "Tasks", which also maps them to Resonate's transition
 * table). {@code (id, version)} is the holder's fencing token: a stale version gets CONFLICT (409), an unknown task
 * 404.
 *
 * <pre>
 * op / event                 state                       result
 * create {pid, ttl, action}  absent                      promise created; ACQUIRED by pid, version 0, expires
 *                                                        now+ttl (201); FULFILLED if the promise is settled
 * create                     present                     unchanged (200)
 * promise.create haven:invoke absent                     PENDING, version 0, ttl = pending-retry-ms, expires
 *                                                        now+ttl, invoke pushed to the tag's group
 * acquire {version, pid,ttl} PENDING, version matches    ACQUIRED, the request's ttl, expires now+ttl; answers
 *                                                        invoke or resume (201)
 * release {version}          ACQUIRED, version matches   PENDING, version+1, expires now+ttl, message pushed again
 *                                                        (201)
 * release {.., delay, error} ACQUIRED, version matches   as above, but with an error attempts+1 and last_error =
 *                                                        error; with a delay expires now+delay and the message
 *                                                        is pushed then (a retry's backoff), not at once
 * suspend {version, actions} ACQUIRED, all awaited       SUSPENDED, callbacks stored (201); a state given is kept
 *                            pending, no queued resume   and handed back by the acquire of the resume
 * suspend                    a resume queued             stays ACQUIRED, same version; the first queued resume is
 *                                                        taken: current = resume, resumes = the rest (300)
 * suspend                    none queued, some awaited   stays ACQUIRED, same version, current = resume (300)
 *                            settled
 *                            (either 300)                callbacks of the pending awaited are stored
 * complete {version, action} ACQUIRED, version matches   FULFILLED, promise settled (201; 200 if it already was)
 * complete                   FULFILLED, version matches  unchanged (200): a retried complete
 * fence {version, action}    ACQUIRED, version matches   inner action performed, 200 {action: inner response}
 * heartbeat {pid}            -                           every ACQUIRED task of pid expires now+ttl (200)
 * awaited promise settles    SUSPENDED                   PENDING, version+1, current = resume, ttl =
 *                                                        pending-retry-ms, expires now+ttl, resume pushed; its
 *                                                        other callbacks are dropped (an earlier suspend cannot
 *                                                        wake it again)
 * awaited promise settles    PENDING / ACQUIRED          resume queued (resumes), next suspend gets 300
 * awaited promise settles    awaiter's promise settled   nothing (a timed-out awaiter is not resumed)
 * own promise settles        not FULFILLED               FULFILLED; abort pushed to the holder if ACQUIRED
 * tick past expiry           ACQUIRED                    lease lost: PENDING, version+1, expires now+ttl, message
 *                                                        pushed again
 * tick past expiry           PENDING                     message pushed again, expires now+ttl
 * </pre>
 *
 * <p>{@code ttl} is both the holder's lease and, while PENDING, how long the task's message waits for an acquire
 * before it is pushed again (Resonate's {@code l}): a release or a lost lease keeps the last holder's, an enqueue or
 * a resume starts with pending-retry-ms. SUSPENDED and FULFILLED tasks have no holder ({@code pid} empty) and no
 * expiry (0); FULFILLED ones no queued resumes either.
 */
public final class Tasks {
    private final Checks checks;
    private final Promises promises;

    public Tasks(Checks checks, Promises promises) {
        this.checks = checks;
        this.promises = promises;
    }

    /**
     * When a PENDING task's message is pushed again: one ttl from now. Rows written before enqueued tasks got a
     * ttl have 0 there; they wait pending-retry-ms, as they did then, rather than being pushed on every tick.
     */
    private static long redeliverAt(Tx tx, TaskRow row) {
        long ttl = row.task().ttl();
        return tx.now() + (ttl > 0 ? ttl : tx.options().pendingRetryMs());
    }

    private static void pushMessage(Tx tx, TaskRow row) {
        Task t = row.task();
        tx.push(new TaskPush.Execute(row.group(), new Push.TaskMessage(t.current(), t.id(), t.version())));
    }

    void enqueue(Tx tx, Promise p, String group) {
        Optional<TaskRow> old = tx.task(p.id());
        if (old.isPresent()) {
            return;
        }
        long ttl = tx.options().pendingRetryMs();
        TaskRow row = new TaskRow(
                new Task(p.id(), TaskState.PENDING, 0, "", ttl, tx.now() + ttl, Task.INVOKE, List.of()), group, "");
        tx.saveTask(old, row);
        pushMessage(tx, row);
    }

    /** The task, after its promise's timeout (if due) has been applied. */
    private TaskRow find(Tx tx, String id) {
        checks.id(id, "id");
        if (tx.task(id).isEmpty()) {
            throw HavenException.notFound("no such task: " + id, id);
        }
        promises.find(tx, id);
        return tx.task(id).orElseThrow();
    }

    private static TaskRow holding(TaskRow row, long version) {
        if (row.state() != TaskState.ACQUIRED || row.version() != version) {
            throw conflict(row, version);
        }
        return row;
    }

    private static HavenException conflict(TaskRow row, long version) {
        return HavenException.conflict(
                "task " + row.id() + " is " + row.state() + " at version " + row.version() + ", not version " + version,
                row.id());
    }

    public DataResponse get(Tx tx, DataRequest.TaskGet r) {
        TaskRow row = find(tx, r.id());
        return DataResponse.of(DataKind.TASK_GET, DataResponse.OK, new DataResult.TaskResult(row.task()));
    }

    public DataResponse create(Tx tx, DataRequest.TaskCreate r) {
        checks.id(r.pid(), "pid");
        checks.ttl(r.ttl());
        promises.validate(r.action());
        String id = r.action().id();
        if (tx.task(id).isPresent()) {
            TaskRow row = find(tx, id);
            Promise p = promises.find(tx, id).orElseThrow();
            return DataResponse.of(
                    DataKind.TASK_CREATE, DataResponse.OK, new DataResult.TaskPromiseResult(row.task(), p));
        }
        promises.create(tx, r.action(), false);
        Promise p = promises.find(tx, id).orElseThrow();
        String group = p.tags().getOrDefault(Promise.TAG_INVOKE, "");
        Task t = p.state().isPending()
                ? new Task(id, TaskState.ACQUIRED, 0, r.pid(), r.ttl(), tx.now() + r.ttl(), Task.INVOKE, List.of())
                : new Task(id, TaskState.FULFILLED, 0, "", r.ttl(), 0, Task.INVOKE, List.of());
        TaskRow row = new TaskRow(t, group, "");
        tx.saveTask(Optional.empty(), row);
        return DataResponse.of(DataKind.TASK_CREATE, DataResponse.CREATED, new DataResult.TaskPromiseResult(t, p));
    }

    public DataResponse acquire(Tx tx, DataRequest.TaskAcquire r) {
        checks.id(r.pid(), "pid");
        checks.ttl(r.ttl());
        checks.version(r.version());
        TaskRow row = find(tx, r.id());
        if (row.state() != TaskState.PENDING || row.version() != r.version()) {
            throw conflict(row, r.version());
        }
        TaskRow next = row.withTtl(r.ttl()).with(TaskState.ACQUIRED, row.version(), r.pid(), tx.now() + r.ttl());
        tx.saveTask(Optional.of(row), next);
        Promise invoked = tx.promise(row.id()).orElseThrow();
        DataResult answer = Task.RESUME.equals(row.task().current())
                ? new DataResult.Resume(invoked, tx.promise(row.awaited()).orElseThrow(), row.saved())
                : new DataResult.Invoke(invoked);
        return DataResponse.of(DataKind.TASK_ACQUIRE, DataResponse.CREATED, answer);
    }

    public DataResponse release(Tx tx, DataRequest.TaskRelease r) {
        checks.version(r.version());
        checks.text(r.error(), "error");
        TaskRow row = holding(find(tx, r.id()), r.version());
        TaskRow failed = r.error().isEmpty() ? row : row.failed(r.error());
        long due = r.delayMs() > 0 ? tx.now() + r.delayMs() : redeliverAt(tx, row);
        TaskRow next = failed.with(TaskState.PENDING, row.version() + 1, "", due);
        tx.saveTask(Optional.of(row), next);
        if (r.delayMs() == 0) {
            // With a delay (a retry's backoff) the message goes out when the delay is due, as for any pending task.
            pushMessage(tx, next);
        }
        return DataResponse.of(DataKind.TASK_RELEASE, DataResponse.CREATED, DataResult.Empty.INSTANCE);
    }

    public DataResponse suspend(Tx tx, DataRequest.TaskSuspend r) {
        checks.version(r.version());
        checks.value(r.state(), "state");
        if (r.actions().isEmpty()) {
            throw HavenException.invalid("suspend needs at least one promise.register action", Checks.path("actions"));
        }
        if (r.actions().size() > tx.options().maxPageSize()) {
            throw HavenException.limit(
                    "suspend awaits at most " + tx.options().maxPageSize() + " promises", Checks.path("actions"));
        }
        for (DataRequest.PromiseRegister a : r.actions()) {
            checks.id(a.awaited(), "awaited");
            if (!a.awaiter().equals(r.id()) || a.awaited().equals(r.id())) {
                throw HavenException.invalid(
                        "each action must register task " + r.id() + " on another promise", Checks.path("actions"));
            }
        }
        TaskRow row = holding(find(tx, r.id()), r.version());
        String settled = "";
        for (DataRequest.PromiseRegister a : r.actions()) {
            Promise awaited = promises.find(tx, a.awaited()).orElseThrow(() -> Promises.notFound(a.awaited()));
            if (awaited.state().isPending()) {
                tx.addCallback(a.awaited(), r.id());
            } else if (settled.isEmpty()) {
                settled = a.awaited();
            }
        }
        // Reading what was due may have settled awaited promises this task had registered on before.
        TaskRow now = tx.task(r.id()).orElseThrow();
        if (now.state() != TaskState.ACQUIRED) {
            throw conflict(now, r.version());
        }
        if (r.state().length > 0) {
            // Seed 004's set-state, in the same entry as the suspend: the acquire that resumes the task hands it back.
            now = now.withSaved(r.state());
        }
        if (!settled.isEmpty() || !now.task().resumes().isEmpty()) {
            TaskRow stored = tx.task(r.id()).orElseThrow();
            TaskRow next = continued(now, settled);
            if (!next.equals(stored)) {
                tx.saveTask(Optional.of(stored), next);
            }
            return DataResponse.of(DataKind.TASK_SUSPEND, DataResponse.CONTINUE, DataResult.Empty.INSTANCE);
        }
        tx.saveTask(Optional.of(tx.task(r.id()).orElseThrow()), now.with(TaskState.SUSPENDED, row.version(), "", 0));
        return DataResponse.of(DataKind.TASK_SUSPEND, DataResponse.CREATED, DataResult.Empty.INSTANCE);
    }

    /**
     * The holder goes on at once (300) and is now running a resume: of the first queued one, which it takes off the
     * queue (each 300 takes one, so a second suspend with another one queued is told to go on again), or else of
     * {@code settled}, the first awaited promise of the suspend that had settled.
     */
    private static TaskRow continued(TaskRow row, String settled) {
        List<String> queued = row.task().resumes();
        if (queued.isEmpty()) {
            return row.withCurrent(Task.RESUME, settled);
        }
        return row.withResumes(queued.subList(1, queued.size())).withCurrent(Task.RESUME, queued.get(0));
    }

    private static TaskRow fulfilled(TaskRow row) {
        return row.with(TaskState.FULFILLED, row.version(), "", 0).withResumes(List.of());
    }

    public DataResponse complete(Tx tx, DataRequest.TaskComplete r) {
        checks.id(r.id(), "id");
        checks.version(r.version());
        if (!r.action().id().equals(r.id())) {
            throw HavenException.invalid("complete settles the task's own promise " + r.id(), Checks.path("action.id"));
        }
        TaskRow row = tx.task(r.id()).orElseThrow(() -> HavenException.notFound("no such task: " + r.id(), r.id()));
        if (row.state() == TaskState.FULFILLED && row.version() == r.version()) {
            Promise p = promises.find(tx, r.id()).orElseThrow();
            return DataResponse.of(DataKind.TASK_COMPLETE, DataResponse.OK, new DataResult.PromiseResult(p));
        }
        holding(row, r.version());
        // FULFILLED first, so that the settlement below is not taken for someone else's (which would abort it).
        tx.saveTask(Optional.of(row), fulfilled(row));
        DataResponse settled = promises.settle(tx, r.action());
        return DataResponse.of(DataKind.TASK_COMPLETE, settled.status(), settled.data());
    }

    public DataResponse fence(Tx tx, DataRequest.TaskFence r) {
        checks.version(r.version());
        holding(find(tx, r.id()), r.version());
        DataResponse inner = r.action() instanceof DataRequest.PromiseCreate c
                ? promises.create(tx, c)
                : promises.settle(tx, (DataRequest.PromiseSettle) r.action());
        return DataResponse.of(DataKind.TASK_FENCE, DataResponse.OK, new DataResult.Fenced(inner));
    }

    public DataResponse heartbeat(Tx tx, DataRequest.TaskHeartbeat r) {
        checks.id(r.pid(), "pid");
        for (String id : tx.tasksOf(r.pid())) {
            TaskRow row = tx.task(id).orElseThrow();
            if (row.state() == TaskState.ACQUIRED && row.task().pid().equals(r.pid())) {
                long expires = tx.now() + row.task().ttl();
                if (expires != row.task().expiresOn()) {
                    tx.saveTask(Optional.of(row), row.with(TaskState.ACQUIRED, row.version(), r.pid(), expires));
                }
            }
        }
        return DataResponse.of(DataKind.TASK_HEARTBEAT, DataResponse.OK, DataResult.Empty.INSTANCE);
    }

    /** {@code awaited} settled and {@code awaiter} had registered on it. */
    void onAwaitedSettled(Tx tx, String awaiter, String awaited) {
        Optional<Promise> p = promises.find(tx, awaiter);
        if (p.isEmpty() || !p.get().state().isPending()) {
            return;
        }
        Optional<TaskRow> found = tx.task(awaiter);
        if (found.isEmpty()) {
            return;
        }
        TaskRow row = found.get();
        switch (row.state()) {
            case SUSPENDED -> {
                for (String other : tx.awaitedBy(awaiter)) {
                    tx.removeCallback(other, awaiter);
                }
                long ttl = tx.options().pendingRetryMs();
                TaskRow next = row.withCurrent(Task.RESUME, awaited)
                        .withTtl(ttl)
                        .with(TaskState.PENDING, row.version() + 1, "", tx.now() + ttl);
                tx.saveTask(found, next);
                pushMessage(tx, next);
            }
            case PENDING, ACQUIRED -> {
                List<String> resumes = new ArrayList<>(row.task().resumes());
                resumes.add(awaited);
                tx.saveTask(found, row.withResumes(resumes));
            }
            case FULFILLED -> {}
        }
    }

    /** The task's own promise settled (by a call other than complete, or by its timeout). */
    void onPromiseSettled(Tx tx, Promise p) {
        Optional<TaskRow> found = tx.task(p.id());
        if (found.isEmpty() || found.get().state() == TaskState.FULFILLED) {
            return;
        }
        TaskRow row = found.get();
        if (row.state() == TaskState.ACQUIRED) {
            tx.push(new TaskPush.Abort(row.group(), row.task().pid(), row.id()));
        }
        tx.saveTask(found, fulfilled(row));
    }

    /** A tick reached the task's expiry. */
    boolean expire(Tx tx, TaskRow row) {
        TaskRow next;
        if (row.state() == TaskState.ACQUIRED) {
            next = row.with(TaskState.PENDING, row.version() + 1, "", redeliverAt(tx, row));
        } else if (row.state() == TaskState.PENDING) {
            next = row.with(TaskState.PENDING, row.version(), "", redeliverAt(tx, row));
        } else {
            return false;
        }
        tx.saveTask(Optional.of(row), next);
        pushMessage(tx, next);
        return true;
    }
}
