package io.haven.ctl;

import io.haven.protocol.message.Response;
import io.haven.protocol.message.Role;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code become ROLE}: CONTROL, add a role to the node. */
@Command(name = "become", description = "Make the node take a role: locator, processor or quorum.")
final class BecomeCommand implements Callable<Integer> {
    @ParentCommand
    HavenCtl ctl;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROLE", description = "one of: locator, processor, quorum")
    String role;

    @Option(names = "--quorum", paramLabel = "NAME", defaultValue = "", description = "the quorum to join or create")
    String quorum;

    @Option(names = "--path", paramLabel = "PREFIX", description = "a path prefix a new quorum serves")
    List<String> paths = List.of();

    @Option(names = "--peer", paramLabel = "UUID=HOST:PORT", description = "a raft peer when bootstrapping")
    List<String> peers = List.of();

    @Override
    public Integer call() {
        Role wanted = roleOf(role);
        Response.ControlReply reply = Connections.await(ctl.client().become(wanted, quorum, paths, peers));
        ctl.output(spec).object(view(reply));
        return ExitCodes.OK;
    }

    static Role roleOf(String name) {
        return Role.of(name)
                .orElseThrow(() -> new IllegalArgumentException(
                        "unknown role '" + name + "': expected locator, processor or quorum"));
    }

    static Map<String, Object> view(Response.ControlReply reply) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("action", reply.action().wireName());
        m.put("status", reply.status());
        m.put("roles", reply.roles());
        return m;
    }
}
