package io.haven.protocol.codec;

import static io.haven.protocol.codec.Out.opt;

import io.haven.protocol.message.ReplicaRole;
import io.haven.protocol.message.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The fields of DISCOVER {@code status}'s reply after {@code status}, as {@code protocol-docs/actions.md} lists them:
 *
 * <pre>
 *   uuid, address, version, roles, ready, quorums?: [
 *     {name, role, leader?, term, commit_index, applied_index, revision, ready,
 *      paths?, voters?: [member], learners?: [member], counters?: {name: uint}}]
 *   member = {uuid, raft, address?}
 * </pre>
 */
final class StatusCodec {
    /** The fields the reply always has besides the header's: uuid, address, version, roles, ready. */
    private static final int REQUIRED = 5;

    private StatusCodec() {}

    /** How many fields {@link #write} adds after the header. */
    static int fields(Response.StatusReply r) {
        return REQUIRED + opt(!r.quorums().isEmpty());
    }

    static void write(Out out, Response.StatusReply r) {
        out.str("uuid")
                .str(r.uuid())
                .str("address")
                .str(r.address())
                .str("version")
                .str(r.version());
        out.str("roles").strs(r.roles()).str("ready").bool(r.ready());
        if (!r.quorums().isEmpty()) {
            out.str("quorums").array(r.quorums().size());
            for (Response.QuorumState q : r.quorums()) {
                quorum(out, q);
            }
        }
    }

    private static void quorum(Out out, Response.QuorumState q) {
        boolean leader = !q.leader().isEmpty();
        boolean paths = !q.paths().isEmpty();
        boolean voters = !q.voters().isEmpty();
        boolean learners = !q.learners().isEmpty();
        boolean counters = !q.counters().isEmpty();
        out.map(7 + opt(leader) + opt(paths) + opt(voters) + opt(learners) + opt(counters));
        out.str("name").str(q.name()).str("role").str(q.role().wireName());
        if (leader) {
            out.str("leader").str(q.leader());
        }
        out.str("term").num(q.term()).str("commit_index").num(q.commitIndex());
        out.str("applied_index").num(q.appliedIndex()).str("revision").num(q.revision());
        out.str("ready").bool(q.ready());
        if (paths) {
            out.str("paths").strs(q.paths());
        }
        if (voters) {
            members(out.str("voters"), q.voters());
        }
        if (learners) {
            members(out.str("learners"), q.learners());
        }
        if (counters) {
            out.str("counters").map(q.counters().size());
            for (Map.Entry<String, Long> e : new TreeMap<>(q.counters()).entrySet()) {
                out.str(e.getKey()).num(e.getValue());
            }
        }
    }

    private static void members(Out out, List<Response.Member> members) {
        out.array(members.size());
        for (Response.Member m : members) {
            boolean address = !m.address().isEmpty();
            out.map(2 + opt(address)).str("uuid").str(m.uuid()).str("raft").str(m.raft());
            if (address) {
                out.str("address").str(m.address());
            }
        }
    }

    static Response.StatusReply read(WireMap m, long reqId) {
        List<Response.QuorumState> quorums = new ArrayList<>();
        for (WireMap q : m.maps("quorums", false)) {
            quorums.add(quorum(q));
        }
        return new Response.StatusReply(
                reqId,
                m.str("uuid"),
                m.str("address"),
                m.str("version"),
                m.strs("roles", true),
                m.bool("ready"),
                quorums);
    }

    private static Response.QuorumState quorum(WireMap q) {
        Map<String, Long> counters = new TreeMap<>();
        if (q.has("counters")) {
            WireMap c = q.map("counters");
            for (String name : c.keys()) {
                counters.put(name, c.uint(name));
            }
        }
        return new Response.QuorumState(
                q.str("name"),
                q.constant("role", ReplicaRole::of),
                q.optStr("leader"),
                q.uint("term"),
                q.uint("commit_index"),
                q.uint("applied_index"),
                q.uint("revision"),
                q.bool("ready"),
                q.strs("paths", false),
                members(q, "voters"),
                members(q, "learners"),
                counters);
    }

    private static List<Response.Member> members(WireMap q, String key) {
        List<Response.Member> out = new ArrayList<>();
        for (WireMap m : q.maps(key, false)) {
            out.add(new Response.Member(m.str("uuid"), m.str("raft"), m.optStr("address")));
        }
        return out;
    }
}
