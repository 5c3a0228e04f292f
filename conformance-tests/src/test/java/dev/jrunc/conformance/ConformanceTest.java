package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * Base of every conformance test: a private temp dir (bundles, --root, captured io), unique
 * container ids, and a tear-down that always runs. The tear-down first lets the runtime clean
 * up ({@code delete --force} of every id), records whatever the runtime left behind
 * (processes, mounts under the test dir, cgroup dirs named after an id, state dirs), then
 * removes it by force, and finally fails the test if the runtime had left anything.
 */
public abstract class ConformanceTest {
    private static final SecureRandom RANDOM = new SecureRandom();

    protected Path testDir;
    protected Runtime rt;
    private final List<String> ids = new ArrayList<>();
    private final List<Process> helpers = new ArrayList<>();
    private final List<Path> hostMounts = new ArrayList<>();
    private int bundles;

    @BeforeEach
    void setUpConformance(TestInfo info) throws IOException {
        Assumptions.assumeTrue(Host.isRoot(), "conformance tests need root (the CI script fails on this skip)");
        Path binary = Runtime.binaryUnderTest();
        if (!Files.isExecutable(binary)) {
            fail("runtime binary under test is missing or not executable: " + binary
                    + " (build runtime-cli, or pass -Djrunc.binary=...)");
        }
        testDir = Files.createTempDirectory(Path.of("/tmp"), "jrunc-ct-");
        Host.chmod(testDir, "rwxr-xr-x");
        rt = new Runtime(binary, testDir.resolve("root"), testDir.resolve("io"));
    }

    /** A fresh container id, unique on the machine; registered for clean-up. */
    protected String newId() {
        String id = "jrunc-ct-" + HexFormat.of().formatHex(RANDOM.generateSeed(5));
        ids.add(id);
        return id;
    }

    /** Registers an id created by other means (e.g. a deliberately bad one) for clean-up. */
    protected void track(String id) {
        ids.add(id);
    }

    /** A new bundle in the test dir (config not yet written). */
    protected Bundle newBundle() {
        return Bundle.create(testDir.resolve("bundle" + (++bundles)));
    }

    /** A helper process (e.g. {@code unshare ... sleep}) killed at tear-down. */
    protected Process helper(String... argv) {
        try {
            Process p = new ProcessBuilder(argv).redirectErrorStream(true)
                    .redirectOutput(testDir.resolve("helper-" + helpers.size() + ".log").toFile()).start();
            helpers.add(p);
            return p;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A python3 helper (its script and arguments in {@code args}), returned once it is ready:
     * once {@code ready} (its socket or marker file) exists; else the test fails with {@code failure}.
     */
    protected Process pythonHelper(Path ready, String failure, String... args) {
        String[] argv = new String[args.length + 1];
        argv[0] = ConsoleSocketTest.python().toString();
        System.arraycopy(args, 0, argv, 1, args.length);
        Process p = helper(argv);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!Files.exists(ready) && p.isAlive() && System.nanoTime() < deadline) {
            Host.sleep(20);
        }
        assertTrue(Files.exists(ready), failure);
        return p;
    }

    /** A mount the test made on the host under the test dir; unmounted before the leak check. */
    protected void hostMount(Path p) {
        hostMounts.add(p);
    }

    /** {@code state <id>}, must succeed; parsed. */
    protected JsonNode state(String id) {
        Result r = rt.ok("state", id);
        try {
            return Bundle.JSON.readTree(r.stdout());
        } catch (IOException e) {
            throw new AssertionError("state output is not JSON\n" + r.describe(), e);
        }
    }

    protected String status(String id) {
        return state(id).path("status").asText();
    }

    /** Polls {@code state} until the status is {@code want}. */
    protected JsonNode awaitStatus(String id, String want, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        JsonNode s = state(id);
        while (!want.equals(s.path("status").asText()) && System.nanoTime() < deadline) {
            Host.sleep(50);
            s = state(id);
        }
        assertEquals(want, s.path("status").asText(), "status of " + id + " after " + timeout + ": " + s);
        return s;
    }

    /** Writes the bundle and runs {@code run --bundle <dir> <id>} in the foreground. */
    protected Result runForeground(Bundle b, String id) {
        b.write();
        return rt.exec("run", "--bundle", b.dir().toString(), id);
    }

    /** Runs the bundle in the foreground and requires exit 0; returns the container's stdout. */
    protected String output(Bundle b) {
        Result r = runForeground(b, newId());
        if (r.exit() != 0) {
            throw new AssertionError("container failed\n" + r.describe());
        }
        return r.stdout();
    }

    /** Leftovers that mention this test: live processes, mounts, cgroup dirs, state dirs. */
    protected List<String> leftovers() {
        List<String> left = new ArrayList<>();
        String dir = testDir.toString();
        Host.processesMentioning(dir, ids).forEach((pid, what) -> left.add("process " + pid + ": " + what));
        Host.mountsMentioning(dir).forEach(m -> left.add("mount " + m));
        Host.cgroupDirsMentioning(ids).forEach(c -> left.add("cgroup " + c));
        Path root = rt.root();
        if (Files.isDirectory(root)) {
            try (Stream<Path> s = Files.list(root)) {
                // @seccomp is jrunc's cache of compiled filters, shared by containers, not one's state.
                s.filter(p -> !p.getFileName().toString().equals("@seccomp")).forEach(p -> left.add("state dir " + p));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return left;
    }

    /** Polls until nothing is left (processes may need a moment to be reaped). */
    protected List<String> awaitNoLeftovers(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        List<String> left = leftovers();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Host.sleep(100);
            left = leftovers();
        }
        return left;
    }

    @AfterEach
    void tearDownConformance() {
        if (testDir == null) {
            return;
        }
        for (String id : ids) {
            try {
                rt.exec("delete", "--force", id);
            } catch (AssertionError | RuntimeException e) {
                // a hung delete is reported by the leak check below
            }
        }
        for (Process p : helpers) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (Path m : hostMounts.reversed()) {
            Host.command(List.of("umount", "-l", m.toString()));
        }
        List<String> leftByRuntime = awaitNoLeftovers(Duration.ofSeconds(5));

        // Force everything away, whatever the runtime did.
        Host.processesMentioning(testDir.toString(), ids).keySet()
                .forEach(pid -> ProcessHandle.of(pid).ifPresent(ProcessHandle::destroyForcibly));
        Host.sleep(leftByRuntime.isEmpty() ? 0 : 300);
        Host.unmountAll(testDir.toString());
        for (int round = 0; round < 20; round++) {
            List<Path> cg = new ArrayList<>(Host.cgroupDirsMentioning(ids));
            if (cg.isEmpty()) {
                break;
            }
            cg.sort((a, b) -> b.getNameCount() - a.getNameCount());
            for (Path c : cg) {
                try {
                    Files.deleteIfExists(c);
                } catch (IOException ignored) {
                    // busy: retried
                }
            }
            Host.sleep(100);
        }
        List<String> stillLeft = leftovers().stream().filter(l -> !l.startsWith("state dir")).toList();
        if (stillLeft.isEmpty()) {
            Host.deleteTree(testDir);
        }
        if (!stillLeft.isEmpty()) {
            fail("could not clean up after the test (" + testDir + "):\n  " + String.join("\n  ", stillLeft));
        }
        if (!leftByRuntime.isEmpty()) {
            fail("left behind after the test and delete --force of " + ids + ":\n  "
                    + String.join("\n  ", leftByRuntime));
        }
    }

    /** Map view for assertion messages. */
    protected static String describe(Map<?, ?> m) {
        return m.toString();
    }
}
