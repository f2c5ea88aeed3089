package io.haven.protocol.codec;

import static io.haven.protocol.codec.Out.opt;

import io.haven.protocol.Action;
import io.haven.protocol.ErrorCode;
import io.haven.protocol.HavenError;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.data.DataResponse;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Push;
import io.haven.protocol.message.Response;
import io.haven.protocol.message.ServerMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Responses and pushes (node to client), as {@code protocol-docs/actions.md} lists them. */
final class ServerMessageCodec {
    /** The keys every response may carry; a MANAGE reply's own fields are all the others. */
    static final Set<String> RESPONSE_KEYS = Set.of("action", "type", "_reqid", "result", "status");

    /** The {@code type} of DISCOVER {@code status}'s reply, which tells it apart from the other DISCOVER replies. */
    private static final String STATUS_TYPE = DiscoverType.STATUS.wireName();

    private ServerMessageCodec() {}

    /** Writes the map header and {@code action, type?, _reqid?} and the key {@code result}; the caller writes its value. */
    private static Out header(Out out, int ownFields, Action action, String type, long reqId) {
        boolean hasType = !type.isEmpty();
        boolean hasReqId = reqId != Envelope.NO_REQID;
        out.map(3 + opt(hasType) + opt(hasReqId) + ownFields);
        out.str("action").str(action.wireName());
        if (hasType) {
            out.str("type").str(type);
        }
        if (hasReqId) {
            out.str("_reqid").num(reqId);
        }
        return out.str("result");
    }

    static byte[] encode(ServerMessage message) {
        Out out = new Out();
        if (message instanceof Push push) {
            push(out, push);
        } else if (message instanceof Response.ConnectReply r) {
            header(out, 5, r.action(), "", r.reqId()).bool(true).str("status").num(r.status());
            out.str("version").str(r.version()).str("session").str(r.session());
            out.str("node")
                    .map(2)
                    .str("uuid")
                    .str(r.node().uuid())
                    .str("roles")
                    .strs(r.node().roles());
            out.str("heartbeat_ms").num(r.heartbeatMs()).str("session_ttl_ms").num(r.sessionTtlMs());
        } else if (message instanceof Response.ControlReply r) {
            header(out, 1, r.action(), "", r.reqId()).bool(true).str("status").num(r.status());
            out.str("roles").strs(r.roles());
        } else if (message instanceof Response.QueryReply r) {
            header(out, 2, r.action(), "", r.reqId()).bool(true).str("status").num(r.status());
            out.str("kind").str(r.data().kind().wireName()).str("data");
            ResultCodec.result(out, r.data().data());
        } else if (message instanceof Response.DiscoverReply r) {
            boolean locations = !r.locations().isEmpty();
            boolean quorum = !r.quorum().isEmpty();
            boolean prefix = !r.prefix().isEmpty();
            boolean excluded = !r.excluded().isEmpty();
            header(out, 1 + opt(locations) + opt(quorum) + opt(prefix) + opt(excluded), r.action(), "", r.reqId())
                    .bool(true)
                    .str("status")
                    .num(r.status());
            out.str("location").str(r.location());
            if (locations) {
                out.str("locations").array(r.locations().size());
                for (Response.Location l : r.locations()) {
                    out.map(l.up() ? 4 : 5)
                            .str("uuid")
                            .str(l.uuid())
                            .str("address")
                            .str(l.address());
                    out.str("roles").strs(l.roles()).str("leader").bool(l.leader());
                    if (!l.up()) {
                        // Sent only when false, so the answers of nodes without a location service stay as they were.
                        out.str("up").bool(false);
                    }
                }
            }
            if (quorum) {
                out.str("quorum").str(r.quorum());
            }
            if (prefix) {
                out.str("prefix").str(r.prefix());
            }
            if (excluded) {
                out.str("excluded").strs(r.excluded());
            }
        } else if (message instanceof Response.StatusReply r) {
            header(out, StatusCodec.fields(r), r.action(), STATUS_TYPE, r.reqId())
                    .bool(true)
                    .str("status")
                    .num(r.status());
            StatusCodec.write(out, r);
        } else if (message instanceof Response.Pong r) {
            header(out, 0, r.action(), "pong", r.reqId()).array(r.events().size());
            for (Response.WatchNotice n : r.events()) {
                notice(out, n);
            }
            out.str("status").num(r.status());
        } else if (message instanceof Response.ManageReply r) {
            for (String k : r.fields().keySet()) {
                if (RESPONSE_KEYS.contains(k)) {
                    throw new IllegalArgumentException("a manage field may not be named " + k);
                }
            }
            header(out, r.fields().size(), r.action(), r.type(), r.reqId())
                    .bool(true)
                    .str("status")
                    .num(r.status());
            out.entries(r.fields());
        } else if (message instanceof Response.Failure r) {
            header(out, 1, r.action(), "", r.reqId()).bool(false).str("status").num(r.status());
            out.str("error");
            error(out, r.error());
        } else {
            throw new IllegalArgumentException("unknown server message " + message);
        }
        return out.bytes();
    }

