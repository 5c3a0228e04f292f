package dev.jrunc.cli;

import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.MissingParameterException;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Usage errors worded as runc's Go flag parser words them; podman and CRI-O probe for
 * "flag needs an argument", and scripts match "flag provided but not defined".
 */
final class GoStyleUsageErrors implements IParameterExceptionHandler {
    static final int USAGE_ERROR = 1;
    static final int UNKNOWN_COMMAND = 3;

    private final JruncCommand root;

    GoStyleUsageErrors(JruncCommand root) {
        this.root = root;
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String message = ex.getMessage();
        if (ex instanceof UnmatchedArgumentException unmatched) {
            String first = unmatched.getUnmatched().isEmpty() ? "" : unmatched.getUnmatched().get(0);
            if (first.startsWith("-")) {
                root.err().println("Incorrect Usage: flag provided but not defined: " + goSpelling(first));
                return USAGE_ERROR;
            }
            if (cmd.getParent() == null) {
                root.err().println("No help topic for '" + first + "'");
                return UNKNOWN_COMMAND;
            }
            return wrongArgCount(cmd);
        }
        CommandLine.Model.OptionSpec option = missingOption(ex);
        if (option != null) {
            root.err().println("flag needs an argument: " + goSpelling(option.longestName()));
            return USAGE_ERROR;
        }
        if (ex instanceof MissingParameterException) {
            return wrongArgCount(cmd);
        }
        root.err().println("Incorrect Usage: " + message);
        return USAGE_ERROR;
    }

    /** The option whose value is missing, if that is what went wrong. */
    private static CommandLine.Model.OptionSpec missingOption(ParameterException ex) {
        if (ex.getArgSpec() instanceof CommandLine.Model.OptionSpec option) {
            return option;
        }
        if (ex instanceof MissingParameterException missing) {
            for (CommandLine.Model.ArgSpec arg : missing.getMissing()) {
                if (arg instanceof CommandLine.Model.OptionSpec option) {
                    return option;
                }
            }
        }
        return null;
    }

    private int wrongArgCount(CommandLine cmd) {
        ArgCount count = cmd.getCommand() instanceof ArgCount c ? c : null;
        root.out().println("Incorrect Usage.");
        root.out().println();
        cmd.usage(root.out());
        root.out().flush();
        String rule = count == null ? "requires exactly 1 argument(s)" : count.argumentRule();
        root.reportError(root.argv0() + ": \"" + cmd.getCommandName() + "\" " + rule);
        return USAGE_ERROR;
    }

    private static String goSpelling(String option) {
        int eq = option.indexOf('=');
        String name = eq < 0 ? option : option.substring(0, eq);
        return name.startsWith("--") ? name.substring(1) : name;
    }

    /** Commands say how many positional arguments they take, in runc's words. */
    interface ArgCount {
        String argumentRule();
    }
}
