package io.haven.protocol.codec;

import static io.haven.protocol.codec.Out.opt;

import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataRequest;
import io.haven.protocol.data.PromiseState;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The {@code data} of each DATA request kind, and embedded requests ({@code protocol-docs/data.md}, "Requests").
 */
final class DataCodec {
    private DataCodec() {}

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
                ObjectCodec.payload(out, r.param());
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
                ObjectCodec.payload(out, r.value());
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
            boolean state = r.state().length > 0;
            out.map(3 + opt(state)).str("id").str(r.id()).str("version").num(r.version());
            out.str("actions").array(r.actions().size());
            for (DataRequest.PromiseRegister a : r.actions()) {
                embedded(out, a);
            }
            if (state) {
                out.str("state").bin(r.state());
            }
        } else if (request instanceof DataRequest.TaskComplete r) {
            out.map(3).str("id").str(r.id()).str("version").num(r.version()).str("action");
            embedded(out, r.action());
        } else if (request instanceof DataRequest.TaskRelease r) {
            boolean delay = r.delayMs() > 0;
            boolean error = !r.error().isEmpty();
            out.map(2 + opt(delay) + opt(error))
                    .str("id")
                    .str(r.id())
                    .str("version")
                    .num(r.version());
            if (delay) {
                out.str("delay").num(r.delayMs());
            }
            if (error) {
                out.str("error").str(r.error());
            }
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
            out.map(opt(prefix) + opt(from) + opt(r.push()));
            if (prefix) {
                out.str("prefix").str(r.prefix());
            }
            if (from) {
                out.str("from_rev").num(r.fromRev());
            }
            if (r.push()) {
                out.str("push").bool(true);
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
                        d.str("id"), ObjectCodec.payload(d.optMap("param")), d.uint("timeout"), d.optStrMap("tags"));
            case PROMISE_SETTLE:
                return new DataRequest.PromiseSettle(
                        d.str("id"), settleState(d), ObjectCodec.payload(d.optMap("value")));
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
                return new DataRequest.TaskSuspend(d.str("id"), d.uint("version"), actions, d.optBin("state"));
            case TASK_COMPLETE:
                return new DataRequest.TaskComplete(d.str("id"), d.uint("version"), (DataRequest.PromiseSettle)
                        embedded(d.map("action"), DataKind.PROMISE_SETTLE));
            case TASK_RELEASE:
                return new DataRequest.TaskRelease(
                        d.str("id"), d.uint("version"), d.optUint("delay", 0), d.optStr("error"));
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
                return new DataRequest.WatchAdd(d.optStr("prefix"), d.optUint("from_rev", 0), d.optBool("push"));
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
}
