package dev.jrunc.cli;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.lifecycle.ContainerProcesses;
import dev.jrunc.core.lifecycle.ProcessTable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class PsCommand implements CliCommand, GoStyleUsageErrors.ArgCount {
    @Override
    public CommandSpec spec() {
        return Specs.command(this, "ps", "ps displays the processes running inside a container")
                .addOption(Specs.value("<format>", "select one of: table or json (default: \"table\")", "-f", "--format"))
                .addPositional(Specs.containerId())
                .addPositional(PositionalParamSpec.builder().index("1..*").arity("0..*").type(String[].class)
                        .paramLabel("<ps options>").build());
    }

    @Override
    public String argumentRule() {
        return "requires a minimum of 1 argument(s)";
    }

    @Override
    public void run(Invocation in) {
        String id = in.positional(0, null);
        String format = in.value("--format", "table");
        ContainerProcesses processes = new ContainerProcesses(in.jrunc().context());
        switch (format) {
            case "json" -> in.jrunc().out().println(ProcessTable.json(processes.pids(id)));
            case "table" -> processes.table(id, in.positionalsFrom(1)).forEach(in.jrunc().out()::println);
            default -> throw new JruncException("invalid format option");
        }
    }
}
