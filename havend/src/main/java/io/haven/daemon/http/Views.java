package io.haven.daemon.http;

import io.haven.daemon.status.DirectoryNode;
import io.haven.daemon.status.MemberInfo;
import io.haven.daemon.status.NodeCounts;
import io.haven.daemon.status.NodeInfo;
import io.haven.daemon.status.QuorumInfo;
import io.haven.daemon.status.Readiness;
import io.haven.daemon.status.StoreInfo;
import io.haven.protocol.data.Change;
import io.haven.protocol.data.Kv;
import io.haven.protocol.data.Payload;
import io.haven.protocol.data.Promise;
import io.haven.protocol.data.Task;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The JSON shapes of the API: the node, its quorums and the directory, and the objects the browser shows. Field
 * names follow the wire's ({@code created_on}, {@code content_type}). Binary values are shown as text when they
 * are UTF-8, else as base64, and cut at a bound so that one large value cannot make a large page.
 */
final class Views {
    /** Bytes of a value shown in a search result. */
    static final int LIST_DATA_BYTES = 256;

    /** Bytes of a value shown in one object's detail. */
    static final int DETAIL_DATA_BYTES = 64 * 1024;

    private Views() {}

    static Map<String, Object> node(NodeInfo node, NodeCounts counts, Readiness readiness) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", node.uuid());
        m.put("version", node.version());
        m.put("address", node.address());
        m.put("raft_address", node.raftAddress());
        m.put("roles", node.roles());
        m.put("dev", node.dev());
        m.put("sessions", counts.sessions());
        m.put("watches", counts.watches());
        m.put("queued_events", counts.queuedEvents());
        m.put("ready", readiness.ready());
        m.put("not_ready_because", readiness.reasons());
        return m;
    }

    static Map<String, Object> quorum(QuorumInfo q) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", q.name());
        m.put("role", q.role().name());
        m.put("leader", q.leader());
        m.put(
                "leader_address",
                q.members().stream()
                        .filter(p -> p.uuid().equals(q.leader()))
                        .map(MemberInfo::clientAddress)
                        .findFirst()
                        .orElse(""));
        m.put("paths", q.paths());
        m.put("term", q.term());
        m.put("commit_index", q.commitIndex());
        m.put("applied_index", q.appliedIndex());
        m.put("apply_lag", q.applyLag());
        m.put("revision", q.revision());
        m.put("members", q.members().stream().map(p -> member(q, p)).toList());
        m.put("store", store(q.store()));
        return m;
    }

    private static Map<String, Object> member(QuorumInfo q, MemberInfo p) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", p.uuid());
        m.put("raft_address", p.raftAddress());
        m.put("client_address", p.clientAddress());
        m.put("voter", p.voter());
        m.put("leader", p.uuid().equals(q.leader()));
        long lag = p.lag(q.commitIndex());
        m.put("lag", lag == MemberInfo.UNKNOWN ? Optional.empty() : Optional.of(lag));
        return m;
    }

    private static Map<String, Object> store(StoreInfo s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("size_bytes", s.sizeBytes());
        m.put("pending_compaction_bytes", s.pendingCompactionBytes());
        m.put("running_compactions", s.runningCompactions());
        m.put("compactions_completed", s.compactionsCompleted());
        m.put("write_stopped", s.writeStopped());
        m.put("stall_micros", s.stallMicros());
        return m;
    }

    static Map<String, Object> directoryNode(DirectoryNode n) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("uuid", n.uuid());
        m.put("address", n.address());
        m.put("roles", n.roles());
        m.put("up", n.up());
        m.put("quorums", n.quorums());
        m.put("leads", n.leads());
        return m;
    }

    static Map<String, Object> promise(Promise p, int dataBytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", p.id());
        m.put("state", p.state().wireName());
        m.put("param", payload(p.param(), dataBytes));
        m.put("value", payload(p.value(), dataBytes));
        m.put("timeout", p.timeout());
        m.put("tags", new TreeMap<>(p.tags()));
        m.put("created_on", p.createdOn());
        m.put("settled_on", p.settledOn() == 0 ? Optional.empty() : Optional.of(p.settledOn()));
        return m;
    }

    static Map<String, Object> task(Task t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", t.id());
        m.put("state", t.state().wireName());
        m.put("version", t.version());
        m.put("pid", t.pid());
        m.put("ttl", t.ttl());
        m.put("expires_on", t.expiresOn() == 0 ? Optional.empty() : Optional.of(t.expiresOn()));
        m.put("current", t.current());
        m.put("resumes", t.resumes());
        return m;
    }

    static Map<String, Object> kv(Kv kv, int dataBytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("key", kv.key());
        m.put("content_type", kv.contentType());
        m.put("version", kv.version());
        m.put("rev", kv.rev());
        m.putAll(bytes(kv.value(), dataBytes));
        return m;
    }

    static Map<String, Object> change(Change change) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("rev", change.rev());
        m.put("kind", change.kind());
        m.put("key", change.key());
        if (change instanceof Change.PromiseChanged c) {
            m.put("promise", promise(c.promise(), LIST_DATA_BYTES));
        } else if (change instanceof Change.TaskChanged c) {
            m.put("task", task(c.task()));
        } else if (change instanceof Change.KvChanged c) {
            m.put("kv", kv(c.kv(), LIST_DATA_BYTES));
        }
        return m;
    }

    private static Map<String, Object> payload(Payload p, int dataBytes) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("headers", new TreeMap<>(p.headers()));
        m.putAll(bytes(p.data(), dataBytes));
        return m;
    }

    /**
     * {@code data} as text when the shown bytes are UTF-8 (a multi-byte character cut by the bound is dropped), else
     * as base64; {@code size} is the whole value's and {@code truncated} says whether all of it is shown.
     */
    static Map<String, Object> bytes(byte[] data, int limit) {
        int shown = Math.min(data.length, limit);
        byte[] head = shown == data.length ? data : Arrays.copyOf(data, shown);
        Map<String, Object> m = new LinkedHashMap<>();
        Optional<String> text = utf8(head, shown < data.length);
        m.put("data", text.orElseGet(() -> Base64.getEncoder().encodeToString(head)));
        m.put("encoding", text.isPresent() ? "utf-8" : "base64");
        m.put("size", data.length);
        m.put("truncated", shown < data.length);
        return m;
    }

    private static Optional<String> utf8(byte[] bytes, boolean cut) {
        int end = cut ? completeCharacters(bytes) : bytes.length;
        try {
            String s = StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes, 0, end))
                    .toString();
            return s.chars().anyMatch(c -> c < 0x20 && c != '\n' && c != '\r' && c != '\t')
                    ? Optional.empty()
                    : Optional.of(s);
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }

    /** The length of {@code bytes} without a multi-byte character the cut left incomplete at its end. */
    private static int completeCharacters(byte[] bytes) {
        int continuations = 0;
        int i = bytes.length - 1;
        while (i >= 0 && continuations < 3 && (bytes[i] & 0xC0) == 0x80) {
            continuations++;
            i--;
        }
        if (i < 0 || (bytes[i] & 0xC0) != 0xC0) {
            return bytes.length;
        }
        int lead = bytes[i] & 0xFF;
        int needed = lead >= 0xF0 ? 3 : lead >= 0xE0 ? 2 : 1;
        return continuations < needed ? i : bytes.length;
    }

    static Map<String, Object> page(String name, List<?> items, String cursor) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(name, items);
        m.put("cursor", cursor);
        return m;
    }
}
