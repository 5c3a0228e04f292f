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
        System.exit(code);
    }
}
