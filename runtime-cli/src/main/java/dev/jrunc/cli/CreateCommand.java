package dev.jrunc.cli;

import dev.jrunc.core.lifecycle.ContainerCreator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "create", description = "create a container")
final class CreateCommand implements Runnable {
    @ParentCommand
    JruncCommand jrunc;

    @Mixin
    HelpOption help;

    @Mixin
    CreateOptions options;

    @Option(names = {"-d", "--detach"}, arity = "0..1", hidden = true, description = "ignored: create always detaches")
    boolean detach;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    public void run() {
        new ContainerCreator(jrunc.context()).create(Requests.create(id, options, true));
    }
}
