package io.haven.ctl;

import io.haven.protocol.message.DiscoverType;
import io.haven.protocol.message.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code discover uuid|location|quorum}: where a node, the location service or a path's quorum lives. */
@Command(
        name = "discover",
        description = "Find where a node, the location service or a path's quorum is.",
        subcommandsRepeatable = false)
final class DiscoverCommand {
    @ParentCommand
    HavenCtl ctl;

    @Spec
    CommandSpec spec;

    @Command(name = "uuid", description = "The address of the node with this uuid.")
    int uuid(@Parameters(paramLabel = "UUID") String uuid) {
        return show(DiscoverType.UUID, uuid);
    }

    @Command(name = "location", description = "The members of the location service, leader first, up or down.")
    int location() {
        return show(DiscoverType.LOCATION, "");
    }

    @Command(
            name = "quorum",
            description = "The quorum serving a path: its leader and members (up or down), its name and the served"
                    + " prefix the path matched.")
    int quorum(@Parameters(paramLabel = "PATH") String path) {
        return show(DiscoverType.QUORUM, path);
    }

    private int show(DiscoverType type, String argument) {
        Response.DiscoverReply reply = Connections.await(ctl.client().discover(type, argument));
        List<Map<String, Object>> rows =
                reply.locations().stream().map(Views::location).toList();
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("location", reply.location());
        if (!reply.quorum().isEmpty()) {
            extra.put("quorum", reply.quorum());
        }
        if (!reply.prefix().isEmpty()) {
            extra.put("prefix", reply.prefix());
        }
        if (!reply.excluded().isEmpty()) {
            extra.put("excluded", reply.excluded());
        }
        ctl.output(spec).rows("locations", List.of("uuid", "address", "roles", "leader", "up"), rows, extra);
        return ExitCodes.OK;
    }
}
