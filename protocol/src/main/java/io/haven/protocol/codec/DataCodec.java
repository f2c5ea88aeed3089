package io.haven.protocol.codec;

import static io.haven.protocol.codec.Out.opt;

import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.PromiseState;
import io.haven.protocol.data.Task;
import io.haven.protocol.data.TaskState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The DATA objects: promises, tasks, kv entries, the {@code data} of each DATA request and of each result. Field
 * layouts and their canonical order are those of {@code protocol-docs/data.md}.
 */
final class DataCodec {
    private DataCodec() {}

    // ---- values --------------------------------------------------------------------------------------------

    static void payload(Out out, Payload p) {
        boolean headers = !p.headers().isEmpty();
        boolean data = p.data().length > 0;
        out.map(opt(headers) + opt(data));
        if (headers) {
            out.str("headers").strMap(p.headers());
        }
        if (data) {
            out.str("data").bin(p.data());
        }
    }

    static Payload payload(WireMap m) {
        return new Payload(m.optStrMap("headers"), m.optBin("data"));
    }

    static void promise(Out out, Promise p) {
        boolean param = !p.param().isEmpty();
        boolean value = !p.value().isEmpty();
        boolean tags = !p.tags().isEmpty();
        boolean settled = p.settledOn() != 0;
        out.map(4 + opt(param) + opt(value) + opt(tags) + opt(settled));
        out.str("id").str(p.id());
        out.str("state").str(p.state().wireName());
        if (param) {
            out.str("param");
            payload(out, p.param());
        }
        if (value) {
            out.str("value");
            payload(out, p.value());
        }
        out.str("timeout").num(p.timeout());
        if (tags) {
            out.str("tags").strMap(p.tags());
        }
        out.str("created_on").num(p.createdOn());
        if (settled) {
            out.str("settled_on").num(p.settledOn());
        }
    }

    static Promise promise(WireMap m) {
        return new Promise(
                m.str("id"),
                m.constant("state", PromiseState::of),
                payload(m.optMap("param")),
                payload(m.optMap("value")),
                m.uint("timeout"),
                m.optStrMap("tags"),
                m.uint("created_on"),
                m.optUint("settled_on", 0));
    }

    static void task(Out out, Task t) {
        boolean pid = !t.pid().isEmpty();
        boolean ttl = t.ttl() != 0;
        boolean expires = t.expiresOn() != 0;
        boolean current = !t.current().isEmpty();
        boolean resumes = !t.resumes().isEmpty();
        out.map(3 + opt(pid) + opt(ttl) + opt(expires) + opt(current) + opt(resumes));
        out.str("id").str(t.id());
        out.str("state").str(t.state().wireName());
        out.str("version").num(t.version());
        if (pid) {
            out.str("pid").str(t.pid());
        }
        if (ttl) {
            out.str("ttl").num(t.ttl());
        }
        if (expires) {
            out.str("expires_on").num(t.expiresOn());
        }
        if (current) {
            out.str("current").str(t.current());
        }
        if (resumes) {
            out.str("resumes").strs(t.resumes());
        }
    }

    static Task task(WireMap m) {
        return new Task(
                m.str("id"),
                m.constant("state", TaskState::of),
                m.uint("version"),
                m.optStr("pid"),
                m.optUint("ttl", 0),
                m.optUint("expires_on", 0),
                m.optStr("current"),
                m.strs("resumes", false));
    }

    static void kv(Out out, Kv kv) {
        boolean value = kv.value().length > 0;
        boolean type = !kv.contentType().isEmpty();
        out.map(3 + opt(value) + opt(type));
        out.str("key").str(kv.key());
        if (value) {
            out.str("value").bin(kv.value());
        }
        if (type) {
            out.str("content_type").str(kv.contentType());
        }
        out.str("version").num(kv.version());
        out.str("rev").num(kv.rev());
    }

