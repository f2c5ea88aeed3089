package io.haven.locator;

import io.haven.protocol.HavenException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.msgpack.core.MessageBufferPacker;
import org.msgpack.core.MessagePack;
import org.msgpack.core.MessageUnpacker;
import org.msgpack.value.Value;
import org.msgpack.value.ValueType;

/**
 * What the directory holds about one node: the value of key {@code haven:nodes/<uuid>} in the locator quorum, a
 * MessagePack map {@code {uuid, client, raft, roles[], quorums: [{name, paths[], leader, term}]}} with content type
 * {@value #CONTENT_TYPE}. The node's own agent writes it, and only when it changes.
 *
 * @param client the address its clients reach it at
 * @param raft its peer (Raft) address
 * @param quorums the quorums it is a member of, as it sees them
 */
public record NodeRecord(String uuid, String client, String raft, List<String> roles, List<QuorumEntry> quorums) {
    public static final String CONTENT_TYPE = "application/x-haven-node";
    /** Every key of the directory starts with this; DATA for such keys goes to the locator quorum. */
    public static final String RESERVED_PREFIX = "haven:";

    public static final String NODES_PREFIX = RESERVED_PREFIX + "nodes/";

    /** A record larger than this is refused when decoding (bad input must not allocate without bound). */
    private static final int MAX_BYTES = 1 << 20;

    public NodeRecord {
        Objects.requireNonNull(uuid, "uuid");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(raft, "raft");
        roles = List.copyOf(roles);
        quorums = List.copyOf(quorums);
    }

    /**
     * One quorum as a member sees it.
     *
     * @param leader whether this member is its leader
     * @param term the Raft term the member is in: of two members claiming to lead, the higher term is right
     */
    public record QuorumEntry(String name, List<String> paths, boolean leader, long term) {
        public QuorumEntry {
            Objects.requireNonNull(name, "name");
            paths = List.copyOf(paths);
        }
    }

    public String key() {
        return NODES_PREFIX + uuid;
    }

    public byte[] encode() {
        try (MessageBufferPacker p = MessagePack.newDefaultBufferPacker()) {
            p.packMapHeader(5);
            p.packString("uuid").packString(uuid);
            p.packString("client").packString(client);
            p.packString("raft").packString(raft);
            p.packString("roles");
            strings(p, roles);
            p.packString("quorums").packArrayHeader(quorums.size());
            for (QuorumEntry q : quorums) {
                p.packMapHeader(4);
                p.packString("name").packString(q.name());
                p.packString("paths");
                strings(p, q.paths());
                p.packString("leader").packBoolean(q.leader());
                p.packString("term").packLong(q.term());
            }
            return p.toByteArray();
        } catch (IOException e) {
            throw new IllegalStateException("packing to memory failed", e);
        }
    }

    private static void strings(MessageBufferPacker p, List<String> values) throws IOException {
        p.packArrayHeader(values.size());
        for (String v : values) {
            p.packString(v);
        }
    }

    /** Reads a record; anything that is not one (a hand-written key under {@code haven:nodes/}) is INVALID. */
    public static NodeRecord decode(byte[] bytes) {
        if (bytes.length > MAX_BYTES) {
            throw HavenException.invalid("node record of " + bytes.length + " bytes is too large", "value");
        }
        try (MessageUnpacker u = MessagePack.newDefaultUnpacker(bytes)) {
            Value v = u.unpackValue();
            if (u.hasNext()) {
                throw HavenException.invalid("node record has bytes after its map", "value");
            }
            var m = map(v);
            List<QuorumEntry> quorums = new ArrayList<>();
            for (Value q : array(m.get("quorums"))) {
                var qm = map(q);
                quorums.add(new QuorumEntry(
                        str(qm.get("name")), strings(qm.get("paths")), bool(qm.get("leader")), num(qm.get("term"))));
            }
            return new NodeRecord(
                    str(m.get("uuid")), str(m.get("client")), str(m.get("raft")), strings(m.get("roles")), quorums);
        } catch (IOException | RuntimeException e) {
            if (e instanceof HavenException h) {
                throw h;
            }
            throw HavenException.invalid("not a node record: " + e.getMessage(), "value");
        }
    }

    private static java.util.Map<String, Value> map(Value v) {
        if (v == null || v.getValueType() != ValueType.MAP) {
            throw HavenException.invalid("node record: expected a map", "value");
        }
        java.util.Map<String, Value> out = new java.util.HashMap<>();
        v.asMapValue().map().forEach((k, val) -> out.put(k.toString(), val));
        return out;
    }

    private static List<Value> array(Value v) {
        if (v == null) {
            return List.of();
        }
        if (v.getValueType() != ValueType.ARRAY) {
            throw HavenException.invalid("node record: expected an array", "value");
        }
        return v.asArrayValue().list();
    }

    private static List<String> strings(Value v) {
        return array(v).stream().map(NodeRecord::str).toList();
    }

    private static String str(Value v) {
        if (v == null || v.getValueType() != ValueType.STRING) {
            throw HavenException.invalid("node record: expected a string", "value");
        }
        return v.asStringValue().asString();
    }

    private static boolean bool(Value v) {
        return v != null
                && v.getValueType() == ValueType.BOOLEAN
                && v.asBooleanValue().getBoolean();
    }

    private static long num(Value v) {
        return v != null && v.getValueType() == ValueType.INTEGER
                ? v.asIntegerValue().asLong()
                : 0;
    }
}
