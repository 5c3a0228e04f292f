package dev.jrunc.cli;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.lifecycle.ContainerExecer;
import dev.jrunc.core.lifecycle.ExecRequest;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

import java.nio.file.Path;
import java.util.List;

/**
 * {@code exec}: runc's flags and words. Option parsing stops at the container id
 * (GoFlagSyntax), so the command may carry its own dashes. Every failure of jrunc's own is
 * "exec failed: ..." and exit 255, so callers can tell it from the process's exit code.
 */
final class ExecCommand implements CliCommand, JruncCommand.ExecCode, GoStyleUsageErrors.ArgCount {
    private static final String PREFIX = "exec failed: ";

    @Override
    public CommandSpec spec() {
        CommandSpec spec = Specs.command(this, "exec", "execute new process inside the container");
        spec.addOption(Specs.value("<path>", "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the console's pseudoterminal", "--console-socket"));
        spec.addOption(Specs.value("<path>", "path to an AF_UNIX socket which will receive a file descriptor referencing the exec process", "--pidfd-socket"));
        spec.addOption(Specs.value("<cwd>", "current working directory in the container", "--cwd"));
        spec.addOption(list("<env>", "set environment variables", String.class, "-e", "--env"));
        spec.addOption(Specs.flag("<tty>", "allocate a pseudo-TTY", "-t", "--tty"));
        spec.addOption(Specs.value("<user>", "UID (format: <uid>[:<gid>])", "-u", "--user"));
        spec.addOption(list("<gid>", "additional gids", Long.class, "-g", "--additional-gids"));
        spec.addOption(Specs.value("<process>", "path to the process.json", "-p", "--process"));
        spec.addOption(Specs.flag("<detach>", "detach from the container's process", "-d", "--detach"));
        spec.addOption(Specs.value("<path>", "specify the file to write the process id to", "--pid-file"));
        spec.addOption(Specs.value("<label>", "set the asm process label for the process commonly used with selinux", "--process-label"));
        spec.addOption(Specs.value("<profile>", "set the apparmor profile for the process", "--apparmor"));
        spec.addOption(Specs.flag("<noNewPrivs>", "set the no new privileges value for the process", "--no-new-privs"));
        spec.addOption(list("<cap>", "add a capability to the bounding set for the process", String.class, "-c", "--cap"));
        spec.addOption(Specs.number("<n>", "Pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total)", "--preserve-fds"));
        spec.addOption(list("<cgroup>", "run the process in an (existing) sub-cgroup(s). Format is [<controller>:]<cgroup>.", String.class, "--cgroup"));
        spec.addOption(Specs.flag("<ignorePaused>", "allow exec in a paused container", "--ignore-paused"));
        spec.addPositional(Specs.containerId());
        spec.addPositional(PositionalParamSpec.builder().index("1..*").arity("0..*").type(List.class)
                .auxiliaryTypes(String.class).paramLabel("<command>").build());
        return spec;
    }

    private static OptionSpec list(String label, String description, Class<?> element, String... names) {
        return OptionSpec.builder(names).type(List.class).auxiliaryTypes(element).arity("1").paramLabel(label)
                .description(description).build();
    }

    @Override
    public int failureCode() {
        return 255;
    }

    @Override
    public String argumentRule() {
        return "requires a minimum of 1 argument(s)";
    }

    @Override
    public void run(Invocation in) {
        try {
            ExecRequest request = request(in);
            new ContainerExecer(in.jrunc().context(), in.jrunc().handoff()).exec(request);
        } catch (JruncException e) {
            if (e instanceof Cli.ExitStatus || e.getMessage() == null || e.getMessage().startsWith(PREFIX)) {
                throw e;
            }
            throw new JruncException(PREFIX + e.getMessage(), e);
        }
    }

    static ExecRequest request(Invocation in) {
        String id = in.positional(0, null);
        List<String> args = in.parsed().matchedPositionalValue(1, List.of());
        String processFile = in.value("--process", null);
        if ((processFile == null || processFile.isEmpty()) && args.isEmpty()) {
            throw new JruncException("args must not be empty");
        }
        Boolean noNewPrivs = in.parsed().hasMatchedOption("--no-new-privs") ? in.flag("--no-new-privs") : null;
        return new ExecRequest(id, path(processFile), args, in.value("--cwd", null),
                in.parsed().matchedOptionValue("--env", List.of()), in.flag("--tty"), in.value("--user", null),
                in.parsed().matchedOptionValue("--additional-gids", List.of()), in.value("--process-label", null),
                in.value("--apparmor", null), noNewPrivs, in.parsed().matchedOptionValue("--cap", List.of()),
                preserveFds(in.number("--preserve-fds", 0)), in.parsed().matchedOptionValue("--cgroup", List.of()),
                in.flag("--ignore-paused"), in.flag("--detach"), path(in.value("--pid-file", null)),
                path(in.value("--console-socket", null)), path(in.value("--pidfd-socket", null)));
    }

    private static int preserveFds(int n) {
        if (n < 0) {
            throw new JruncException("--preserve-fds: must not be negative");
        }
        return n;
    }

    private static Path path(String p) {
        return p == null || p.isEmpty() ? null : Path.of(p).toAbsolutePath().normalize();
    }
}