    static Kv kv(WireMap m) {
        return new Kv(m.str("key"), m.optBin("value"), m.optStr("content_type"), m.uint("version"), m.uint("rev"));
    }

    // ---- requests ------------------------------------------------------------------------------------------

    /** An embedded request object: {@code {kind, data}}. */
    static void embedded(Out out, DataRequest r) {
        out.map(2);
        out.str("kind").str(r.kind().wireName());
        out.str("data");
        request(out, r);
    }

    /** Reads an embedded {@code {kind, data, head?}} whose kind must be one of {@code allowed}. */
    static DataRequest embedded(WireMap m, DataKind... allowed) {
        DataKind kind = m.constant("kind", DataKind::of);
        for (DataKind k : allowed) {
            if (k == kind) {
                return request(kind, m.map("data"));
            }
        }
        throw DecodeException.bad(m.path("kind") + " may not be " + kind.wireName() + " here", m.path("kind"));
    }

    /** The {@code data} map of a DATA request. */
    static void request(Out out, DataRequest request) {
        if (request instanceof DataRequest.PromiseGet r) {
            out.map(1).str("id").str(r.id());
        } else if (request instanceof DataRequest.PromiseCreate r) {
            boolean param = !r.param().isEmpty();
            boolean tags = !r.tags().isEmpty();
            out.map(2 + opt(param) + opt(tags)).str("id").str(r.id());
            if (param) {
                out.str("param");
                payload(out, r.param());
            }
            out.str("timeout").num(r.timeout());
            if (tags) {
                out.str("tags").strMap(r.tags());
            }
        } else if (request instanceof DataRequest.PromiseSettle r) {
            boolean value = !r.value().isEmpty();
            out.map(2 + opt(value))
                    .str("id")
                    .str(r.id())
                    .str("state")
                    .str(r.state().wireName());
            if (value) {
                out.str("value");
                payload(out, r.value());
            }
        } else if (request instanceof DataRequest.PromiseRegister r) {
            out.map(2).str("awaiter").str(r.awaiter()).str("awaited").str(r.awaited());
        } else if (request instanceof DataRequest.PromiseSearch r) {
            promiseSearch(out, r);
        } else if (request instanceof DataRequest.TaskGet r) {
            out.map(1).str("id").str(r.id());
        } else if (request instanceof DataRequest.TaskCreate r) {
            out.map(3).str("pid").str(r.pid()).str("ttl").num(r.ttl()).str("action");
            embedded(out, r.action());
        } else if (request instanceof DataRequest.TaskAcquire r) {
            out.map(4).str("id").str(r.id()).str("version").num(r.version());
            out.str("pid").str(r.pid()).str("ttl").num(r.ttl());
        } else if (request instanceof DataRequest.TaskSuspend r) {
            out.map(3).str("id").str(r.id()).str("version").num(r.version());
            out.str("actions").array(r.actions().size());
            for (DataRequest.PromiseRegister a : r.actions()) {
                embedded(out, a);
            }
        } else if (request instanceof DataRequest.TaskComplete r) {
            out.map(3).str("id").str(r.id()).str("version").num(r.version()).str("action");
            embedded(out, r.action());
        } else if (request instanceof DataRequest.TaskRelease r) {
            out.map(2).str("id").str(r.id()).str("version").num(r.version());
        } else if (request instanceof DataRequest.TaskFence r) {
            out.map(3).str("id").str(r.id()).str("version").num(r.version()).str("action");
            embedded(out, r.action());
        } else if (request instanceof DataRequest.TaskHeartbeat r) {
            out.map(1).str("pid").str(r.pid());
        } else if (request instanceof DataRequest.KvGet r) {
            out.map(1).str("key").str(r.key());
        } else if (request instanceof DataRequest.KvPut r) {
            boolean value = r.value().length > 0;
            boolean type = !r.contentType().isEmpty();
            boolean version = r.expectedVersion() != DataRequest.NO_VERSION;
            out.map(1 + opt(value) + opt(type) + opt(version)).str("key").str(r.key());
            if (value) {
                out.str("value").bin(r.value());
            }
            if (type) {
                out.str("content_type").str(r.contentType());
            }
            if (version) {
                out.str("version").num(r.expectedVersion());
            }
        } else if (request instanceof DataRequest.KvDelete r) {
            boolean version = r.expectedVersion() != DataRequest.NO_VERSION;
            out.map(1 + opt(version)).str("key").str(r.key());
            if (version) {
                out.str("version").num(r.expectedVersion());
            }
        } else if (request instanceof DataRequest.KvList r) {
            boolean prefix = !r.prefix().isEmpty();
            boolean cursor = !r.cursor().isEmpty();
            boolean limit = r.limit() != 0;
            out.map(opt(prefix) + opt(cursor) + opt(limit));
            if (prefix) {
                out.str("prefix").str(r.prefix());
            }
            if (cursor) {
                out.str("cursor").str(r.cursor());
            }
            if (limit) {
                out.str("limit").num(r.limit());
            }
        } else if (request instanceof DataRequest.WatchAdd r) {
            boolean prefix = !r.prefix().isEmpty();
            boolean from = r.fromRev() != 0;
            out.map(opt(prefix) + opt(from));
            if (prefix) {
                out.str("prefix").str(r.prefix());
            }
            if (from) {
                out.str("from_rev").num(r.fromRev());
            }
        } else if (request instanceof DataRequest.WatchRemove r) {
            out.map(1).str("watch").num(r.watch());
        } else {
            throw new IllegalArgumentException("unknown data request " + request);
        }
    }

