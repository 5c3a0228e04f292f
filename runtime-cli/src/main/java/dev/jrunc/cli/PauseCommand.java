package dev.jrunc.cli;

import dev.jrunc.core.lifecycle.ContainerPauser;
import picocli.CommandLine.Model.CommandSpec;

final class PauseCommand implements CliCommand {
    @Override
    public CommandSpec spec() {
        return Specs.command(this, "pause", "pause suspends all processes inside the container")
                .addPositional(Specs.containerId());
    }

    @Override
    public void run(Invocation in) {
        new ContainerPauser(in.jrunc().context()).pause(in.positional(0, null));
    }
}
