package io.haven.ctl;

import io.haven.protocol.HavenException;
import io.haven.protocol.message.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/**
 * {@code member list}: the members of a quorum as the asked node's configuration has them, each with its own view of
 * itself (role, term, indexes, ready), asked of it on a connection of its own.
 */
@Command(name = "member", description = "List the members of the node's quorums.")
final class MemberCommand {
    static final List<String> COLUMNS = List.of(
            "quorum",
            "uuid",
            "address",
            "raft",
            "member",
            "leader",
            "role",
            "term",
            "commit_index",
            "applied_index",
            "ready",
            "error");

    @ParentCommand
    HavenCtl ctl;

    @Spec
    CommandSpec spec;

    @Command(
            name = "list",
            description = "The voters and learners of each quorum the node is a member of (or of one), the leader"
                    + " marked; each member's role, term, commit and applied index and readiness as it reports them.")
    int list(
            @Option(names = "--quorum", paramLabel = "NAME", description = "only this quorum") String quorum,
            @Option(
                            names = "--local",
                            description = "only what the asked node knows: do not ask the other members about"
                                    + " themselves")
                    boolean local) {
        Response.StatusReply asked = Connections.await(ctl.client().status());
        List<Response.QuorumState> quorums = asked.quorums().stream()
                .filter(q -> quorum == null || q.name().equals(quorum))
                .toList();
        if (quorum != null && quorums.isEmpty()) {
            throw HavenException.notFound("node " + asked.uuid() + " is not a member of quorum " + quorum, quorum);
        }
        Map<String, Probes.Status> views = new LinkedHashMap<>();
        views.put(asked.uuid(), new Probes.Status(ctl.server, Optional.of(asked), ""));
        if (!local) {
            List<String> others = new ArrayList<>(Probes.members(ctl.server, asked));
            others.remove(ctl.server);
            for (Probes.Status s : Probes.status(ctl, others)) {
                views.put(s.reply().map(Response.StatusReply::uuid).orElse(s.endpoint()), s);
            }
        }
        List<Map<String, ?>> rows = new ArrayList<>();
        for (Response.QuorumState q : quorums) {
            for (Response.Member m : q.voters()) {
                rows.add(row(q, m, "voter", views));
            }
            for (Response.Member m : q.learners()) {
                rows.add(row(q, m, "learner", views));
            }
        }
        ctl.output(spec).rows("members", COLUMNS, rows, Map.of());
        return ExitCodes.OK;
    }

    private static Map<String, Object> row(
            Response.QuorumState q, Response.Member m, String kind, Map<String, Probes.Status> views) {
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("quorum", q.name());
        row.put("uuid", m.uuid());
        row.put("address", m.address());
        row.put("raft", m.raft());
        row.put("member", kind);
        row.put("leader", m.uuid().equals(q.leader()));
        Probes.Status own = views.getOrDefault(m.uuid(), views.get(m.address()));
        if (own == null) {
            return row;
        }
        Optional<Response.QuorumState> seen = own.quorum(q.name());
        if (seen.isPresent()) {
            Response.QuorumState s = seen.get();
            row.put("role", s.role().wireName());
            row.put("term", s.term());
            row.put("commit_index", s.commitIndex());
            row.put("applied_index", s.appliedIndex());
            row.put("ready", s.ready());
        } else if (own.reply().isPresent()) {
            row.put("error", "it reports no replica of " + q.name());
        } else {
            row.put("error", own.error());
        }
        return row;
    }
}
