package dev.jrunc.cli;

import dev.jrunc.core.lifecycle.ContainerPauser;
import picocli.CommandLine.Model.CommandSpec;

final class ResumeCommand implements CliCommand {
    @Override
    public CommandSpec spec() {
        return Specs.command(this, "resume", "resumes all processes that have been previously paused")
                .addPositional(Specs.containerId());
    }

    @Override
    public void run(Invocation in) {
        new ContainerPauser(in.jrunc().context()).resume(in.positional(0, null));
    }
}
