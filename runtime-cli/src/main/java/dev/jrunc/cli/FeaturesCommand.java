package dev.jrunc.cli;

import dev.jrunc.core.FeaturesReport;
import picocli.CommandLine.Model.CommandSpec;

final class FeaturesCommand implements CliCommand, GoStyleUsageErrors.ArgCount {
    @Override
    public CommandSpec spec() {
        return Specs.command(this, "features", "show the enabled features");
    }

    @Override
    public String argumentRule() {
        return "requires exactly 0 argument(s)";
    }

    @Override
    public void run(Invocation in) {
        in.jrunc().out().print(FeaturesReport.current().toJson());
    }
}
