package dev.jrunc.cli;

import dev.jrunc.core.lifecycle.ContainerStarter;
import picocli.CommandLine.Model.CommandSpec;

final class StartCommand implements CliCommand {
    @Override
    public CommandSpec spec() {
        return Specs.command(this, "start", "executes the user defined process in a created container")
                .addPositional(Specs.containerId());
    }

    @Override
    public void run(Invocation in) {
        new ContainerStarter(in.jrunc().context(), in.jrunc().handoff()).start(in.positional(0, null));
    }
}
