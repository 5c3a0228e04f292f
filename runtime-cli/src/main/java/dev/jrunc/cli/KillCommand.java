package dev.jrunc.cli;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.lifecycle.ContainerKiller;
import dev.jrunc.linux.Signals;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

@Command(name = "kill", description = "kill sends the specified signal (default: SIGTERM) to the container's init process")
final class KillCommand implements Runnable, GoStyleUsageErrors.ArgCount {
    @ParentCommand
    JruncCommand jrunc;

    @Mixin
    HelpOption help;

    @Option(names = {"-a", "--all"}, arity = "0..1", description = "send the signal to all processes in the container (obsolete)")
    boolean all;

    @Parameters(index = "0", paramLabel = "<container-id>")
    String id;

    @Parameters(index = "1", arity = "0..1", paramLabel = "<signal>")
    String signal = "SIGTERM";

    @Override
    public String argumentRule() {
        return "requires a minimum of 1 argument(s)";
    }

    @Override
    public void run() {
        int signo = Signals.parse(signal).orElseThrow(() -> new JruncException("unknown signal \"" + signal + "\""));
        new ContainerKiller(jrunc.context(), jrunc.handoff()).kill(id, signo, all);
    }
}