    static void error(Out out, HavenError e) {
        boolean location = !e.location().isEmpty();
        out.map(4 + opt(location));
        out.str("code").num(e.code().code()).str("name").str(e.code().wireName());
        out.str("message").str(e.message()).str("items").strs(e.items());
        if (location) {
            out.str("location").str(e.location());
        }
    }

    static HavenError error(WireMap m) {
        long code = m.uint("code");
        ErrorCode c = ErrorCode.of((int) Math.min(code, Integer.MAX_VALUE))
                .orElseThrow(() -> DecodeException.bad("unknown " + m.path("code") + " " + code, m.path("code")));
        m.optStr("name");
        return new HavenError(c, m.optStr("message"), m.strs("items", false), m.optStr("location"));
    }

    static void notice(Out out, Response.WatchNotice notice) {
        if (notice instanceof Response.WatchCancelled c) {
            out.map(2).str("watch").num(c.watch()).str("error");
            error(out, c.error());
            return;
        }
        Response.WatchEvent e = (Response.WatchEvent) notice;
        Change change = e.change();
        boolean value = !(change instanceof Change.KvRemoved);
        out.map(4 + opt(value)).str("watch").num(e.watch()).str("rev").num(change.rev());
        out.str("kind").str(change.kind()).str("key").str(change.key());
        if (change instanceof Change.PromiseChanged p) {
            out.str("value");
            ObjectCodec.promise(out, p.promise());
        } else if (change instanceof Change.TaskChanged t) {
            out.str("value");
            ObjectCodec.task(out, t.task());
        } else if (change instanceof Change.KvChanged k) {
            out.str("value");
            ObjectCodec.kv(out, k.kv());
        }
    }

    static Response.WatchNotice notice(WireMap m) {
        long watch = m.uint("watch");
        if (m.has("error")) {
            return new Response.WatchCancelled(watch, error(m.map("error")));
        }
        long rev = m.uint("rev");
        String kind = m.str("kind");
        String key = m.str("key");
        Change change;
        switch (kind) {
            case "promise":
                change = new Change.PromiseChanged(rev, ObjectCodec.promise(m.map("value")));
                break;
            case "task":
                change = new Change.TaskChanged(rev, ObjectCodec.task(m.map("value")));
                break;
            case "kv":
                change = new Change.KvChanged(rev, ObjectCodec.kv(m.map("value")));
                break;
            case "kv.delete":
                change = new Change.KvRemoved(rev, key);
                break;
            default:
                throw DecodeException.bad("unknown " + m.path("kind") + " " + WireMap.quote(kind), m.path("kind"));
        }
        if (!change.key().equals(key)) {
            throw DecodeException.bad(m.path("key") + " differs from the id in the value", m.path("key"));
        }
        return new Response.WatchEvent(watch, change);
    }

