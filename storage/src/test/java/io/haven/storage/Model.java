package io.haven.storage;

import io.haven.protocol.HavenError;
import io.haven.protocol.HavenException;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataKind;
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
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * A plain in-memory model of the store's semantics for the differential test: maps instead of RocksDB, whole-state
 * copies instead of overlays, a full scan instead of the timeout index. It covers the requests the test generates
 * (valid ids, a few kinds of invalid request).
 */
final class Model {
    private final StoreOptions options;
    ModelState s = new ModelState();
    private long now;
    private boolean recording;
    private List<Change> changes;
    private List<TaskPush> pushes;

    Model(StoreOptions options) {
        this.options = options;
    }

    StoreOptions options() {
        return options;
    }

    ApplyResult applyBatch(long index, long time, List<Command> commands) {
        List<Outcome> outcomes = new ArrayList<>();
        List<Change> allChanges = new ArrayList<>();
        List<TaskPush> allPushes = new ArrayList<>();
        for (Command c : commands) {
            ModelState saved = s.copy();
            now = time;
            recording = true;
            changes = new ArrayList<>();
            pushes = new ArrayList<>();
            try {
                outcomes.add(c instanceof Command.Data d ? new Outcome.Success(execute(d.request())) : tick());
                allChanges.addAll(changes);
                allPushes.addAll(pushes);
            } catch (HavenException e) {
                s = saved;
                outcomes.add(Outcome.Failure.of(e));
            }
        }
        return new ApplyResult(1, index, outcomes, allChanges, allPushes);
    }

    /** A read: the same logic on a copy that is thrown away. */
    Outcome read(DataRequest r, long time) {
        ModelState saved = s;
        s = s.copy();
        now = time;
        recording = false;
        changes = new ArrayList<>();
        pushes = new ArrayList<>();
        try {
            return new Outcome.Success(execute(r));
        } catch (HavenException e) {
            return Outcome.Failure.of(e);
        } finally {
            s = saved;
        }
    }

    private DataResponse execute(DataRequest r) {
        if (r instanceof DataRequest.PromiseGet g) {
            return resp(DataKind.PROMISE_GET, 200, new DataResult.PromiseResult(findOr404(g.id())));
        } else if (r instanceof DataRequest.PromiseCreate c) {
            return create(c, true);
        } else if (r instanceof DataRequest.PromiseSettle x) {
            return settle(x);
        } else if (r instanceof DataRequest.PromiseRegister x) {
            return register(x);
        } else if (r instanceof DataRequest.PromiseSearch x) {
            return search(x);
        } else if (r instanceof DataRequest.TaskGet x) {
            return resp(
                    DataKind.TASK_GET,
                    200,
                    new DataResult.TaskResult(taskFound(x.id()).task()));
        } else if (r instanceof DataRequest.TaskCreate x) {
            return taskCreate(x);
        } else if (r instanceof DataRequest.TaskAcquire x) {
            return acquire(x);
        } else if (r instanceof DataRequest.TaskRelease x) {
            ModelState.MTask t = holding(taskFound(x.id()), x.version());
            ModelState.MTask next = t.with(TaskState.PENDING, t.task().version() + 1, "", redeliverAt(t));
            saveTask(next);
            pushMessage(next);
            return resp(DataKind.TASK_RELEASE, 201, DataResult.Empty.INSTANCE);
        } else if (r instanceof DataRequest.TaskSuspend x) {
            return suspend(x);
        } else if (r instanceof DataRequest.TaskComplete x) {
            return complete(x);
        } else if (r instanceof DataRequest.TaskFence x) {
            holding(taskFound(x.id()), x.version());
            DataResponse inner = x.action() instanceof DataRequest.PromiseCreate c
                    ? create(c, true)
                    : settle((DataRequest.PromiseSettle) x.action());
            return resp(DataKind.TASK_FENCE, 200, new DataResult.Fenced(inner));
        } else if (r instanceof DataRequest.TaskHeartbeat x) {
            for (ModelState.MTask t : new ArrayList<>(s.tasks.values())) {
                if (t.task().state() == TaskState.ACQUIRED && t.task().pid().equals(x.pid())) {
                    long expires = now + t.task().ttl();
                    if (expires != t.task().expiresOn()) {
                        saveTask(t.with(TaskState.ACQUIRED, t.task().version(), x.pid(), expires));
                    }
                }
            }
            return resp(DataKind.TASK_HEARTBEAT, 200, DataResult.Empty.INSTANCE);
        } else if (r instanceof DataRequest.KvGet
                || r instanceof DataRequest.KvPut
                || r instanceof DataRequest.KvDelete
                || r instanceof DataRequest.KvList) {
            return ModelKv.execute(this, r);
        }
        throw new IllegalArgumentException("the model does not do " + r);
    }

