package dev.jrunc.cli;

import dev.jrunc.core.lifecycle.ContainerEvents;
import picocli.CommandLine.Model.CommandSpec;

final class EventsCommand implements CliCommand {
    @Override
    public CommandSpec spec() {
        return Specs.command(this, "events", "display container events such as OOM notifications, cpu, memory, and IO usage statistics")
                .addOption(Specs.value("<interval>", "set the stats collection interval (default: 5s)", "--interval"))
                .addOption(Specs.flag("<stats>", "display the container's stats then exit", "--stats"))
                .addPositional(Specs.containerId());
    }

    @Override
    public void run(Invocation in) {
        String id = in.positional(0, null);
        ContainerEvents events = new ContainerEvents(in.jrunc().context());
        var interval = ContainerEvents.parseInterval(in.value("--interval", "5s"));
        if (in.flag("--stats")) {
            in.jrunc().out().println(events.statsEvent(id));
            return;
        }
        events.stream(id, interval, in.jrunc().out());
    }
}
