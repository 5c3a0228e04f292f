package dev.jrunc.cli;

import dev.jrunc.core.lifecycle.ContainerDeleter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "delete", description = "delete any resources held by the container often used with detached container")
final class DeleteCommand implements Runnable {
    @ParentCommand
    JruncCommand jrunc;

    @Mixin
    HelpOption help;

    @Option(names = {"-f", "--force"}, arity = "0..1", description = "forcibly deletes the container if it is still running (uses SIGKILL)")
    boolean force;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    public void run() {
        new ContainerDeleter(jrunc.context(), jrunc.handoff()).delete(id, force);
    }
}
