package dev.jrunc.cli;

import dev.jrunc.core.JruncException;
import dev.jrunc.core.lifecycle.ExecRequest;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code exec}'s command line: runc's flags, Go syntax, parsing stops at the container id. */
class ExecCommandTest {
    @TempDir
    Path tmp;

    @BeforeAll
    static void home() {
        System.setProperty("jrunc.home", "/nonexistent-jrunc-home");
    }

    private static ExecRequest parse(String... args) {
        PrintStream devnull = new PrintStream(PrintStream.nullOutputStream());
        JruncCommand jrunc = new JruncCommand(devnull, devnull);
        CommandLine root = new CommandLine(jrunc.spec());
        Subcommands.register(root, args);
        ParseResult parsed = root.parseArgs(GoFlagSyntax.normalize(root, args));
        return ExecCommand.request(new Invocation(jrunc, parsed.subcommand()));
    }

    @Test
    void everyFlagLandsInTheRequest() {
        ExecRequest r = parse("exec", "--cwd", "/w", "-e", "A=1", "--env=B=2", "-t", "-u", "1:2", "-g", "5",
                "--additional-gids", "6", "--process-label", "l", "--apparmor", "p", "--no-new-privs", "-c", "CAP_KILL",
                "--cap", "CAP_CHOWN", "--preserve-fds", "2", "--cgroup", "pids:s", "--cgroup", "memory:m",
                "--ignore-paused", "-d", "--pid-file", "/run/x.pid", "--console-socket", "/run/c.sock",
                "--pidfd-socket", "/run/p.sock", "ctr", "sh", "-c", "echo hi");
        assertEquals("ctr", r.id());
        assertEquals(List.of("sh", "-c", "echo hi"), r.args());
        assertEquals("/w", r.cwd());
        assertEquals(List.of("A=1", "B=2"), r.env());
        assertTrue(r.tty());
        assertEquals("1:2", r.user());
        assertEquals(List.of(5L, 6L), r.additionalGids());
        assertEquals("l", r.processLabel());
        assertEquals("p", r.apparmor());
        assertEquals(Boolean.TRUE, r.noNewPrivs());
        assertEquals(List.of("CAP_KILL", "CAP_CHOWN"), r.caps());
        assertEquals(2, r.preserveFds());
        assertEquals(List.of("pids:s", "memory:m"), r.cgroup());
        assertTrue(r.ignorePaused());
        assertTrue(r.detach());
        assertEquals(Path.of("/run/x.pid"), r.pidFile());
        assertEquals(Path.of("/run/c.sock"), r.consoleSocket());
        assertEquals(Path.of("/run/p.sock"), r.pidfdSocket());
        assertNull(r.processFile());
    }

    @Test
    void optionsAfterTheIdBelongToTheCommand() {
        ExecRequest r = parse("exec", "-d", "ctr", "ls", "-la", "--cwd", "/x", "-e", "Y=1");
        assertEquals(List.of("ls", "-la", "--cwd", "/x", "-e", "Y=1"), r.args());
        assertNull(r.cwd());
        assertEquals(List.of(), r.env());
    }

    @Test
    void goStyleSingleDashLongFlags() {
        ExecRequest r = parse("exec", "-detach", "-pid-file=/p", "-no-new-privs=false", "ctr", "true");
        assertTrue(r.detach());
        assertEquals(Path.of("/p"), r.pidFile());
        assertEquals(Boolean.FALSE, r.noNewPrivs());
    }

    @Test
    void noNewPrivsIsNullWhenNotGivenAndPathsAreMadeAbsolute() {
        ExecRequest r = parse("exec", "--pid-file", "rel.pid", "-p", "proc.json", "ctr");
        assertNull(r.noNewPrivs());
        assertTrue(r.pidFile().isAbsolute());
        assertEquals(Path.of("proc.json").toAbsolutePath(), r.processFile());
        assertEquals(List.of(), r.args());
    }

    @Test
    void aCommandIsRequiredWithoutAProcessFile() {
        assertEquals("args must not be empty", assertThrows(JruncException.class, () -> parse("exec", "ctr")).getMessage());
        assertThrows(JruncException.class, () -> parse("exec", "--preserve-fds", "-1", "ctr", "true"));
    }

    @Test
    void failuresExit255WithExecFailed() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true), new PrintStream(err, true))
                .run(new String[] {"--root", tmp.toString(), "exec", "nosuch", "true"});
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(255, code);
        assertTrue(stderr.contains("exec failed: container does not exist"), stderr);
        assertEquals(1, stderr.lines().count(), stderr);
        assertFalse(stderr.contains("exec failed: exec failed"), stderr);
    }
}
