package io.haven.ctl;

import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code help [COMMAND...]}: the usage of havenctl or of one of its commands. Ours rather than picocli's, whose own
 * {@code -h} would clash with the {@code --help} every havenctl command inherits.
 */
@Command(name = "help", description = "Show the usage of havenctl or of a command, e.g. 'help kv put'.")
final class HelpCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(paramLabel = "COMMAND", arity = "0..*", description = "the command to explain")
    List<String> command = List.of();

    @Override
    public Integer call() {
        CommandLine target = spec.commandLine().getParent();
        for (String name : command) {
            CommandLine sub = target.getSubcommands().get(name);
            if (sub == null) {
                throw new CommandLine.ParameterException(spec.commandLine(), "no command '" + name + "'");
            }
            target = sub;
        }
        target.usage(spec.commandLine().getOut());
        return ExitCodes.OK;
    }
}