    static DataResponse resp(DataKind kind, int status, DataResult data) {
        return DataResponse.of(kind, status, data);
    }

    void record(long rev, Change c) {
        if (recording) {
            s.rev = rev;
            changes.add(c);
        }
    }

    private void savePromise(Promise p) {
        s.promises.put(p.id(), p);
        record(s.rev + 1, new Change.PromiseChanged(s.rev + 1, p));
    }

    private void saveTask(ModelState.MTask t) {
        s.tasks.put(t.task().id(), t);
        record(s.rev + 1, new Change.TaskChanged(s.rev + 1, t.task()));
    }

    private void pushMessage(ModelState.MTask t) {
        pushes.add(new TaskPush.Execute(
                t.group(),
                new Push.TaskMessage(t.task().current(), t.task().id(), t.task().version())));
    }

    // ---- promises

    private static Promise timedOut(Promise p) {
        return p.withSettlement(
                p.isTimer() ? PromiseState.RESOLVED : PromiseState.REJECTED_TIMEDOUT, Payload.EMPTY, p.timeout());
    }

    private Promise find(String id) {
        Promise p = s.promises.get(id);
        if (p != null && p.state().isPending() && now >= p.timeout()) {
            p = timedOut(p);
            savePromise(p);
            onSettled(p);
        }
        return p;
    }

    private Promise findOr404(String id) {
        Promise p = find(id);
        if (p == null) {
            throw HavenException.notFound("no such promise", id);
        }
        return p;
    }

    private List<String> seconds(String first) {
        List<String> out = new ArrayList<>();
        for (String cb : s.callbacks.tailSet(first + "\0")) {
            if (!cb.startsWith(first + "\0")) {
                break;
            }
            out.add(cb.substring(first.length() + 1));
        }
        return out;
    }

    private List<String> awaitedBy(String awaiter) {
        List<String> out = new ArrayList<>();
        for (String cb : s.callbacks) {
            int nul = cb.indexOf('\0');
            if (cb.substring(nul + 1).equals(awaiter)) {
                out.add(cb.substring(0, nul));
            }
        }
        return out;
    }

    private void onSettled(Promise p) {
        for (String awaiter : seconds(p.id())) {
            s.callbacks.remove(p.id() + "\0" + awaiter);
            onAwaitedSettled(awaiter, p.id());
        }
        for (String awaited : awaitedBy(p.id())) {
            s.callbacks.remove(awaited + "\0" + p.id());
        }
        ModelState.MTask t = s.tasks.get(p.id());
        if (t != null && t.task().state() != TaskState.FULFILLED) {
            if (t.task().state() == TaskState.ACQUIRED) {
                pushes.add(new TaskPush.Abort(t.group(), t.task().pid(), p.id()));
            }
            saveTask(t.with(TaskState.FULFILLED, t.task().version(), "", 0).resumes(List.of()));
        }
    }

