package dev.jrunc.cli;

import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Rewrites Go's flag syntax into picocli's. Go has no clustered short options, so "-name"
 * and "-name=value" are the long option "--name"; clients rely on it (go-runc sends
 * "-no-subreaper"). For exec, kill and ps, option parsing stops at the first positional
 * argument so the rest can carry its own dashes.
 */
final class GoFlagSyntax {
    private static final Set<String> STOP_AT_FIRST_POSITIONAL = Set.of("exec", "kill", "ps");

    private GoFlagSyntax() {
    }

    static String[] normalize(CommandLine root, String[] args) {
        List<String> result = new ArrayList<>(args.length);
        CommandSpec spec = root.getCommandSpec();
        boolean inSubcommand = false;
        boolean verbatim = false;
        for (int i = 0; i < args.length; i++) {
            String arg = args[i];
            if (verbatim) {
                result.add(arg);
                continue;
            }
            if (arg.equals("--")) {
                verbatim = true;
                result.add(arg);
                continue;
            }
            if (!arg.startsWith("-") || arg.equals("-")) {
                if (!inSubcommand && spec.subcommands().containsKey(arg)) {
                    spec = spec.subcommands().get(arg).getCommandSpec();
                    inSubcommand = true;
                } else if (inSubcommand && STOP_AT_FIRST_POSITIONAL.contains(spec.name())) {
                    // Everything from here is the command's own argv: protect it from
                    // picocli's option matching.
                    result.add("--");
                    verbatim = true;
                }
                result.add(arg);
                continue;
            }
            String rewritten = arg;
            if (!arg.startsWith("--") && nameLength(arg, 1) > 1) {
                rewritten = "-" + arg;
            }
            result.add(rewritten);
            OptionSpec option = spec.findOption(optionName(rewritten));
            if (option != null && !rewritten.contains("=") && takesValue(option) && i + 1 < args.length) {
                result.add(args[++i]);
            }
        }
        return result.toArray(new String[0]);
    }

    private static int nameLength(String arg, int dashes) {
        int eq = arg.indexOf('=');
        return (eq < 0 ? arg.length() : eq) - dashes;
    }

    private static String optionName(String arg) {
        int eq = arg.indexOf('=');
        return eq < 0 ? arg : arg.substring(0, eq);
    }

    private static boolean takesValue(OptionSpec option) {
        return option.arity().min() > 0;
    }
}
