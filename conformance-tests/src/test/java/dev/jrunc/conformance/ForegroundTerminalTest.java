package dev.jrunc.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
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
 * Foreground {@code run} and {@code exec -t} with a terminal and no console socket: the runtime
 * is the terminal. The caller's side is a real pty made by a python3 driver (tty-driver.py),
 * which runs the runtime on the slave as an interactive shell would, types through the master,
 * resizes it and checks that the caller's termios come back as they were.
 */
class ForegroundTerminalTest extends ConformanceTest {
    /** Prints the size, reads a line, prints the size again and the line, exits 3. */
    private static final String SCRIPT = "stty size; read x; stty size; echo \"got:$x\"; exit 3";

    private JsonNode drive(List<String> runtimeArgs) throws Exception {
        Path script = testDir.resolve("tty-driver.py");
        if (!Files.exists(script)) {
            try (InputStream in = ForegroundTerminalTest.class.getResourceAsStream("tty-driver.py")) {
                Files.copy(in, script);
            }
        }
        Path out = testDir.resolve("tty-driver-" + System.nanoTime() + ".json");
        List<String> argv = new ArrayList<>(List.of(ConsoleSocketTest.python().toString(), script.toString(),
                out.toString(), "33", "111", "44", "122", "--"));
        argv.addAll(rt.argv(runtimeArgs));
        Process driver = helper(argv.toArray(new String[0]));
        assertTrue(driver.waitFor(90, TimeUnit.SECONDS), "the pty driver finished");
        assertEquals(0, driver.exitValue(), "driver failed: " + log());
        return Bundle.JSON.readTree(out.toFile());
    }

    private String log() throws IOException {
        StringBuilder all = new StringBuilder();
        try (var files = Files.list(testDir)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("helper-")).toList()) {
                all.append(Files.readString(p));
            }
        }
        return all.toString();
    }

    private static void assertTerminalSession(JsonNode r) {
        String transcript = r.path("transcript").asText();
        assertTrue(r.path("first_size_seen").asBoolean(), "the caller's window size reached the pty at start: " + r);
        assertTrue(r.path("raw_during").asBoolean(), "the caller's terminal is raw while the container runs: " + r);
        assertTrue(transcript.contains("hello\r\n"), "the typed line was echoed by the container's pty: " + r);
        assertTrue(transcript.contains("44 122\r\n"), "SIGWINCH resized the container's pty: " + r);
        assertTrue(transcript.contains("got:hello\r\n"), "the typed line reached the container: " + r);
        assertEquals(3, r.path("exit").asInt(-1), "the container's exit code: " + r);
        assertTrue(r.path("restored").asBoolean(), "the caller's termios are restored after exit: " + r);
    }

    @Test
    void foregroundRunIsTheCallersTerminal() throws Exception {
        Bundle b = newBundle().args("sh", "-c", SCRIPT);
        b.process().put("terminal", true);
        b.write();
        String id = newId();
        assertTerminalSession(drive(List.of("run", "--bundle", b.dir().toString(), id)));
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(5)), "run removed the container");
    }

    @Test
    void foregroundExecTtyIsTheCallersTerminal() throws Exception {
        Bundle b = newBundle().args("sleep", "1000");
        b.write();
        String id = newId();
        rt.ok("run", "-d", "--bundle", b.dir().toString(), id);
        awaitStatus(id, "running", Duration.ofSeconds(10));
        assertTerminalSession(drive(List.of("exec", "-t", id, "sh", "-c", SCRIPT)));
        assertEquals("running", status(id), "the container outlives its exec");
    }

    /** runc 1.1 refuses this ("open /dev/tty"); the spec's consoleSize is what applies then. */
    @Test
    @Tag(Tags.RUNC_1_1_FAILS)
    void withoutACallerTerminalConsoleSizeAppliesAndOutputIsRelayed() {
        Bundle b = newBundle().args("sh", "-c", "stty size; tty; exit 5");
        b.process().put("terminal", true);
        b.process().putObject("consoleSize").put("height", 12).put("width", 34);
        Result r = runForeground(b, newId());
        assertEquals(5, r.exit(), r.describe());
        assertTrue(r.stdout().startsWith("12 34\r\n"), r.describe());
        assertTrue(r.stdout().matches("(?s).*/dev/pts/\\d+\r\n"), r.describe());
        assertEquals(List.of(), awaitNoLeftovers(Duration.ofSeconds(5)));
    }
}
