package io.haven.protocol.codec;

import static io.haven.protocol.codec.Out.opt;

import io.haven.protocol.Action;
import io.haven.protocol.data.DataKind;
import io.haven.protocol.message.Consistency;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Envelope;
import io.haven.protocol.message.Request;
import io.haven.protocol.message.Role;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** Requests (client to node): the envelope and each action's fields, as {@code protocol-docs/actions.md} lists them. */
final class RequestCodec {
    /** The keys every request may carry; a MANAGE request's own fields are all the others. */
    static final Set<String> ENVELOPE_KEYS = Set.of("action", "type", "_reqid", "auth", "deadline");

    /** {@code auth.scheme} of a token; the one scheme with credentials in v1. */
    static final String SCHEME_TOKEN = "token";
    /** {@code auth.scheme} saying there are no credentials: the same as leaving {@code auth} out. */
    static final String SCHEME_NONE = "none";

    private RequestCodec() {}

    /** Writes the map header and {@code action, type?, _reqid?, auth?, deadline?}; the caller writes the rest. */
    private static Out header(Out out, int ownFields, String action, String type, Envelope e) {
        boolean hasType = !type.isEmpty();
        boolean reqId = e.hasReqId();
        boolean auth = !e.auth().isEmpty();
        boolean deadline = e.deadlineMs() != 0;
        out.map(1 + opt(hasType) + opt(reqId) + opt(auth) + opt(deadline) + ownFields);
        out.str("action").str(action);
        if (hasType) {
            out.str("type").str(type);
        }
        if (reqId) {
            out.str("_reqid").num(e.reqId());
        }
        if (auth) {
            out.str("auth").map(2).str("scheme").str(SCHEME_TOKEN).str("token").str(e.auth());
        }
        if (deadline) {
            out.str("deadline").num(e.deadlineMs());
        }
        return out;
    }

    static byte[] encode(Request request) {
        Out out = new Out();
        if (request instanceof Request.Connect r) {
            boolean client = !r.client().isEmpty();
            boolean nodeType = !r.nodeType().isEmpty();
            header(out, 1 + opt(client) + opt(nodeType), "connect", "", r.envelope());
            out.str("version").str(r.version());
            if (client) {
                out.str("client").str(r.client());
            }
            if (nodeType) {
                out.str("node_type").str(r.nodeType());
            }
        } else if (request instanceof Request.Control r) {
            boolean quorum = !r.quorum().isEmpty();
            boolean paths = !r.paths().isEmpty();
            boolean peers = !r.peers().isEmpty();
            boolean group = !r.group().isEmpty();
            boolean slots = r.slots() != 0;
            header(
                    out,
                    opt(quorum) + opt(paths) + opt(peers) + opt(r.force()) + opt(group) + opt(slots),
                    r.action().wireName(),
                    r.role().wireName(),
                    r.envelope());
            if (quorum) {
                out.str("quorum").str(r.quorum());
            }
            if (paths) {
                out.str("paths").strs(r.paths());
            }
            if (peers) {
                out.str("peers").strs(r.peers());
            }
            if (r.force()) {
                out.str("force").bool(true);
            }
            if (group) {
                out.str("group").str(r.group());
            }
            if (slots) {
                out.str("slots").num(r.slots());
            }
        } else if (request instanceof Request.Query r) {
            boolean consistency = r.consistency() != Consistency.LINEARIZABLE;
            header(out, 2 + opt(consistency) + opt(r.redirect()), "query", "crud", r.envelope());
            out.str("kind").str(r.data().kind().wireName()).str("data");
            DataCodec.request(out, r.data());
            if (consistency) {
                out.str("consistency").str(r.consistency().wireName());
            }
            if (r.redirect()) {
                out.str("redirect").bool(true);
            }
        } else if (request instanceof Request.Discover r) {
            boolean uuid = !r.uuid().isEmpty();
            boolean path = !r.path().isEmpty();
            header(out, opt(uuid) + opt(path), "discover", r.type().wireName(), r.envelope());
            if (uuid) {
                out.str("uuid").str(r.uuid());
            }
            if (path) {
                out.str("path").str(r.path());
            }
        } else if (request instanceof Request.Ping r) {
            // ack 0 (nothing acknowledged yet) is left out: seed 002's own ping is just {action, type}.
            boolean ack = r.ack() != 0;
            boolean wait = r.waitMs() != 0;
            boolean pid = !r.pid().isEmpty();
            boolean tasks = !r.tasks().isEmpty();
            header(out, opt(ack) + opt(wait) + opt(pid) + opt(tasks), "heartbeat", "ping", r.envelope());
            if (ack) {
                out.str("ack").num(r.ack());
            }
            if (wait) {
                out.str("wait").num(r.waitMs());
            }
            if (pid) {
                out.str("pid").str(r.pid());
            }
            if (tasks) {
                out.str("tasks").strMap(r.tasks());
            }
        } else if (request instanceof Request.Manage r) {
            for (String k : r.fields().keySet()) {
                if (ENVELOPE_KEYS.contains(k)) {
                    throw new IllegalArgumentException("a manage field may not be named " + k);
                }
            }
            header(out, r.fields().size(), "manage", r.type(), r.envelope());
            out.entries(r.fields());
        } else {
            throw new IllegalArgumentException("unknown request " + request);
        }
        return out.bytes();
    }

