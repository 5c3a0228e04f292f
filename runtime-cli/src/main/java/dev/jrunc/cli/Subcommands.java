package dev.jrunc.cli;

import picocli.CommandLine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * Registers only the subcommand the arguments name. Every jrunc command is a fresh JVM, and each
 * command class and its model is start-up work: the hot commands load only their own. Help and
 * unknown names get them all.
 */
final class Subcommands {
    private static final Map<String, Supplier<CliCommand>> ALL = new LinkedHashMap<>();

    static {
        ALL.put("create", CreateCommand::new);
        ALL.put("start", StartCommand::new);
        ALL.put("run", RunCommand::new);
        ALL.put("exec", ExecCommand::new);
        ALL.put("state", StateCommand::new);
        ALL.put("kill", KillCommand::new);
        ALL.put("delete", DeleteCommand::new);
        ALL.put("list", ListCommand::new);
        ALL.put("pause", PauseCommand::new);
        ALL.put("resume", ResumeCommand::new);
        ALL.put("ps", PsCommand::new);
        ALL.put("update", UpdateCommand::new);
        ALL.put("events", EventsCommand::new);
        ALL.put("spec", SpecCommand::new);
        ALL.put("features", FeaturesCommand::new);
    }

    /** Global options that take a value, so their value is not mistaken for the command. */
    private static final Set<String> GLOBALS_WITH_VALUE = Set.of("root", "log", "log-format", "rootless", "criu");

    private Subcommands() {
    }

    static void register(CommandLine root, String[] args) {
        String name = commandName(args);
        if (name != null && ALL.containsKey(name)) {
            root.addSubcommand(name, new CommandLine(ALL.get(name).get().spec(), PlainFactory.INSTANCE));
            return;
        }
        if (name == null && isVersionRequest(args)) {
            return;
        }
        ALL.forEach((n, command) -> root.addSubcommand(n, new CommandLine(command.get().spec(), PlainFactory.INSTANCE)));
        // picocli's own help command is annotated; only help and unknown names pay for it.
        root.addSubcommand("help", new CommandLine.HelpCommand());
    }

    private static boolean isVersionRequest(String[] args) {
        for (String a : args) {
            if (a.equals("-v") || a.equals("--version") || a.equals("-version")) {
                return true;
            }
        }
        return false;
    }

    /** The first argument that is neither a global option nor the value of one. */
    static String commandName(String[] args) {
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--")) {
                return i + 1 < args.length ? args[i + 1] : null;
            }
            if (!a.startsWith("-")) {
                return a;
            }
            String option = a.replaceFirst("^--?", "");
            if (!option.contains("=") && GLOBALS_WITH_VALUE.contains(option)) {
                i++;
            }
        }
        return null;
    }
}
