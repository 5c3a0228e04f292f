package dev.jrunc.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * jrunc's global options with their defaults. Read from the root model rather than from a
 * ParseResult: a usage error is reported in the log format given before it, when there is
 * no ParseResult yet but picocli has already stored the values it parsed.
 */
record GlobalOptions(String root, String log, String logFormat, boolean debug, boolean systemdCgroup,
        String rootless) {
    static final GlobalOptions DEFAULTS = new GlobalOptions(null, null, "text", false, false, "auto");

    static void addTo(CommandSpec spec) {
        spec.addOption(Specs.value("<dir>", "root directory for storage of container state", "--root"));
        spec.addOption(Specs.value("<file>", "set the log file to write jrunc logs to (default is stderr)", "--log"));
        spec.addOption(Specs.value("<text|json>", "set the log format ('text' (default), or 'json')", "--log-format"));
        spec.addOption(Specs.flag("<debug>", "enable debug logging", "--debug"));
        spec.addOption(Specs.flag("<systemdCgroup>",
                "enable systemd cgroup support, expects cgroupsPath to be of form \"slice:prefix:name\"",
                "--systemd-cgroup"));
        spec.addOption(Specs.value("<true|false|auto>", "ignore cgroup permission errors", "--rootless"));
        spec.addOption(OptionSpec.builder("--criu").type(String.class).paramLabel("<criu>").hidden(true)
                .description("ignored (removed in runc 1.4)").build());
    }

    static GlobalOptions read(CommandSpec spec) {
        if (spec == null) {
            return DEFAULTS;
        }
        return new GlobalOptions(string(spec, "--root", null), string(spec, "--log", null),
                string(spec, "--log-format", "text"), flag(spec, "--debug"), flag(spec, "--systemd-cgroup"),
                string(spec, "--rootless", "auto"));
    }

    private static String string(CommandSpec spec, String name, String otherwise) {
        Object value = spec.findOption(name).getValue();
        return value == null ? otherwise : (String) value;
    }

    private static boolean flag(CommandSpec spec, String name) {
        return Boolean.TRUE.equals(spec.findOption(name).getValue());
    }
}
