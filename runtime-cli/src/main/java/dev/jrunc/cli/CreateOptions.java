package dev.jrunc.cli;

import picocli.CommandLine.Option;

/** The options create and run share. */
final class CreateOptions {
    @Option(names = {"-b", "--bundle"}, paramLabel = "<dir>", description = "path to the root of the bundle directory, defaults to the current directory")
    String bundle;

    @Option(names = "--console-socket", paramLabel = "<path>", description = "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the console's pseudoterminal")
    String consoleSocket;

    @Option(names = "--pidfd-socket", paramLabel = "<path>", description = "path to an AF_UNIX socket which will receive a file descriptor referencing the init process")
    String pidfdSocket;

    @Option(names = "--pid-file", paramLabel = "<path>", description = "specify the file to write the process id to")
    String pidFile;

    @Option(names = "--no-pivot", arity = "0..1", description = "do not use pivot root to jail process inside rootfs")
    boolean noPivot;

    @Option(names = "--no-new-keyring", arity = "0..1", description = "do not create a new session keyring for the container")
    boolean noNewKeyring;

    @Option(names = "--preserve-fds", paramLabel = "<n>", description = "pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total)")
    int preserveFds;
}
