package dev.jrunc.conformance;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/** The outcome of one runtime invocation: argv, exit status and everything it printed. */
public record Result(List<String> argv, int exit, String stdout, String stderr, Path stdoutFile) {

    /** Non-empty lines of stderr. */
    public List<String> stderrLines() {
        return Arrays.stream(stderr.split("\n")).filter(l -> !l.isBlank()).toList();
    }

    /** Stdout lines, trailing empty line dropped. */
    public List<String> stdoutLines() {
        return stdout.isEmpty() ? List.of() : Arrays.asList(stdout.split("\n"));
    }

    /** A multi-line description for assertion messages. */
    public String describe() {
        return "command: " + String.join(" ", argv) + "\nexit: " + exit
                + "\n--- stdout ---\n" + stdout + "\n--- stderr ---\n" + stderr;
    }
}
