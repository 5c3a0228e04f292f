package dev.jrunc.cli;

import picocli.CommandLine.Option;

/** -h/--help on every command, exit 0 (podman probes "checkpoint --help"). */
final class HelpOption {
    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show help")
    boolean help;
}
