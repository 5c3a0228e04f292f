package dev.jrunc.conformance;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A runtime process that may still be running. Its stdout and stderr go to files, never to
 * pipes: a detached container inherits the runtime's stdio, and a pipe would then never
 * reach EOF.
 */
public final class Invocation {
    private final List<String> argv;
    private final Process process;
    private final Path out;
    private final Path err;

    Invocation(List<String> argv, Process process, Path out, Path err) {
        this.argv = argv;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    public Process process() {
        return process;
    }

    public long pid() {
        return process.pid();
    }

    public Path stdoutFile() {
        return out;
    }

    public String stdoutSoFar() {
        return read(out);
    }

    public String stderrSoFar() {
        return read(err);
    }

    /** Waits for the process to exit; kills it and fails if it takes longer than {@code timeout}. */
    public Result await(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("timed out after " + timeout + ": " + String.join(" ", argv)
                        + "\n--- stdout ---\n" + stdoutSoFar() + "\n--- stderr ---\n" + stderrSoFar());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
        return new Result(argv, process.exitValue(), stdoutSoFar(), stderrSoFar(), out);
    }

    /** Polls stdout until it contains {@code marker}; fails after {@code timeout}. */
    public String awaitStdout(String marker, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            String s = stdoutSoFar();
            if (s.contains(marker)) {
                return s;
            }
            if (!process.isAlive() && !stdoutSoFar().contains(marker)) {
                throw new AssertionError("process exited (" + process.exitValue() + ") before printing '"
                        + marker + "': " + String.join(" ", argv) + "\n--- stdout ---\n" + stdoutSoFar()
                        + "\n--- stderr ---\n" + stderrSoFar());
            }
            Host.sleep(20);
        }
        throw new AssertionError("'" + marker + "' not printed within " + timeout + " by " + String.join(" ", argv)
                + "\n--- stdout ---\n" + stdoutSoFar() + "\n--- stderr ---\n" + stderrSoFar());
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
