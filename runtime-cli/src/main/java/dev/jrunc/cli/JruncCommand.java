package dev.jrunc.cli;

import dev.jrunc.core.Credentials;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.RuntimeContext;
import dev.jrunc.core.Version;
import dev.jrunc.core.lifecycle.Handoff;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

@Command(name = "jrunc",
        description = "Open Container Initiative runtime, a drop-in replacement for runc.",
        versionProvider = JruncCommand.VersionLines.class,
        usageHelpAutoWidth = false)
public final class JruncCommand implements Runnable {
    private static final String DEFAULT_ROOT = "/run/jrunc";

    private final PrintStream out;
    private final PrintStream err;

    @Option(names = "--root", paramLabel = "<dir>", description = "root directory for storage of container state")
    String root;

    @Option(names = "--log", paramLabel = "<file>", description = "set the log file to write jrunc logs to (default is stderr)")
    String log;

    @Option(names = "--log-format", paramLabel = "<text|json>", description = "set the log format ('text' (default), or 'json')")
    String logFormat = "text";

    @Option(names = "--debug", arity = "0..1", description = "enable debug logging")
    boolean debug;

    @Option(names = "--systemd-cgroup", arity = "0..1",
            description = "enable systemd cgroup support, expects cgroupsPath to be of form \"slice:prefix:name\"")
    boolean systemdCgroup;

    @Option(names = "--rootless", paramLabel = "<true|false|auto>", description = "ignore cgroup permission errors")
    String rootless = "auto";

    @Option(names = "--criu", hidden = true, description = "ignored (removed in runc 1.4)")
    String criu;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show help")
    boolean help;

    @Option(names = {"-v", "--version"}, versionHelp = true, description = "print the version")
    boolean version;

    private RuntimeLog runtimeLog;

    JruncCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
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

    @Override
    public void run() {
        new CommandLine(this).usage(out);
    }

    /** First line as runc's, which go-runc parses: "<name> version <v>". */
    static final class VersionLines implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[] {"jrunc version " + Version.JRUNC, "spec: " + Version.OCI_SPEC};
        }
    }

    RuntimeLog log() {
        if (runtimeLog == null) {
            String format = logFormat == null ? "text" : logFormat;
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
        return Handoff.fromEnvironment(log, logFormat);
    }

    RuntimeContext context() {
        log();
        Path rootDir = Path.of(root != null ? root : defaultRoot()).toAbsolutePath().normalize();
        if (rootDir.getParent() == null) {
            throw new JruncException("Option --root argument should not be set to /");
        }
        Path home = Distribution.home();
        return new RuntimeContext(rootDir, home.resolve("libexec/jrunc-init"), home.resolve("bin/jrunc"),
                systemdCgroup, rootlessMode());
    }

    private boolean rootlessMode() {
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
