package io.haven.ctl;

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

/** The protocol's records as the ordered field maps havenctl prints; field names follow the wire's. */
final class Views {
    private Views() {}

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

    static Map<String, Object> promise(Promise p) {
        Map<String, Object> m = new LinkedHashMap<>();
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

    static Map<String, Object> task(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
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

    static Map<String, Object> kv(Kv kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", kv.key());
        m.put("value", bytes(kv.value()));
        m.put("content_type", kv.contentType());
        m.put("version", kv.version());
        m.put("rev", kv.rev());
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

    private static Map<String, Object> payload(Payload p) {
        Map<String, Object> m = new LinkedHashMap<>();
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
