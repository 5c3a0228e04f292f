package dev.jrunc.cli;

import picocli.CommandLine.Model.CommandSpec;

/** The options create and run share. */
record CreateOptions(String bundle, String consoleSocket, String pidfdSocket, String pidFile, boolean noPivot,
        boolean noNewKeyring, int preserveFds) {
    static void addTo(CommandSpec spec) {
        spec.addOption(Specs.value("<dir>", "path to the root of the bundle directory, defaults to the current directory", "-b", "--bundle"));
        spec.addOption(Specs.value("<path>", "path to an AF_UNIX socket which will receive a file descriptor referencing the master end of the console's pseudoterminal", "--console-socket"));
        spec.addOption(Specs.value("<path>", "path to an AF_UNIX socket which will receive a file descriptor referencing the init process", "--pidfd-socket"));
        spec.addOption(Specs.value("<path>", "specify the file to write the process id to", "--pid-file"));
        spec.addOption(Specs.flag("<noPivot>", "do not use pivot root to jail process inside rootfs", "--no-pivot"));
        spec.addOption(Specs.flag("<noNewKeyring>", "do not create a new session keyring for the container", "--no-new-keyring"));
        spec.addOption(Specs.number("<n>", "pass N additional file descriptors to the container (stdio + $LISTEN_FDS + N in total)", "--preserve-fds"));
    }

    static CreateOptions read(Invocation in) {
        return new CreateOptions(in.value("--bundle", null), in.value("--console-socket", null),
                in.value("--pidfd-socket", null), in.value("--pid-file", null), in.flag("--no-pivot"),
                in.flag("--no-new-keyring"), in.number("--preserve-fds", 0));
    }
}
