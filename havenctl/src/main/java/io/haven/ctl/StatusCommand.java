package io.haven.ctl;

import io.haven.client.HavenClient;
import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Response;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code status}: who the node is, the session it gave us, and one ping's round trip. */
@Command(
        name = "status",
        description = "Connect, show the node's uuid, roles and session, time a ping, say whether the node is ready"
                + " (each of its quorums has a leader and has applied what is committed) and show the quorum serving /"
                + " (leader, members; * marks the leader).")
final class StatusCommand implements Callable<Integer> {
    @ParentCommand
    HavenCtl ctl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HavenClient client = ctl.client();
        long start = System.nanoTime();
        Connections.await(client.ping());
        double pingMs = (System.nanoTime() - start) / 1_000_000.0;
        Response.ConnectReply session = client.session().orElseThrow();
        Map<String, Object> view = Views.session(ctl.server, session);
        view.put("ping_ms", Math.round(pingMs * 1000) / 1000.0);
        ready(client, view);
        if (session.node().roles().contains("quorum")) {
            quorum(client, view);
        }
        ctl.output(spec).object(view);
        return ExitCodes.OK;
    }

    /**
     * Whether the node is ready (DISCOVER status: every quorum it is a member of has a leader and has applied what it
     * knows is committed) and its role in each quorum, {@code name:role}.
     */
    private static void ready(HavenClient client, Map<String, Object> view) {
        try {
            Response.StatusReply status = Connections.await(client.status());
            view.put("ready", status.ready());
            view.put(
                    "quorums",
                    status.quorums().stream()
                            .map(q -> q.name() + ":" + q.role().wireName() + (q.ready() ? "" : "(not ready)"))
                            .toList());
        } catch (RuntimeException e) {
            view.put("ready", "(unknown: " + e.getMessage() + ")");
        }
    }

    /** The quorum serving {@code /} as this node sees it: its name, leader and members. */
    private static void quorum(HavenClient client, Map<String, Object> view) {
        try {
            Response.DiscoverReply q = Connections.await(client.discover(DiscoverType.QUORUM, "/"));
            view.put("quorum", q.quorum());
            view.put("leader", q.location());
            List<String> members = new ArrayList<>();
            for (Response.Location l : q.locations()) {
                members.add(l.uuid() + "@" + (l.address().isEmpty() ? "?" : l.address()) + (l.leader() ? "*" : ""));
            }
            view.put("members", String.join(" ", members));
        } catch (RuntimeException e) {
            view.put("quorum", "(none serves /: " + e.getMessage() + ")");
        }
    }
}
