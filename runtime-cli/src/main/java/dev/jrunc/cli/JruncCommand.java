package dev.jrunc.cli;

import dev.jrunc.core.Credentials;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.Version;
import dev.jrunc.core.lifecycle.Handoff;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.io.PrintStream;
import java.nio.file.Path;

/** The root command: the global options, and the log, context and error reporting they configure. */
final class JruncCommand implements CliCommand {
    private final PrintStream out;
    private final PrintStream err;
    /** The model this run parses into; the global options are read back from it. */
    private CommandSpec spec;

    private RuntimeLog runtimeLog;

    JruncCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public CommandSpec spec() {
        spec = model(this);
        return spec;
    }

    private static CommandSpec model(Object userObject) {
        CommandSpec s = CommandSpec.wrapWithoutInspection(userObject, PlainFactory.INSTANCE).name("jrunc");
        s.usageMessage().description("Open Container Initiative runtime, a drop-in replacement for runc.");
        // First line as runc's, which go-runc parses: "<name> version <v>".
        s.version("jrunc version " + Version.JRUNC, "spec: " + Version.OCI_SPEC);
        GlobalOptions.addTo(s);
        s.addOption(Specs.help());
        s.addOption(OptionSpec.builder("-v", "--version").versionHelp(true).type(boolean.class)
                .description("print the version").build());
        return s;
    }

    GlobalOptions globals() {
        return GlobalOptions.read(spec);
    }

    PrintStream out() {
        return out;
    }

    PrintStream err() {
        return err;
    }

    String argv0() {
        return "jrunc";
    }

    /** No command given: the root's usage, without the command list (as the annotated model printed it). */
    @Override
    public void run(Invocation invocation) {
        new CommandLine(model(null), PlainFactory.INSTANCE).usage(out);
    }

    RuntimeLog log() {
        if (runtimeLog == null) {
            GlobalOptions g = globals();
            String log = g.log();
            String format = g.logFormat();
            if (!format.equals("text") && !format.equals("json")) {
                runtimeLog = new RuntimeLog(log, false, err);
                throw new JruncException("invalid log-format: " + format);
            }
            runtimeLog = new RuntimeLog(log, format.equals("json"), err);
        }
        return runtimeLog;
    }

    /** The one place a failure becomes output: the log, plus stderr when the log is a file. */
    void reportError(String message) {
        RuntimeLog l;
        try {
            l = log();
        } catch (JruncException e) {
            l = runtimeLog;
            l.error(e.getMessage());
        }
        l.error(message);
        if (!l.writesToStderr()) {
            err.println(message);
        }
    }

    int fail(Exception ex, CommandLine commandLine) {
        if (ex instanceof Cli.ExitStatus status) {
            return status.code();
        }
        String message = ex instanceof JruncException ? ex.getMessage()
                : ex.getClass().getSimpleName() + ": " + ex.getMessage();
        reportError(message);
        return commandLine.getCommand() instanceof ExecCode e ? e.failureCode() : 1;
    }

    /** bin/jrunc's handoff to jrunc-init, or null when run in process (tests): see Handoff. */
    Handoff handoff() {
        log();
        GlobalOptions g = globals();
        return Handoff.fromEnvironment(g.log(), g.logFormat());
    }

    RuntimeContext context() {
        return context(false);
    }

    /**
     * The context of {@code create} and {@code run}, the only commands whose rootless mode
     * matters (it is recorded in the state for the others): only they pay for finding out
     * whether uid 0 runs inside a user namespace.
     */
    RuntimeContext creationContext() {
        return context(true);
    }

    private RuntimeContext context(boolean creating) {
        log();
        GlobalOptions g = globals();
        Path rootDir = (g.root() != null ? Path.of(g.root()) : StateRootDefault.ofProcess().resolve())
                .toAbsolutePath().normalize();
        if (rootDir.getParent() == null) {
            throw new JruncException("Option --root argument should not be set to /");
        }
        Path home = Distribution.home();
        return new RuntimeContext(rootDir, home.resolve("libexec/jrunc-init"), home.resolve("bin/jrunc"),
                g.systemdCgroup(), rootlessMode(g.rootless(), creating), log()::warning);
    }

    /**
     * runc's --rootless: "auto", or a Go boolean. auto means tolerant for a non-root caller,
     * and (cgroupfs driver) for uid 0 inside a user namespace (rootless_linux.go
     * shouldUseRootlessCgroupManager).
     */
    private static boolean rootlessMode(String rootless, boolean creating) {
        return switch (rootless) {
            case "1", "t", "T", "TRUE", "true", "True" -> true;
            case "0", "f", "F", "FALSE", "false", "False" -> false;
            case "auto" -> Credentials.effectiveUid() != 0 || creating && UserNamespace.current();
            default -> throw new JruncException("invalid --rootless value: " + rootless);
        };
    }

    /** Commands whose own failures exit with something other than 1 (exec: 255). */
    interface ExecCode {
        int failureCode();
    }
}
