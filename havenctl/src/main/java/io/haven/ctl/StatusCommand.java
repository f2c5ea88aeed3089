package io.haven.ctl;

import io.haven.client.HavenClient;
import io.haven.protocol.message.Response;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code status}: who the node is, the session it gave us, and one ping's round trip. */
@Command(name = "status", description = "Connect, show the node's uuid, roles and session, and time a ping.")
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
        ctl.output(spec).object(view);
        return ExitCodes.OK;
    }
}
