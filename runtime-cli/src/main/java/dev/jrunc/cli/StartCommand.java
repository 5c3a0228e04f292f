package dev.jrunc.cli;

import dev.jrunc.core.lifecycle.ContainerStarter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "start", description = "executes the user defined process in a created container")
final class StartCommand implements Runnable {
    @ParentCommand
    JruncCommand jrunc;

    @Mixin
    HelpOption help;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    public void run() {
        new ContainerStarter(jrunc.context(), jrunc.handoff()).start(id);
    }
}