    private static void promiseSearch(Out out, DataRequest.PromiseSearch r) {
        boolean prefix = !r.prefix().isEmpty();
        boolean state = r.state().isPresent();
        boolean tags = !r.tags().isEmpty();
        boolean cursor = !r.cursor().isEmpty();
        boolean limit = r.limit() != 0;
        out.map(opt(prefix) + opt(state) + opt(tags) + opt(cursor) + opt(limit));
        if (prefix) {
            out.str("prefix").str(r.prefix());
        }
        if (state) {
            out.str("state").str(r.state().get().wireName());
        }
        if (tags) {
            out.str("tags").strMap(r.tags());
        }
        if (cursor) {
            out.str("cursor").str(r.cursor());
        }
        if (limit) {
            out.str("limit").num(r.limit());
        }
    }

    static DataRequest request(DataKind kind, WireMap d) {
        switch (kind) {
            case PROMISE_GET:
                return new DataRequest.PromiseGet(d.str("id"));
            case PROMISE_CREATE:
                return new DataRequest.PromiseCreate(
                        d.str("id"), payload(d.optMap("param")), d.uint("timeout"), d.optStrMap("tags"));
            case PROMISE_SETTLE:
                return new DataRequest.PromiseSettle(d.str("id"), settleState(d), payload(d.optMap("value")));
            case PROMISE_REGISTER:
                return new DataRequest.PromiseRegister(d.str("awaiter"), d.str("awaited"));
            case PROMISE_SEARCH:
                Optional<PromiseState> state =
                        d.has("state") ? Optional.of(d.constant("state", PromiseState::of)) : Optional.empty();
                return new DataRequest.PromiseSearch(
                        d.optStr("prefix"), state, d.optStrMap("tags"), d.optStr("cursor"), d.optInt("limit"));
            case TASK_GET:
                return new DataRequest.TaskGet(d.str("id"));
            case TASK_CREATE:
                return new DataRequest.TaskCreate(d.str("pid"), d.uint("ttl"), (DataRequest.PromiseCreate)
                        embedded(d.map("action"), DataKind.PROMISE_CREATE));
            case TASK_ACQUIRE:
                return new DataRequest.TaskAcquire(d.str("id"), d.uint("version"), d.str("pid"), d.uint("ttl"));
            case TASK_SUSPEND:
                List<DataRequest.PromiseRegister> actions = new ArrayList<>();
                for (WireMap a : d.maps("actions", true)) {
                    actions.add((DataRequest.PromiseRegister) embedded(a, DataKind.PROMISE_REGISTER));
                }
                return new DataRequest.TaskSuspend(d.str("id"), d.uint("version"), actions);
            case TASK_COMPLETE:
                return new DataRequest.TaskComplete(d.str("id"), d.uint("version"), (DataRequest.PromiseSettle)
                        embedded(d.map("action"), DataKind.PROMISE_SETTLE));
            case TASK_RELEASE:
                return new DataRequest.TaskRelease(d.str("id"), d.uint("version"));
            case TASK_FENCE:
                return new DataRequest.TaskFence(
                        d.str("id"),
                        d.uint("version"),
                        embedded(d.map("action"), DataKind.PROMISE_CREATE, DataKind.PROMISE_SETTLE));
            case TASK_HEARTBEAT:
                return new DataRequest.TaskHeartbeat(d.str("pid"));
            case KV_GET:
                return new DataRequest.KvGet(d.str("key"));
            case KV_PUT:
                return new DataRequest.KvPut(
                        d.str("key"),
                        d.optBin("value"),
                        d.optStr("content_type"),
                        d.optUint("version", DataRequest.NO_VERSION));
            case KV_DELETE:
                return new DataRequest.KvDelete(d.str("key"), d.optUint("version", DataRequest.NO_VERSION));
            case KV_LIST:
                return new DataRequest.KvList(d.optStr("prefix"), d.optStr("cursor"), d.optInt("limit"));
            case WATCH_ADD:
                return new DataRequest.WatchAdd(d.optStr("prefix"), d.optUint("from_rev", 0));
            case WATCH_REMOVE:
                return new DataRequest.WatchRemove(d.uint("watch"));
            default:
                throw new IllegalStateException("unhandled kind " + kind);
        }
    }

