package dev.jrunc.cli;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * jrunc-init reports the failures of the commands handed off to it (start, kill, delete) in
 * runc's log format; its lines must be the bytes RuntimeLog writes.
 */
class RuntimeLogFormatTest {
    private static final Path INIT = Path.of("../native-linux/target/native/jrunc-init");
    private static final String TIME = "2026-01-02T03:04:05Z";
    private static final List<String> MESSAGES = List.of(
            "container not running",
            "plain-word_1.2/x@y^z+w",
            "exec fifo is empty: container init did not signal execve readiness",
            "quote \" backslash \\ newline \n tab \t cr \r",
            "html <b> & </b>",
            "control \u0001 \u001f del \u007f",
            "",
            "unicode é → ✓ 日本");

    @Test
    void jruncInitWritesTheSameLinesAsRuntimeLog() throws Exception {
        assertTrue(Files.isExecutable(INIT), "build native-linux first: " + INIT.toAbsolutePath());
        for (boolean json : new boolean[] {true, false}) {
            for (String message : MESSAGES) {
                // The text format quotes any non-ASCII message in C (documented in log.c).
                if (!json && message.chars().anyMatch(c -> c > 0x7f)) {
                    continue;
                }
                String expected = RuntimeLog.line(json, "error", message, TIME) + "\n";
                assertEquals(expected, cLine(json, message), (json ? "json: " : "text: ") + message);
            }
        }
    }

    private static String cLine(boolean json, String message) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(INIT.toString(), "log-line", "--log-format", json ? "json" : "text",
                "--level", "error", "--time", TIME, message).redirectErrorStream(true).start();
        byte[] out = p.getInputStream().readAllBytes();
        assertEquals(0, p.waitFor(), new String(out, StandardCharsets.UTF_8));
        return new String(out, StandardCharsets.UTF_8);
    }
}
