package dev.jrunc.cli;

import dev.jrunc.core.lifecycle.ContainerDeleter;
import picocli.CommandLine.Model.CommandSpec;

final class DeleteCommand implements CliCommand {
    @Override
    public CommandSpec spec() {
        return Specs.command(this, "delete", "delete any resources held by the container often used with detached container")
                .addOption(Specs.flag("<force>", "forcibly deletes the container if it is still running (uses SIGKILL)", "-f", "--force"))
                .addPositional(Specs.containerId());
    }

    @Override
    public void run(Invocation in) {
        new ContainerDeleter(in.jrunc().context(), in.jrunc().handoff()).delete(in.positional(0, null), in.flag("--force"));
    }
}
