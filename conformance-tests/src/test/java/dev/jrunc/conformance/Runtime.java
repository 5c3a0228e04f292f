package dev.jrunc.conformance;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The runtime binary under test, always called with its own {@code --root}. The binary is the
 * {@code jrunc.binary} system property (surefire passes it; {@code -Djrunc.binary=/usr/sbin/runc}
 * validates the suite against runc), by default the packaged {@code runtime-cli/target/jrunc/bin/jrunc}.
 */
public final class Runtime {
    public static final Duration TIMEOUT = Duration.ofSeconds(60);

    private final Path binary;
    private final Path root;
    private final Path ioDir;
    private final AtomicInteger seq = new AtomicInteger();

    public Runtime(Path binary, Path root, Path ioDir) {
        this.binary = binary;
        this.root = root;
        this.ioDir = ioDir;
        try {
            Files.createDirectories(ioDir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The binary named by {@code -Djrunc.binary}, else the packaged jrunc in the repo. */
    public static Path binaryUnderTest() {
        String p = System.getProperty("jrunc.binary");
        if (p == null || p.isBlank()) {
            String repo = System.getProperty("jrunc.repo", "..");
            return Path.of(repo, "runtime-cli", "target", "jrunc", "bin", "jrunc").toAbsolutePath().normalize();
        }
        return Path.of(p).toAbsolutePath().normalize();
    }

    public Path binary() {
        return binary;
    }

    /** The {@code --root} state directory this runtime instance uses. */
    public Path root() {
        return root;
    }

    /** Argv with the global options in front: {@code <binary> --root <root> args...}. */
    public List<String> argv(List<String> args) {
        List<String> argv = new ArrayList<>();
        argv.add(binary.toString());
        argv.add("--root");
        argv.add(root.toString());
        argv.addAll(args);
        return argv;
    }

    /** Runs a command to completion (60 s at most). */
    public Result exec(String... args) {
        return spawn(List.of(args), null).await(TIMEOUT);
    }

    /** Runs a command to completion with the given working directory. */
    public Result execIn(Path cwd, String... args) {
        return spawn(List.of(args), cwd).await(TIMEOUT);
    }

    /** Runs a command and fails unless it exits 0. */
    public Result ok(String... args) {
        Result r = exec(args);
        if (r.exit() != 0) {
            throw new AssertionError("expected exit 0\n" + r.describe());
        }
        return r;
    }

    /** Starts a command without waiting; stdin is /dev/null. */
    public Invocation spawn(List<String> args, Path cwd) {
        return spawnRaw(argv(args), cwd);
    }

    /** Starts any command line with stdout/stderr captured to files next to the runtime's. */
    public Invocation spawnRaw(List<String> argv, Path cwd) {
        int n = seq.incrementAndGet();
        String name = String.format("%03d-%s", n, argv.size() > 3 ? argv.get(3).replaceAll("[^a-zA-Z0-9]", "") : "cmd");
        Path out = ioDir.resolve(name + ".out");
        Path err = ioDir.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder(argv)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile())
                .redirectError(err.toFile());
        if (cwd != null) {
            pb.directory(cwd.toFile());
        }
        try {
            return new Invocation(argv, pb.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start " + argv, e);
        }
    }
}
