package dev.jrunc.cli;

import dev.jrunc.core.lifecycle.ContainerQuery;
import picocli.CommandLine.Model.CommandSpec;

final class StateCommand implements CliCommand {
    @Override
    public CommandSpec spec() {
        return Specs.command(this, "state", "output the state of a container").addPositional(Specs.containerId());
    }

    @Override
    public void run(Invocation in) {
        // Two-space indent and no trailing newline, as runc prints it.
        in.jrunc().out().print(new ContainerQuery(in.jrunc().context()).stateJson(in.positional(0, null)));
    }
}