    static Request decode(WireMap m) {
        Action action = m.constant("action", Action::of);
        Envelope env = new Envelope(m.optUint("_reqid", Envelope.NO_REQID), auth(m), m.optUint("deadline", 0));
        switch (action) {
            case CONNECT:
                return new Request.Connect(env, m.str("version"), m.optStr("client"), m.optStr("node_type"));
            case BECOME:
            case LEAVE:
                Role role = m.constant("type", Role::of);
                String quorum = m.optStr("quorum");
                if (role == Role.QUORUM && quorum.isEmpty()) {
                    throw DecodeException.missing("the quorum role needs the field quorum", "quorum");
                }
                return new Request.Control(
                        env,
                        action == Action.LEAVE,
                        role,
                        quorum,
                        m.strs("paths", false),
                        m.strs("peers", false),
                        m.optBool("force"),
                        m.optStr("group"),
                        m.optUint("slots", 0));
            case QUERY:
                expectType(m, "crud");
                DataKind kind = m.constant("kind", DataKind::of);
                Consistency consistency =
                        m.has("consistency") ? m.constant("consistency", Consistency::of) : Consistency.LINEARIZABLE;
                return new Request.Query(
                        env, DataCodec.request(kind, m.map("data")), consistency, m.optBool("redirect"));
            case DISCOVER:
                return discover(m, env);
            case HEARTBEAT:
                expectType(m, "ping");
                return new Request.Ping(
                        env, m.optUint("ack", 0), m.optUint("wait", 0), m.optStr("pid"), m.optStrMap("tasks"));
            case MANAGE:
                return new Request.Manage(env, m.str("type"), ownFields(m, ENVELOPE_KEYS));
            case PUSH:
            default:
                throw DecodeException.bad("action push is sent by nodes only", "action");
        }
    }

    /**
     * The token of {@code auth}: written {@code {scheme: "token", token}}; a bare str is read as a token too, the form
     * the first drafts of v1 used; {@code {scheme: "none"}} means no credentials.
     */
    private static String auth(WireMap m) {
        if (!m.has("auth")) {
            return "";
        }
        if (m.raw("auth") instanceof String token) {
            return token;
        }
        WireMap a = m.map("auth");
        String scheme = a.str("scheme");
        if (scheme.equals(SCHEME_TOKEN)) {
            return a.str("token");
        }
        if (scheme.equals(SCHEME_NONE)) {
            return "";
        }
        throw DecodeException.bad(
                "unknown auth.scheme " + WireMap.quote(scheme) + " (v1 has token and none)", "auth.scheme");
    }

    private static Request.Discover discover(WireMap m, Envelope env) {
        DiscoverType type = m.constant("type", DiscoverType::of);
        String uuid = m.optStr("uuid");
        String path = m.optStr("path");
        if (type == DiscoverType.UUID && uuid.isEmpty()) {
            throw DecodeException.missing("discover uuid needs the field uuid", "uuid");
        }
        if (type == DiscoverType.QUORUM && path.isEmpty()) {
            throw DecodeException.missing("discover quorum needs the field path", "path");
        }
        return new Request.Discover(env, type, uuid, path);
    }

    static void expectType(WireMap m, String expected) {
        String type = m.str("type");
        if (!type.equals(expected)) {
            throw DecodeException.bad("type must be " + expected + ", not " + WireMap.quote(type), "type");
        }
    }

    /** The string fields of a MANAGE message: every key that is not one of {@code reserved}. */
    static Map<String, String> ownFields(WireMap m, Set<String> reserved) {
        Map<String, String> fields = new HashMap<>();
        for (String k : m.keys()) {
            if (!reserved.contains(k) && m.has(k)) {
                fields.put(k, m.str(k));
            }
        }
        return fields;
    }
}
