package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** {@code run}: foreground exit-code passthrough, signals, {@code --detach}, {@code --keep}. */
class RunTest extends ConformanceTest {

    @ParameterizedTest
    @CsvSource({"exit 0, 0", "exit 7, 7", "exit 255, 255", "false, 1"})
    void foregroundRunReturnsTheProcessExitCode(String script, int code) {
        Bundle b = newBundle().sh(script);
        String id = newId();
        Result r = runForeground(b, id);
        assertEquals(code, r.exit(), r.describe());
        Result s = rt.exec("state", id);
        assertTrue(s.exit() != 0 && s.stderr().contains("container does not exist"),
                "foreground run deletes the container\n" + s.describe());
    }

    @Test
    void foregroundRunRelaysStdoutAndStderr() {
        Bundle b = newBundle().sh("echo to-out; echo to-err >&2");
        Result r = runForeground(b, newId());
        assertEquals(0, r.exit(), r.describe());
        assertEquals("to-out\n", r.stdout());
        assertTrue(r.stderr().contains("to-err"), r.describe());
    }

    @Test
    void processKilledBySignalGives128PlusSignal() {
        Bundle b = newBundle().args("sleep", "1000").write();
        String id = newId();
        Invocation run = rt.spawn(List.of("run", "--bundle", b.dir().toString(), id), null);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!"running".equals(rt.exec("state", id).exit() == 0 ? status(id) : "")) {
            if (System.nanoTime() > deadline || !run.process().isAlive()) {
                throw new AssertionError("container never ran: " + run.stderrSoFar());
            }
            Host.sleep(50);
        }
        rt.ok("kill", id, "KILL");
        Result r = run.await(Duration.ofSeconds(30));
        assertEquals(128 + 9, r.exit(), r.describe());
    }

    @Test
    void selfSignalledProcessWithoutPidNamespaceGives143() {
        // Without a private pid namespace the shell is not an init and can die of its own SIGTERM.
        Bundle b = newBundle().withoutNamespace("pid").sh("kill -TERM $$; sleep 5");
        Result r = runForeground(b, newId());
        assertEquals(128 + 15, r.exit(), r.describe());
    }

    @Test
    void foregroundRunForwardsSignalsToTheContainer() {
        Bundle b = newBundle().sh("trap 'echo got-TERM; exit 42' TERM; echo ready; while true; do sleep 0.05; done").write();
        String id = newId();
        Invocation run = rt.spawn(List.of("run", "--bundle", b.dir().toString(), id), null);
        run.awaitStdout("ready", Duration.ofSeconds(30));
        run.process().destroy(); // SIGTERM to the runtime process
        Result r = run.await(Duration.ofSeconds(30));
        assertEquals(42, r.exit(), "SIGTERM forwarded, container's exit code returned\n" + r.describe());
        assertTrue(r.stdout().contains("got-TERM"), r.describe());
    }

    @Test
    void detachedRunReturnsWhileContainerRuns() throws Exception {
        Path ctl = testDir.resolve("ctl");
        Files.createDirectories(ctl);
        Bundle b = newBundle();
        b.mkdirs("/ctl");
        b.mount("/ctl", "bind", ctl.toString(), "bind", "rw");
        b.sh("echo detached-out; while [ ! -e /ctl/go ]; do sleep 0.05; done").write();
        String id = newId();
        Path pidFile = testDir.resolve("run.pid");
        Result r = rt.exec("run", "-d", "--pid-file", pidFile.toString(), "--bundle", b.dir().toString(), id);
        assertEquals(0, r.exit(), r.describe());
        assertEquals("running", status(id));
        long pid = state(id).get("pid").asLong();
        assertEquals(Long.toString(pid), Files.readString(pidFile), "pid file of run -d");
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!Invocation.read(r.stdoutFile()).contains("detached-out") && System.nanoTime() < deadline) {
            Host.sleep(20);
        }
        assertTrue(Invocation.read(r.stdoutFile()).contains("detached-out"),
                "detached container writes to the stdout the runtime was given");
        Files.createFile(ctl.resolve("go"));
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
        rt.ok("delete", id);
    }

    @Test
    void keepLeavesAStoppedContainer() {
        Bundle b = newBundle().sh("exit 3");
        b.write();
        String id = newId();
        Result r = rt.exec("run", "--keep", "--bundle", b.dir().toString(), id);
        assertEquals(3, r.exit(), r.describe());
        var s = state(id);
        assertEquals("stopped", s.get("status").asText());
        assertEquals(0, s.get("pid").asLong());
        rt.ok("delete", id);
        assertFalse(Files.exists(rt.root().resolve(id)));
    }
}