    private void onAwaitedSettled(String awaiter, String awaited) {
        Promise p = find(awaiter);
        ModelState.MTask t = s.tasks.get(awaiter);
        if (p == null || !p.state().isPending() || t == null) {
            return;
        }
        switch (t.task().state()) {
            case SUSPENDED -> {
                for (String other : awaitedBy(awaiter)) {
                    s.callbacks.remove(other + "\0" + awaiter);
                }
                Task o = t.task();
                ModelState.MTask next = new ModelState.MTask(
                        new Task(
                                o.id(),
                                TaskState.PENDING,
                                o.version() + 1,
                                "",
                                options.pendingRetryMs(),
                                now + options.pendingRetryMs(),
                                Task.RESUME,
                                o.resumes()),
                        t.group(),
                        awaited);
                saveTask(next);
                pushMessage(next);
            }
            case PENDING, ACQUIRED -> {
                List<String> resumes = new ArrayList<>(t.task().resumes());
                resumes.add(awaited);
                saveTask(t.resumes(resumes));
            }
            case FULFILLED -> {}
        }
    }

    private DataResponse create(DataRequest.PromiseCreate r, boolean enqueue) {
        Promise existing = find(r.id());
        if (existing != null) {
            return resp(DataKind.PROMISE_CREATE, 200, new DataResult.PromiseResult(existing));
        }
        Promise p = new Promise(r.id(), PromiseState.PENDING, r.param(), Payload.EMPTY, r.timeout(), r.tags(), now, 0);
        if (now >= p.timeout()) {
            p = timedOut(p);
        }
        savePromise(p);
        String group = r.tags().get(Promise.TAG_INVOKE);
        if (enqueue && group != null && p.state().isPending() && !s.tasks.containsKey(p.id())) {
            ModelState.MTask t = new ModelState.MTask(
                    new Task(
                            p.id(),
                            TaskState.PENDING,
                            0,
                            "",
                            options.pendingRetryMs(),
                            now + options.pendingRetryMs(),
                            Task.INVOKE,
                            List.of()),
                    group,
                    "");
            saveTask(t);
            pushMessage(t);
        }
        return resp(DataKind.PROMISE_CREATE, 201, new DataResult.PromiseResult(p));
    }

    private DataResponse settle(DataRequest.PromiseSettle r) {
        if (r.state() == PromiseState.PENDING || r.state() == PromiseState.REJECTED_TIMEDOUT) {
            throw HavenException.invalid("bad state", "data.state");
        }
        Promise p = findOr404(r.id());
        if (!p.state().isPending()) {
            return resp(DataKind.PROMISE_SETTLE, 200, new DataResult.PromiseResult(p));
        }
        Promise settled = p.withSettlement(r.state(), r.value(), now);
        savePromise(settled);
        onSettled(settled);
        return resp(DataKind.PROMISE_SETTLE, 201, new DataResult.PromiseResult(settled));
    }

    private DataResponse register(DataRequest.PromiseRegister r) {
        if (r.awaiter().equals(r.awaited())) {
            throw HavenException.invalid("self", "data.awaiter", "data.awaited");
        }
        Promise awaiter = find(r.awaiter());
        Promise awaited = find(r.awaited());
        if (awaiter == null || awaited == null) {
            List<String> missing = new ArrayList<>();
            if (awaiter == null) {
                missing.add(r.awaiter());
            }
            if (awaited == null) {
                missing.add(r.awaited());
            }
            throw HavenException.notFound("missing", missing.toArray(new String[0]));
        }
        boolean stored = awaited.state().isPending()
                && awaiter.state().isPending()
                && s.callbacks.add(r.awaited() + "\0" + r.awaiter());
        return resp(DataKind.PROMISE_REGISTER, stored ? 201 : 200, new DataResult.PromiseResult(awaited));
    }

