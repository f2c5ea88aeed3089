package io.haven.ctl;

import io.haven.protocol.message.Response;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code leave ROLE}: CONTROL, drop a role from the node. */
@Command(name = "leave", description = "Make the node give up a role: locator, processor or quorum.")
final class LeaveCommand implements Callable<Integer> {
    @ParentCommand
    HavenCtl ctl;

    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "ROLE", description = "one of: locator, processor, quorum")
    String role;

    @Option(names = "--quorum", paramLabel = "NAME", defaultValue = "", description = "the quorum to leave")
    String quorum;

    @Option(names = "--force", description = "let the last member leave a quorum that holds data")
    boolean force;

    @Override
    public Integer call() {
        Response.ControlReply reply = Connections.await(ctl.client().leave(BecomeCommand.roleOf(role), quorum, force));
        ctl.output(spec).object(BecomeCommand.view(reply));
        return ExitCodes.OK;
    }
}
