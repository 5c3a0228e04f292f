package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * NOTIFY_SOCKET proxying as runc: the container gets its own socket at
 * /run/notify/notify.sock; {@code start} (and {@code run -d}) returns only once the container
 * sent READY=1 (passed on to the caller's socket, followed by MAINPID=the init's pid) or its
 * init died; a foreground {@code run} passes READY=1 on with MAINPID=its own pid. The container
 * notifies with a small static C program (notify-send.c, busybox has no sd_notify), the
 * caller's socket is a python3 listener. Debian's runc 1.1 fails these (it cannot reach the
 * caller's socket from start), hence the tag.
 */
@Tag(Tags.RUNC_1_1_FAILS)
class NotifySocketTest extends ConformanceTest {
    private Path hostSocket;

    /** A bundle whose rootfs holds /notify (notify-send.c, compiled static) and runs script. */
    private Bundle notifyingBundle(String script) throws Exception {
        Bundle b = newBundle().args("sh", "-c", script);
        Path source = testDir.resolve("notify-send.c");
        if (!Files.exists(source)) {
            try (InputStream in = NotifySocketTest.class.getResourceAsStream("notify-send.c")) {
                Files.copy(in, source);
            }
        }
        Result cc = rt.spawnRaw(List.of("cc", "-static", "-O2", "-o", b.rootfs().resolve("notify").toString(),
                source.toString()), null).await(Runtime.TIMEOUT);
        assertEquals(0, cc.exit(), "compile notify-send.c (needs gcc and libc6-dev): " + cc.describe());
        b.write();
        return b;
    }

    /** The caller's NOTIFY_SOCKET: prints each datagram received, stops after two or on a quiet timeout. */
    private Process listener(int timeoutSeconds) throws IOException {
        hostSocket = testDir.resolve("host-notify.sock");
        Path script = testDir.resolve("notify-listener.py");
        Files.writeString(script, String.join("\n",
                "import socket, sys",
                "s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)",
                "s.bind(sys.argv[1])",
                "s.settimeout(float(sys.argv[2]))",
                "try:",
                "    for _ in range(2):",
                "        print(repr(s.recv(4096).decode()), flush=True)",
                "except socket.timeout:",
                "    print('timeout', flush=True)",
                ""));
        Process p = pythonHelper(hostSocket, "listener did not start", script.toString(), hostSocket.toString(),
                Integer.toString(timeoutSeconds));
        return p;
    }

    private List<String> heard(Process listener) throws Exception {
        assertTrue(listener.waitFor(30, TimeUnit.SECONDS), "listener finished");
        return Files.readAllLines(testDir.resolve("helper-0.log"));
    }

    /** The runtime with NOTIFY_SOCKET set (env execs it, so the pid is the runtime's). */
    private Invocation notified(String... args) {
        List<String> argv = new ArrayList<>(List.of("/usr/bin/env", "NOTIFY_SOCKET=" + hostSocket));
        argv.addAll(rt.argv(List.of(args)));
        return rt.spawnRaw(argv, null);
    }

    @Test
    void startReturnsOnceTheContainerIsReady() throws Exception {
        Process listener = listener(20);
        Bundle b = notifyingBundle("sleep 1; /notify READY=1; sleep 1000");
        String id = newId();
        Result created = notified("create", "--bundle", b.dir().toString(), id).await(Runtime.TIMEOUT);
        assertEquals(0, created.exit(), created.describe());
        long pid = state(id).get("pid").asLong();
        long t0 = System.nanoTime();
        Result started = notified("start", id).await(Runtime.TIMEOUT);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, started.exit(), started.describe());
        assertTrue(millis >= 900, "start waited for READY=1 (sent after 1 s), returned after " + millis + " ms");
        assertEquals(List.of("'READY=1\\n'", "'MAINPID=" + pid + "\\n'"), heard(listener));
        assertEquals("running", status(id));
    }

    @Test
    void startReturnsWhenTheInitDiesWithoutReady() throws Exception {
        Process listener = listener(4);
        Bundle b = notifyingBundle("sleep 1; exit 0");
        String id = newId();
        assertEquals(0, notified("create", "--bundle", b.dir().toString(), id).await(Runtime.TIMEOUT).exit());
        Result started = notified("start", id).await(Runtime.TIMEOUT);
        assertEquals(0, started.exit(), started.describe());
        awaitStatus(id, "stopped", Duration.ofSeconds(5));
        assertEquals(List.of("timeout"), heard(listener), "nothing was passed on");
        rt.ok("delete", id);
    }

    @Test
    void detachedRunWaitsForReady() throws Exception {
        Process listener = listener(20);
        Bundle b = notifyingBundle("sleep 1; /notify READY=1; sleep 1000");
        String id = newId();
        long t0 = System.nanoTime();
        Result run = notified("run", "-d", "--bundle", b.dir().toString(), id).await(Runtime.TIMEOUT);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        assertEquals(0, run.exit(), run.describe());
        assertTrue(millis >= 900, "run -d waited for READY=1, returned after " + millis + " ms");
        assertEquals(List.of("'READY=1\\n'", "'MAINPID=" + state(id).get("pid").asLong() + "\\n'"), heard(listener));
    }

    @Test
    void foregroundRunPassesReadyOnAsTheMainPid() throws Exception {
        Process listener = listener(20);
        Bundle b = notifyingBundle("/notify READY=1; exit 4");
        Invocation run = notified("run", "--bundle", b.dir().toString(), newId());
        Result r = run.await(Runtime.TIMEOUT);
        assertEquals(4, r.exit(), r.describe());
        assertTrue(r.stdout().contains("notified READY=1 via /run/notify/notify.sock"), r.describe());
        assertEquals(List.of("'READY=1\\n'", "'MAINPID=" + run.pid() + "\\n'"), heard(listener));
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(5)));
    }
}
