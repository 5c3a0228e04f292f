package dev.jrunc.cli;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.lifecycle.ContainerKiller;
import dev.jrunc.linux.Signals;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

final class KillCommand implements CliCommand, GoStyleUsageErrors.ArgCount {
    @Override
    public CommandSpec spec() {
        return Specs.command(this, "kill", "kill sends the specified signal (default: SIGTERM) to the container's init process")
                .addOption(Specs.flag("<all>", "send the signal to all processes in the container (obsolete)", "-a", "--all"))
                .addPositional(Specs.containerId())
                .addPositional(PositionalParamSpec.builder().index("1").arity("0..1").type(String.class)
                        .paramLabel("<signal>").build());
    }

    @Override
    public String argumentRule() {
        return "requires a minimum of 1 argument(s)";
    }

    @Override
    public void run(Invocation in) {
        String signal = in.positional(1, "SIGTERM");
        int signo = Signals.parse(signal).orElseThrow(() -> new JruncException("unknown signal \"" + signal + "\""));
        new ContainerKiller(in.jrunc().context(), in.jrunc().handoff()).kill(in.positional(0, null), signo, in.flag("--all"));
    }
}