    private static PromiseState settleState(WireMap d) {
        PromiseState s = d.constant("state", PromiseState::of);
        if (s == PromiseState.PENDING || s == PromiseState.REJECTED_TIMEDOUT) {
            throw DecodeException.bad(
                    d.path("state") + " must be RESOLVED, REJECTED or REJECTED_CANCELED", d.path("state"));
        }
        return s;
    }

    // ---- results -------------------------------------------------------------------------------------------

    /** {@code {kind, status, data}}: a DATA response on its own, as task.fence's result nests it. */
    static void response(Out out, DataResponse r) {
        out.map(3)
                .str("kind")
                .str(r.kind().wireName())
                .str("status")
                .num(r.status())
                .str("data");
        result(out, r.data());
    }

    static DataResponse response(WireMap m) {
        DataKind kind = m.constant("kind", DataKind::of);
        return new DataResponse(kind, status(m), result(m.map("data")));
    }

    static int status(WireMap m) {
        long s = m.uint("status");
        if (s < 100 || s > 599) {
            throw DecodeException.bad(m.path("status") + " must be from 100 to 599", m.path("status"));
        }
        return (int) s;
    }

    /** The {@code data} map of a successful DATA response; its shape names the result type. */
    static void result(Out out, DataResult result) {
        if (result instanceof DataResult.Empty) {
            out.map(0);
        } else if (result instanceof DataResult.PromiseResult r) {
            out.map(1).str("promise");
            promise(out, r.promise());
        } else if (result instanceof DataResult.TaskResult r) {
            out.map(1).str("task");
            task(out, r.task());
        } else if (result instanceof DataResult.TaskPromiseResult r) {
            out.map(2).str("task");
            task(out, r.task());
            out.str("promise");
            promise(out, r.promise());
        } else if (result instanceof DataResult.Invoke r) {
            out.map(2).str("kind").str("invoke").str("data").map(1).str("invoked");
            promise(out, r.invoked());
        } else if (result instanceof DataResult.Resume r) {
            out.map(2).str("kind").str("resume").str("data").map(2).str("invoked");
            promise(out, r.invoked());
            out.str("awaited");
            promise(out, r.awaited());
        } else if (result instanceof DataResult.Fenced r) {
            out.map(1).str("action");
            response(out, r.action());
        } else if (result instanceof DataResult.PromisePage r) {
            boolean cursor = !r.cursor().isEmpty();
            out.map(1 + opt(cursor)).str("promises").array(r.promises().size());
            for (Promise p : r.promises()) {
                promise(out, p);
            }
            if (cursor) {
                out.str("cursor").str(r.cursor());
            }
        } else if (result instanceof DataResult.KvResult r) {
            out.map(1).str("kv");
            kv(out, r.kv());
        } else if (result instanceof DataResult.KvDeleted r) {
            out.map(3)
                    .str("key")
                    .str(r.key())
                    .str("deleted")
                    .bool(r.deleted())
                    .str("rev")
                    .num(r.rev());
        } else if (result instanceof DataResult.KvPage r) {
            boolean cursor = !r.cursor().isEmpty();
            out.map(1 + opt(cursor)).str("kvs").array(r.kvs().size());
            for (Kv kv : r.kvs()) {
                kv(out, kv);
            }
            if (cursor) {
                out.str("cursor").str(r.cursor());
            }
        } else if (result instanceof DataResult.WatchAdded r) {
            out.map(2).str("watch").num(r.watch()).str("rev").num(r.rev());
        } else {
            throw new IllegalArgumentException("unknown data result " + result);
        }
    }