    private DataResponse search(DataRequest.PromiseSearch r) {
        int limit = r.limit() == 0 ? options.defaultPageSize() : r.limit();
        List<Promise> page = new ArrayList<>();
        String cursor = "";
        String last = "";
        int examined = 0;
        for (Promise stored : s.promises.values()) {
            if (!stored.id().startsWith(r.prefix()) || stored.id().compareTo(r.cursor()) <= 0) {
                continue;
            }
            if (examined == options.maxPageSize() * 10) {
                cursor = last;
                break;
            }
            Promise p = stored.state().isPending() && now >= stored.timeout() ? timedOut(stored) : stored;
            boolean match = r.state().map(st -> st == p.state()).orElse(true)
                    && r.tags().entrySet().stream()
                            .allMatch(e -> e.getValue().equals(p.tags().get(e.getKey())));
            if (match) {
                if (page.size() == limit) {
                    cursor = last;
                    break;
                }
                page.add(p);
            }
            examined++;
            last = p.id();
        }
        return resp(DataKind.PROMISE_SEARCH, 200, new DataResult.PromisePage(page, cursor));
    }

    // ---- tasks

    private ModelState.MTask taskFound(String id) {
        if (!s.tasks.containsKey(id)) {
            throw HavenException.notFound("no such task", id);
        }
        find(id);
        return s.tasks.get(id);
    }

    private static HavenException conflict(String id) {
        return HavenException.conflict("stale", id);
    }

    private static ModelState.MTask holding(ModelState.MTask t, long version) {
        if (t.task().state() != TaskState.ACQUIRED || t.task().version() != version) {
            throw conflict(t.task().id());
        }
        return t;
    }

    private DataResponse taskCreate(DataRequest.TaskCreate r) {
        String id = r.action().id();
        if (s.tasks.containsKey(id)) {
            ModelState.MTask t = taskFound(id);
            return resp(DataKind.TASK_CREATE, 200, new DataResult.TaskPromiseResult(t.task(), find(id)));
        }
        create(r.action(), false);
        Promise p = find(id);
        String group = p.tags().getOrDefault(Promise.TAG_INVOKE, "");
        Task t = p.state().isPending()
                ? new Task(id, TaskState.ACQUIRED, 0, r.pid(), r.ttl(), now + r.ttl(), Task.INVOKE, List.of())
                : new Task(id, TaskState.FULFILLED, 0, "", r.ttl(), 0, Task.INVOKE, List.of());
        saveTask(new ModelState.MTask(t, group, ""));
        return resp(DataKind.TASK_CREATE, 201, new DataResult.TaskPromiseResult(t, p));
    }

    private DataResponse acquire(DataRequest.TaskAcquire r) {
        ModelState.MTask t = taskFound(r.id());
        if (t.task().state() != TaskState.PENDING || t.task().version() != r.version()) {
            throw conflict(r.id());
        }
        Task o = t.task();
        ModelState.MTask next = new ModelState.MTask(
                new Task(
                        o.id(),
                        TaskState.ACQUIRED,
                        o.version(),
                        r.pid(),
                        r.ttl(),
                        now + r.ttl(),
                        o.current(),
                        o.resumes()),
                t.group(),
                t.awaited());
        saveTask(next);
        Promise invoked = s.promises.get(r.id());
        DataResult answer = Task.RESUME.equals(o.current())
                ? new DataResult.Resume(invoked, s.promises.get(t.awaited()))
                : new DataResult.Invoke(invoked);
        return resp(DataKind.TASK_ACQUIRE, 201, answer);
    }

