package dev.jrunc.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Builders for the option shapes jrunc uses. Parameter labels are spelled as picocli derived
 * them from the former annotated fields ("<fieldName>"), so usage help stays byte for byte.
 */
final class Specs {
    private Specs() {
    }

    /** A command's model with -h/--help, as every command has (podman probes "checkpoint --help"). */
    static CommandSpec command(CliCommand self, String name, String description) {
        CommandSpec spec = CommandSpec.wrapWithoutInspection(self, PlainFactory.INSTANCE).name(name);
        spec.usageMessage().description(description);
        return spec.addOption(help());
    }

    static OptionSpec help() {
        return OptionSpec.builder("-h", "--help").usageHelp(true).type(boolean.class).description("show help").build();
    }

    /** A boolean that also takes "=true"/"=false", as Go's flag package accepts. */
    static OptionSpec flag(String label, String description, String... names) {
        return OptionSpec.builder(names).type(boolean.class).arity("0..1").paramLabel(label)
                .description(description).build();
    }

    static OptionSpec hiddenFlag(String label, String description, String... names) {
        return OptionSpec.builder(names).type(boolean.class).arity("0..1").paramLabel(label).hidden(true)
                .description(description).build();
    }

    static OptionSpec value(String label, String description, String... names) {
        return OptionSpec.builder(names).type(String.class).paramLabel(label).description(description).build();
    }

    static OptionSpec number(String label, String description, String... names) {
        return OptionSpec.builder(names).type(int.class).paramLabel(label).description(description).build();
    }

    /** Required, as picocli makes an annotated positional whose arity demands a value. */
    static PositionalParamSpec containerId() {
        return PositionalParamSpec.builder().index("0").arity("1").required(true).type(String.class)
                .paramLabel("<container-id>").build();
    }
}
