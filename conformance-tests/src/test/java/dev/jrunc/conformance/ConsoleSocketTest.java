package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@code process.terminal: true} with {@code --console-socket}: the runtime must send a pty master
 * over the socket (SCM_RIGHTS); the container's shell must answer through it. The receiver is a
 * small python3 script because java.nio cannot receive file descriptors.
 */
class ConsoleSocketTest extends ConformanceTest {

    static Path python() {
        for (String p : List.of("/usr/bin/python3", "/usr/local/bin/python3")) {
            if (Files.isExecutable(Path.of(p))) {
                return Path.of(p);
            }
        }
        throw new AssertionError("python3 is needed for the console-socket receiver (.ci/run installs it)");
    }

    private Path receiverScript() throws IOException {
        Path script = testDir.resolve("console-receiver.py");
        try (InputStream in = ConsoleSocketTest.class.getResourceAsStream("console-receiver.py")) {
            Files.copy(in, script);
        }
        return script;
    }

    @Test
    void ptyMasterIsSentAndDrivesTheShell() throws Exception {
        Bundle b = newBundle().args("sh");
        b.process().put("terminal", true);
        b.process().putArray("env").add("PATH=/bin").add("TERM=dumb");
        b.write();
        Path sock = testDir.resolve("console.sock");
        String command = "tty; echo jrunc-tty-$((6*7))";
        Process recv = pythonHelper(sock, "receiver did not start", receiverScript().toString(), sock.toString(),
                command, "jrunc-tty-42");

        String id = newId();
        rt.ok("create", "--bundle", b.dir().toString(), "--console-socket", sock.toString(), id);
        assertEquals("created", status(id));
        rt.ok("start", id);
        assertTrue(recv.waitFor(40, TimeUnit.SECONDS), "receiver finished");
        String log = Files.readString(testDir.resolve("helper-0.log"));
        assertEquals(0, recv.exitValue(), "receiver failed:\n" + log);
        assertTrue(log.contains("received 1 fd(s)"), log);
        assertTrue(log.contains("pty master of /dev/pts/"), log);
        String transcript = log.substring(log.indexOf("BEGIN"));
        assertTrue(transcript.contains("echo jrunc-tty-$((6*7))"), "the pty echoes the typed command:\n" + transcript);
        assertTrue(transcript.contains("jrunc-tty-42\r\n"), "the shell ran it, output with tty line endings:\n" + transcript);
        assertTrue(transcript.matches("(?s).*/dev/pts/\\d+\r\n.*"), "stdin of the container is a pty:\n" + transcript);
        awaitStatus(id, "stopped", Duration.ofSeconds(20));
    }

    @Test
    void terminalWithDetachNeedsConsoleSocket() {
        Bundle b = newBundle().args("sh");
        b.process().put("terminal", true);
        b.write();
        String id = newId();
        Result r = rt.exec("run", "-d", "--bundle", b.dir().toString(), id);
        assertTrue(r.exit() != 0, r.describe());
        assertTrue(r.stderr().contains("console socket"), r.describe());
        assertEquals(List.of(), leftovers(), "nothing left after the refused run");
    }
}
