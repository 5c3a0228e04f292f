package dev.jrunc.cli;

import dev.jrunc.core.JruncException;
import picocli.CommandLine;
import picocli.CommandLine.ExecutionException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

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
        CommandLine cmd = new CommandLine(root.spec(), PlainFactory.INSTANCE);
        Subcommands.register(cmd, rawArgs);
        cmd.setOut(new PrintWriter(out, true));
        cmd.setErr(new PrintWriter(err, true));
        cmd.setTrimQuotes(false);
        cmd.setSplitQuotedStrings(false);
        cmd.setUnmatchedOptionsArePositionalParams(false);
        cmd.setCaseInsensitiveEnumValuesAllowed(true);
        cmd.setParameterExceptionHandler(new GoStyleUsageErrors(root));
        cmd.setExecutionStrategy(parseResult -> dispatch(root, parseResult));
        cmd.setExecutionExceptionHandler((ex, commandLine, parseResult) -> root.fail(ex, commandLine));
        String[] args = GoFlagSyntax.normalize(cmd, rawArgs);
        return cmd.execute(args);
    }

    /**
     * Runs the innermost matched command, as picocli's RunLast does for annotated commands:
     * help and version requests first, and failures wrapped so that execute() hands them to
     * the execution exception handler with the command that failed.
     */
    private static int dispatch(JruncCommand root, ParseResult parsed) {
        Integer helpExit = CommandLine.executeHelpRequest(parsed);
        if (helpExit != null) {
            return helpExit;
        }
        ParseResult last = parsed;
        while (last.hasSubcommand()) {
            last = last.subcommand();
        }
        CommandLine target = last.commandSpec().commandLine();
        CliCommand command = (CliCommand) target.getCommand();
        try {
            command.run(new Invocation(root, last));
        } catch (ParameterException | ExecutionException e) {
            throw e;
        } catch (Exception e) {
            throw new ExecutionException(target, "Error while running command " + last.commandSpec().name() + ": " + e, e);
        }
        return last.commandSpec().exitCodeOnSuccess();
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
