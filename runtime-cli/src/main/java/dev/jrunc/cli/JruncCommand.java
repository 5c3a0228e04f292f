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
import java.util.Locale;

/** The root command: the global options, and the log, context and error reporting they configure. */
final class JruncCommand implements CliCommand {
    private static final String DEFAULT_ROOT = "/run/jrunc";

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
        log();
        GlobalOptions g = globals();
        Path rootDir = Path.of(g.root() != null ? g.root() : defaultRoot()).toAbsolutePath().normalize();
        if (rootDir.getParent() == null) {
            throw new JruncException("Option --root argument should not be set to /");
        }
        Path home = Distribution.home();
        return new RuntimeContext(rootDir, home.resolve("libexec/jrunc-init"), home.resolve("bin/jrunc"),
                g.systemdCgroup(), rootlessMode(g.rootless()), log()::warning);
    }

    private static boolean rootlessMode(String rootless) {
        return switch (rootless.toLowerCase(Locale.ROOT)) {
            case "true" -> true;
            case "false" -> false;
            case "auto" -> Credentials.effectiveUid() != 0;
            default -> throw new JruncException("invalid --rootless value: " + rootless);
        };
    }

    private static String defaultRoot() {
        String xdg = System.getenv("XDG_RUNTIME_DIR");
        if (xdg != null && !xdg.isEmpty() && Credentials.effectiveUid() != 0) {
            return xdg + "/jrunc";
        }
        return DEFAULT_ROOT;
    }

    /** Commands whose own failures exit with something other than 1 (exec: 255). */
    interface ExecCode {
        int failureCode();
    }
}
