package dev.jrunc.cli;

import dev.jrunc.core.FeaturesReport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;

@Command(name = "features", description = "show the enabled features")
final class FeaturesCommand implements Runnable, GoStyleUsageErrors.ArgCount {
    @ParentCommand
    JruncCommand jrunc;

    @Mixin
    HelpOption help;

    @Override
    public String argumentRule() {
        return "requires exactly 0 argument(s)";
    }

    @Override
    public void run() {
        jrunc.out().print(FeaturesReport.current().toJson());
    }
}
