package dev.jrunc.cli;

import dev.jrunc.core.lifecycle.ContainerQuery;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "state", description = "output the state of a container")
final class StateCommand implements Runnable {
    @ParentCommand
    JruncCommand jrunc;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    public void run() {
        // Two-space indent and no trailing newline, as runc prints it.
        jrunc.out().print(new ContainerQuery(jrunc.context()).stateJson(id));
    }
}
