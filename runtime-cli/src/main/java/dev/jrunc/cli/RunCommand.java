package dev.jrunc.cli;

import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.lifecycle.ContainerCreator;
import dev.jrunc.core.lifecycle.ContainerStarter;
import dev.jrunc.core.lifecycle.ForegroundRunner;
import dev.jrunc.core.lifecycle.Handoff;
import picocli.CommandLine.Model.CommandSpec;

final class RunCommand implements CliCommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "run", "create and run a container");
        CreateOptions.addTo(spec);
        spec.addOption(Specs.flag("<detach>", "detach from the container's process", "-d", "--detach"));
        spec.addOption(Specs.flag("<keep>", "do not delete the container after it exits", "--keep"));
        spec.addOption(Specs.flag("<noSubreaper>", "disable the use of the subreaper used to reap reparented processes", "--no-subreaper"));
        return spec.addPositional(Specs.containerId());
    }

    @Override
    public void run(Invocation in) {
        JruncCommand jrunc = in.jrunc();
        String id = in.positional(0, null);
        CreateOptions options = CreateOptions.read(in);
        RuntimeContext ctx = jrunc.creationContext();
        Handoff handoff = jrunc.handoff();
        if (handoff != null) {
            // jrunc-init creates, then starts or supervises, in bin/jrunc's pid: no FFI here.
            boolean detach = in.flag("--detach");
            new ContainerCreator(ctx).create(Requests.create(id, options, detach), handoff,
                    detach ? ContainerCreator.Then.START : ContainerCreator.Then.SUPERVISE,
                    !in.flag("--no-subreaper"), in.flag("--keep"));
            return;
        }
        if (in.flag("--detach")) {
            new ContainerCreator(ctx).create(Requests.create(id, options, true));
            new ContainerStarter(ctx, jrunc.handoff()).start(id);
            return;
        }
        ForegroundRunner runner = new ForegroundRunner(ctx, jrunc.handoff());
        runner.prepare(!in.flag("--no-subreaper"));
        new ContainerCreator(ctx).create(Requests.create(id, options, false));
        // The supervisor takes over in bin/jrunc's pid once this JVM exits (or, in process, replaces it).
        runner.startAndSupervise(id, in.flag("--keep"));
    }
}
