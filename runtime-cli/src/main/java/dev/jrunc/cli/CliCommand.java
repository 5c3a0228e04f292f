package dev.jrunc.cli;

import picocli.CommandLine.Model.CommandSpec;

/**
 * One jrunc command: its picocli model, built by hand, and what it does. The model is built
 * programmatically because picocli's annotation model (reflection, annotation proxies) costs
 * about 100 ms of interpreted work in every fresh JVM.
 */
interface CliCommand {
    /** A fresh model whose user object is this command, so picocli hands it back to Cli. */
    CommandSpec spec();

    void run(Invocation invocation);
}
