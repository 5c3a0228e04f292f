package dev.jrunc.cli;

import dev.jrunc.core.lifecycle.ContainerCreator;
import dev.jrunc.core.lifecycle.ContainerStarter;
import dev.jrunc.core.lifecycle.ForegroundRunner;
import dev.jrunc.core.RuntimeContext;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "run", description = "create and run a container")
final class RunCommand implements Runnable {
    @ParentCommand
    JruncCommand jrunc;

    @Mixin
    HelpOption help;

    @Mixin
    CreateOptions options;

    @Option(names = {"-d", "--detach"}, arity = "0..1", description = "detach from the container's process")
    boolean detach;

    @Option(names = "--keep", arity = "0..1", description = "do not delete the container after it exits")
    boolean keep;

    @Option(names = "--no-subreaper", arity = "0..1", description = "disable the use of the subreaper used to reap reparented processes")
    boolean noSubreaper;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Override
    public void run() {
        RuntimeContext ctx = jrunc.context();
        if (detach) {
            new ContainerCreator(ctx).create(Requests.create(id, options, true));
            new ContainerStarter(ctx, jrunc.handoff()).start(id);
            return;
        }
        ForegroundRunner runner = new ForegroundRunner(ctx, jrunc.handoff());
        runner.prepare(!noSubreaper);
        new ContainerCreator(ctx).create(Requests.create(id, options, false));
        // The supervisor takes over in bin/jrunc's pid once this JVM exits (or, in process, replaces it).
        runner.startAndSupervise(id, keep);
    }
}