    private static void push(Out out, Push push) {
        out.map(3).str("action").str("push").str("type").str(push.type()).str("data");
        if (push instanceof Push.WatchPush p) {
            out.map(1).str("events").array(p.events().size());
            for (Response.WatchNotice n : p.events()) {
                notice(out, n);
            }
        } else if (push instanceof Push.TasksExecute p) {
            out.map(1).str("tasks").array(p.tasks().size());
            for (Push.TaskMessage t : p.tasks()) {
                out.map(2)
                        .str("kind")
                        .str(t.kind())
                        .str("data")
                        .map(1)
                        .str("task")
                        .map(2);
                out.str("id").str(t.id()).str("counter").num(t.counter());
            }
        } else if (push instanceof Push.TasksAbort p) {
            out.map(1).str("tasks").strs(p.tasks());
        } else if (push instanceof Push.TasksPing p) {
            out.map(1).str("tasks").strs(p.tasks());
        } else {
            throw new IllegalArgumentException("unknown push " + push);
        }
    }

    private static Push push(WireMap m) {
        String type = m.str("type");
        WireMap data = m.map("data");
        switch (type) {
            case "watch":
                List<Response.WatchNotice> events = new ArrayList<>();
                for (WireMap e : data.maps("events", true)) {
                    events.add(notice(e));
                }
                return new Push.WatchPush(events);
            case "tasks.execute":
                List<Push.TaskMessage> tasks = new ArrayList<>();
                for (WireMap t : data.maps("tasks", true)) {
                    WireMap task = t.map("data").map("task");
                    tasks.add(new Push.TaskMessage(t.str("kind"), task.str("id"), task.uint("counter")));
                }
                return new Push.TasksExecute(tasks);
            case "tasks.abort":
                return new Push.TasksAbort(data.strs("tasks", true));
            case "tasks.ping":
                return new Push.TasksPing(data.strs("tasks", true));
            default:
                throw DecodeException.bad("unknown push type " + WireMap.quote(type), "type");
        }
    }

    static ServerMessage decode(WireMap m) {
        Action action = m.constant("action", Action::of);
        if (action == Action.PUSH) {
            return push(m);
        }
        long reqId = m.optUint("_reqid", Envelope.NO_REQID);
        int status = ResultCodec.status(m);
        Object result = m.raw("result");
        if (result == null) {
            throw DecodeException.missing("missing field result", "result");
        }
        if (Boolean.FALSE.equals(result)) {
            return new Response.Failure(reqId, action, status, error(m.map("error")));
        }
        if (action == Action.HEARTBEAT) {
            List<Response.WatchNotice> events = new ArrayList<>();
            for (WireMap e : m.maps("result", true)) {
                events.add(notice(e));
            }
            return new Response.Pong(reqId, events);
        }
        m.bool("result");
        switch (action) {
            case CONNECT:
                WireMap node = m.map("node");
                return new Response.ConnectReply(
                        reqId,
                        m.str("version"),
                        m.str("session"),
                        new Response.NodeInfo(node.str("uuid"), node.strs("roles", false)),
                        m.uint("heartbeat_ms"),
                        m.uint("session_ttl_ms"));
            case BECOME:
            case LEAVE:
                return new Response.ControlReply(reqId, action, status, m.strs("roles", false));
            case QUERY:
                DataKind kind = m.constant("kind", DataKind::of);
                return new Response.QueryReply(
                        reqId, new DataResponse(kind, status, ResultCodec.result(m.map("data"))));
            case DISCOVER:
                // The status reply is the one DISCOVER answer with a type; the others have none.
                String type = m.optStr("type");
                if (type.equals(STATUS_TYPE)) {
                    return StatusCodec.read(m, reqId);
                }
                if (!type.isEmpty()) {
                    throw DecodeException.bad("unknown discover reply type " + WireMap.quote(type), "type");
                }
                List<Response.Location> locations = new ArrayList<>();
                for (WireMap l : m.maps("locations", false)) {
                    locations.add(new Response.Location(
                            l.str("uuid"),
                            l.str("address"),
                            l.strs("roles", false),
                            l.optBool("leader"),
                            !l.has("up") || l.bool("up")));
                }
                return new Response.DiscoverReply(
                        reqId,
                        m.str("location"),
                        locations,
                        m.optStr("quorum"),
                        m.optStr("prefix"),
                        m.strs("excluded", false));
            case MANAGE:
                return new Response.ManageReply(reqId, m.str("type"), RequestCodec.ownFields(m, RESPONSE_KEYS));
            default:
                throw new IllegalStateException("unhandled action " + action);
        }
    }
}
