package dev.jrunc.cli;

import java.io.PrintStream;

/** Entry point of the jrunc launcher. */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        PrintStream out = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.out), false);
        PrintStream err = new PrintStream(new java.io.FileOutputStream(java.io.FileDescriptor.err), true);
        int code = new Cli(out, err).run(args);
        out.flush();
        err.flush();
        // halt, not exit: Runtime.exit reports itself to System.Logger, which boots the JDK's
        // logging machinery (two dozen classes) in every command for nothing. Nothing here
        // relies on shutdown hooks once a command has returned (ForegroundRunner cleans up
        // itself); a signal still runs them, as exit would.
        Runtime.getRuntime().halt(code);
    }
}