    /** Reads a result by its shape: the fields present say which result it is (data.md, "Results"). */
    static DataResult result(WireMap d) {
        if (d.has("kind")) {
            String kind = d.str("kind");
            WireMap inner = d.map("data");
            if (kind.equals("invoke")) {
                return new DataResult.Invoke(promise(inner.map("invoked")));
            }
            if (kind.equals("resume")) {
                return new DataResult.Resume(promise(inner.map("invoked")), promise(inner.map("awaited")));
            }
            throw DecodeException.bad("unknown " + d.path("kind") + " " + WireMap.quote(kind), d.path("kind"));
        }
        if (d.has("action")) {
            return new DataResult.Fenced(response(d.map("action")));
        }
        if (d.has("promises")) {
            List<Promise> promises = new ArrayList<>();
            for (WireMap p : d.maps("promises", true)) {
                promises.add(promise(p));
            }
            return new DataResult.PromisePage(promises, d.optStr("cursor"));
        }
        if (d.has("kvs")) {
            List<Kv> kvs = new ArrayList<>();
            for (WireMap k : d.maps("kvs", true)) {
                kvs.add(kv(k));
            }
            return new DataResult.KvPage(kvs, d.optStr("cursor"));
        }
        if (d.has("kv")) {
            return new DataResult.KvResult(kv(d.map("kv")));
        }
        if (d.has("deleted")) {
            return new DataResult.KvDeleted(d.str("key"), d.bool("deleted"), d.uint("rev"));
        }
        if (d.has("watch")) {
            return new DataResult.WatchAdded(d.uint("watch"), d.uint("rev"));
        }
        if (d.has("task")) {
            Task task = task(d.map("task"));
            return d.has("promise")
                    ? new DataResult.TaskPromiseResult(task, promise(d.map("promise")))
                    : new DataResult.TaskResult(task);
        }
        if (d.has("promise")) {
            return new DataResult.PromiseResult(promise(d.map("promise")));
        }
        if (d.keys().isEmpty()) {
            return DataResult.Empty.INSTANCE;
        }
        throw DecodeException.bad(d.name() + " has no known result shape", d.name());
    }
}