    private DataResponse suspend(DataRequest.TaskSuspend r) {
        for (DataRequest.PromiseRegister a : r.actions()) {
            if (!a.awaiter().equals(r.id()) || a.awaited().equals(r.id())) {
                throw HavenException.invalid("bad action", "data.actions");
            }
        }
        holding(taskFound(r.id()), r.version());
        String settled = null;
        for (DataRequest.PromiseRegister a : r.actions()) {
            Promise awaited = findOr404(a.awaited());
            if (awaited.state().isPending()) {
                s.callbacks.add(a.awaited() + "\0" + r.id());
            } else if (settled == null) {
                settled = a.awaited();
            }
        }
        ModelState.MTask t = s.tasks.get(r.id());
        List<String> queued = t.task().resumes();
        if (settled != null || !queued.isEmpty()) {
            // Each 300 takes one queued resume (or the settled awaited) and makes it what the holder now runs.
            String resumed = queued.isEmpty() ? settled : queued.get(0);
            Task o = t.task();
            ModelState.MTask next = new ModelState.MTask(
                    new Task(
                            o.id(),
                            o.state(),
                            o.version(),
                            o.pid(),
                            o.ttl(),
                            o.expiresOn(),
                            Task.RESUME,
                            queued.isEmpty() ? queued : queued.subList(1, queued.size())),
                    t.group(),
                    resumed);
            if (!next.equals(t)) {
                saveTask(next);
            }
            return resp(DataKind.TASK_SUSPEND, 300, DataResult.Empty.INSTANCE);
        }
        saveTask(t.with(TaskState.SUSPENDED, t.task().version(), "", 0));
        return resp(DataKind.TASK_SUSPEND, 201, DataResult.Empty.INSTANCE);
    }

    private DataResponse complete(DataRequest.TaskComplete r) {
        ModelState.MTask t = s.tasks.get(r.id());
        if (t == null) {
            throw HavenException.notFound("no such task", r.id());
        }
        if (t.task().state() == TaskState.FULFILLED && t.task().version() == r.version()) {
            return resp(DataKind.TASK_COMPLETE, 200, new DataResult.PromiseResult(find(r.id())));
        }
        holding(t, r.version());
        saveTask(t.with(TaskState.FULFILLED, t.task().version(), "", 0).resumes(List.of()));
        DataResponse settled = settle(r.action());
        return resp(DataKind.TASK_COMPLETE, settled.status(), settled.data());
    }

    /** A PENDING task's message is pushed again one ttl from now (pending-retry-ms if it has none). */
    private long redeliverAt(ModelState.MTask t) {
        long ttl = t.task().ttl();
        return now + (ttl > 0 ? ttl : options.pendingRetryMs());
    }

    // ---- tick

    private record Due(long time, char type, String id) {}

    private Outcome tick() {
        List<Due> due = new ArrayList<>();
        for (Promise p : s.promises.values()) {
            if (p.state().isPending() && p.timeout() <= now) {
                due.add(new Due(p.timeout(), 'p', p.id()));
            }
        }
        for (ModelState.MTask t : s.tasks.values()) {
            TaskState st = t.task().state();
            if ((st == TaskState.PENDING || st == TaskState.ACQUIRED)
                    && t.task().expiresOn() > 0
                    && t.task().expiresOn() <= now) {
                due.add(new Due(t.task().expiresOn(), 't', t.task().id()));
            }
        }
        due.sort(Comparator.comparingLong(Due::time).thenComparing(Due::type).thenComparing(Due::id));
        int limit = options.sweepLimit();
        int expired = 0;
        for (Due d : due.subList(0, Math.min(limit, due.size()))) {
            if (d.type() == 'p') {
                Promise p = s.promises.get(d.id());
                if (p.state().isPending() && p.timeout() == d.time()) {
                    Promise settled = timedOut(p);
                    savePromise(settled);
                    onSettled(settled);
                    expired++;
                }
            } else {
                ModelState.MTask t = s.tasks.get(d.id());
                TaskState st = t.task().state();
                if (t.task().expiresOn() == d.time() && (st == TaskState.PENDING || st == TaskState.ACQUIRED)) {
                    long version = st == TaskState.ACQUIRED
                            ? t.task().version() + 1
                            : t.task().version();
                    ModelState.MTask next = t.with(TaskState.PENDING, version, "", redeliverAt(t));
                    saveTask(next);
                    pushMessage(next);
                    expired++;
                }
            }
        }
        return new Outcome.Ticked(expired, due.size() > limit);
    }

    static boolean sameFailure(HavenError a, HavenError b) {
        return a.code() == b.code() && a.items().equals(b.items());
    }

    Map<String, Promise> promises() {
        return s.promises;
    }
}
