package dev.jrunc.cli;

import dev.jrunc.core.JruncException;
import picocli.CommandLine;

import java.io.PrintStream;
import java.io.PrintWriter;

/**
 * Parses runc's command line with picocli, runs the command, and turns every failure into
 * one message at this edge: logged, printed, and an exit code as runc's.
 */
public final class Cli {
    private final PrintStream out;
    private final PrintStream err;

    public Cli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public int run(String[] rawArgs) {
        JruncCommand root = new JruncCommand(out, err);
        CommandLine cmd = new CommandLine(root);
        Subcommands.register(cmd, rawArgs);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setTrimQuotes(false);
        cmd.setSplitQuotedStrings(false);
        cmd.setUnmatchedOptionsArePositionalParams(false);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler(new GoStyleUsageErrors(root));
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> root.fail(ex, commandLine));
        String[] args = GoFlagSyntax.normalize(cmd, rawArgs);
        return cmd.execute(args);
    }

    /** Thrown by commands that finished with a non-zero status they already reported. */
    public static final class ExitStatus extends JruncException {
        private static final long serialVersionUID = 1L;
        private final int code;

        public ExitStatus(int code) {
            super("exit status " + code);
            this.code = code;
        }

        public int code() {
            return code;
        }
    }
}
