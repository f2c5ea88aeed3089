package io.haven.ctl;

import io.haven.protocol.data.DataResponse;
import io.haven.protocol.data.DataResult;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.Task;
import io.haven.protocol.message.Response;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * The protocol's records as the ordered field maps havenctl prints; field names follow the wire's. A record's view
 * is a {@link Fields}; one nested in another (a task's promise) is printed in a table as {@code outer.field} rows.
 */
final class Views {
    /** The fields of one record, in the order they are printed. Other maps (tags, headers) are values, not records. */
    static final class Fields extends LinkedHashMap<String, Object> {
        private static final long serialVersionUID = 1L;
    }

    private Views() {}

    /** A DATA answer: its status, then the fields of whatever its result holds. */
    static Fields response(DataResponse r) {
        Fields m = new Fields();
        m.put("status", r.status());
        DataResult d = r.data();
        if (d instanceof DataResult.PromiseResult p) {
            m.putAll(promise(p.promise()));
        } else if (d instanceof DataResult.TaskResult t) {
            m.putAll(task(t.task()));
        } else if (d instanceof DataResult.TaskPromiseResult tp) {
            m.put("task", task(tp.task()));
            m.put("promise", promise(tp.promise()));
        } else if (d instanceof DataResult.Invoke i) {
            m.put("kind", Task.INVOKE);
            m.put("invoked", promise(i.invoked()));
        } else if (d instanceof DataResult.Resume rs) {
            m.put("kind", Task.RESUME);
            m.put("invoked", promise(rs.invoked()));
            m.put("awaited", promise(rs.awaited()));
        } else if (d instanceof DataResult.Fenced f) {
            Fields inner = response(f.action());
            inner.put("kind", f.action().kind().wireName());
            m.put("action", inner);
        } else if (d instanceof DataResult.KvResult kv) {
            m.putAll(kv(kv.kv()));
        } else if (d instanceof DataResult.KvDeleted del) {
            m.put("key", del.key());
            m.put("deleted", del.deleted());
            m.put("rev", del.rev());
        } else if (d instanceof DataResult.WatchAdded w) {
            m.put("watch", w.watch());
            m.put("rev", w.rev());
        }
        return m;
    }

    static Map<String, Object> session(String address, Response.ConnectReply reply) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", address);
        m.put("node", reply.node().uuid());
        m.put("roles", reply.node().roles());
        m.put("version", reply.version());
        m.put("session", reply.session());
        m.put("heartbeat_ms", reply.heartbeatMs());
        m.put("session_ttl_ms", reply.sessionTtlMs());
        return m;
    }

    static Fields promise(Promise p) {
        Fields m = new Fields();
        m.put("id", p.id());
        m.put("state", p.state().wireName());
        m.put("timeout", p.timeout());
        m.put("created_on", p.createdOn());
        if (p.settledOn() != 0) {
            m.put("settled_on", p.settledOn());
        }
        m.put("tags", new TreeMap<>(p.tags()));
        m.put("param", payload(p.param()));
        m.put("value", payload(p.value()));
        return m;
    }

    static Fields task(Task t) {
        Fields m = new Fields();
        m.put("id", t.id());
        m.put("state", t.state().wireName());
        m.put("version", t.version());
        m.put("pid", t.pid());
        m.put("ttl", t.ttl());
        m.put("expires_on", t.expiresOn());
        m.put("current", t.current());
        m.put("resumes", t.resumes());
        return m;
    }

    static Fields kv(Kv kv) {
        Fields m = new Fields();
        m.put("key", kv.key());
        m.put("value", bytes(kv.value()));
        m.put("content_type", kv.contentType());
        m.put("version", kv.version());
        m.put("rev", kv.rev());
        return m;
    }

    /** A node's DISCOVER status: who it is, whether it is ready, and each of its quorums. */
    static Fields status(Response.StatusReply r) {
        Fields m = new Fields();
        m.put("uuid", r.uuid());
        m.put("address", r.address());
        m.put("version", r.version());
        m.put("roles", r.roles());
        m.put("ready", r.ready());
        m.put("quorums", r.quorums().stream().map(Views::quorum).toList());
        return m;
    }

    static Fields quorum(Response.QuorumState q) {
        Fields m = new Fields();
        m.put("name", q.name());
        m.put("role", q.role().wireName());
        m.put("leader", q.leader());
        m.put("term", q.term());
        m.put("commit_index", q.commitIndex());
        m.put("applied_index", q.appliedIndex());
        m.put("revision", q.revision());
        m.put("ready", q.ready());
        m.put("paths", q.paths());
        m.put("voters", q.voters().stream().map(Views::member).toList());
        m.put("learners", q.learners().stream().map(Views::member).toList());
        m.put("counters", new TreeMap<>(q.counters()));
        return m;
    }

    private static Fields member(Response.Member member) {
        Fields m = new Fields();
        m.put("uuid", member.uuid());
        m.put("raft", member.raft());
        m.put("address", member.address());
        return m;
    }

    static Map<String, Object> location(Response.Location l) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", l.uuid());
        m.put("address", l.address());
        m.put("roles", l.roles());
        m.put("leader", l.leader());
        m.put("up", l.up());
        return m;
    }

    private static Fields payload(Payload p) {
        Fields m = new Fields();
        m.put("headers", new TreeMap<>(p.headers()));
        m.put("data", bytes(p.data()));
        return m;
    }

    /** Bytes as text when they are UTF-8, else as {@code base64:...} so that nothing is lost. */
    static String bytes(byte[] data) {
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(data))
                    .toString();
        } catch (CharacterCodingException e) {
            return "base64:" + Base64.getEncoder().encodeToString(data);
        }
    }
}
