package io.haven.ctl;

import io.haven.client.HavenClient;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code connect}: run CONNECT and show its answer. */
@Command(name = "connect", description = "Connect (protocol version 1) and show the node's answer.")
final class ConnectCommand implements Callable<Integer> {
    @ParentCommand
    HavenCtl ctl;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        HavenClient client = ctl.client();
        ctl.output(spec).object(Views.session(ctl.server, client.session().orElseThrow()));
        return ExitCodes.OK;
    }
}
