package dev.jrunc.cli;

import dev.jrunc.core.lifecycle.ContainerCreator;
import dev.jrunc.core.lifecycle.Handoff;
import picocli.CommandLine.Model.CommandSpec;

final class CreateCommand implements CliCommand {
    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "create", "create a container");
        CreateOptions.addTo(spec);
        spec.addOption(Specs.hiddenFlag("<detach>", "ignored: create always detaches", "-d", "--detach"));
        return spec.addPositional(Specs.containerId());
    }

    @Override
    public void run(Invocation in) {
        String id = in.positional(0, null);
        CreateOptions options = CreateOptions.read(in);
        Handoff handoff = in.jrunc().handoff();
        if (handoff != null) {
            new ContainerCreator(in.jrunc().creationContext()).create(Requests.create(id, options, true), handoff,
                    ContainerCreator.Then.NOTHING, false, false);
            return;
        }
        new ContainerCreator(in.jrunc().creationContext()).create(Requests.create(id, options, true));
    }
}
