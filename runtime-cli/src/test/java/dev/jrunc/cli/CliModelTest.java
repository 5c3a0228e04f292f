package dev.jrunc.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.ParseResult;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The hand-built picocli model: the values each command reads back, in the spellings clients send. */
class CliModelTest {
    private static final PrintStream DEVNULL = new PrintStream(PrintStream.nullOutputStream());

    @BeforeAll
    static void home() {
        System.setProperty("jrunc.home", "/nonexistent-jrunc-home");
    }

    /** Parses as Cli does (Go syntax first) and returns the innermost command's invocation. */
    private static Invocation parse(String... args) {
        JruncCommand jrunc = new JruncCommand(DEVNULL, DEVNULL);
        CommandLine root = new CommandLine(jrunc.spec());
        Subcommands.register(root, args);
        ParseResult parsed = root.parseArgs(GoFlagSyntax.normalize(root, args));
        while (parsed.hasSubcommand()) {
            parsed = parsed.subcommand();
        }
        return new Invocation(jrunc, parsed);
    }

    @Test
    void globalFlagsTakeGoBooleanValues() {
        GlobalOptions g = parse("--debug=false", "-systemd-cgroup", "state", "x").globals();
        assertFalse(g.debug());
        assertTrue(g.systemdCgroup());
        GlobalOptions h = parse("-debug=true", "--systemd-cgroup=false", "state", "x").globals();
        assertTrue(h.debug());
        assertFalse(h.systemdCgroup());
    }

    @Test
    void globalDefaults() {
        GlobalOptions g = parse("state", "x").globals();
        assertEquals(GlobalOptions.DEFAULTS, g);
        GlobalOptions set = parse("-root", "/r", "--log=/l", "-log-format=json", "--rootless", "true", "list").globals();
        assertEquals(new GlobalOptions("/r", "/l", "json", false, false, "true"), set);
    }

    @Test
    void createAcceptsOneDashDetachAndOptionsAfterTheId() {
        Invocation in = parse("create", "-detach", "id", "--bundle", "/b", "-no-pivot=false", "--no-new-keyring",
                "-preserve-fds", "3", "--pid-file=/p", "--console-socket", "/c", "--pidfd-socket", "/s");
        assertEquals("id", in.positional(0, null));
        assertTrue(in.flag("--detach"));
        assertEquals(new CreateOptions("/b", "/c", "/s", "/p", false, true, 3), CreateOptions.read(in));
    }

    @Test
    void createDefaults() {
        Invocation in = parse("create", "id");
        assertFalse(in.flag("--detach"));
        assertEquals(new CreateOptions(null, null, null, null, false, false, 0), CreateOptions.read(in));
    }

    @Test
    void runFlags() {
        Invocation in = parse("run", "-no-subreaper", "-d=false", "--keep", "-b", "/b", "id");
        assertTrue(in.flag("--no-subreaper"));
        assertFalse(in.flag("--detach"));
        assertTrue(in.flag("--keep"));
        assertEquals("/b", CreateOptions.read(in).bundle());
        Invocation plain = parse("run", "id");
        assertFalse(plain.flag("--no-subreaper"));
        assertFalse(plain.flag("--keep"));
    }

    @Test
    void killSignalDefaultsToSigterm() {
        assertEquals("SIGTERM", parse("kill", "id").positional(1, "SIGTERM"));
        Invocation in = parse("kill", "-all=true", "id", "KILL");
        assertEquals("KILL", in.positional(1, "SIGTERM"));
        assertTrue(in.flag("--all"));
    }

    @Test
    void listAndSpecAndDeleteOptions() {
        Invocation list = parse("list", "-quiet=false", "-format", "json");
        assertFalse(list.flag("--quiet"));
        assertEquals("json", list.value("--format", "table"));
        assertEquals("table", parse("list").value("--format", "table"));
        Invocation spec = parse("spec", "-rootless", "-b", "/b");
        assertTrue(spec.flag("--rootless"));
        assertEquals("/b", spec.value("--bundle", null));
        assertTrue(parse("delete", "-force", "x").flag("--force"));
        assertFalse(parse("delete", "--force=false", "x").flag("--force"));
        assertNull(parse("spec").value("--bundle", null));
    }

    @Test
    void onlyTheNamedCommandIsRegistered() {
        CommandLine root = new CommandLine(new JruncCommand(DEVNULL, DEVNULL).spec());
        Subcommands.register(root, new String[] {"--root", "/r", "state", "x"});
        assertEquals(java.util.Set.of("state"), root.getSubcommands().keySet());
        CommandLine version = new CommandLine(new JruncCommand(DEVNULL, DEVNULL).spec());
        Subcommands.register(version, new String[] {"--version"});
        assertTrue(version.getSubcommands().isEmpty());
    }

    private static String[] run(int expected, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true), new PrintStream(err, true)).run(args);
        String[] result = {out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8)};
        assertEquals(expected, code, String.join("\n", result));
        return result;
    }

    @Test
    void badBooleanValueIsAUsageError() {
        // Worded as before the model was built by hand; the point here is the exit code and the flag named.
        String err = run(1, "--debug=maybe", "state", "x")[1];
        assertTrue(err.contains("-debug"), err);
    }

    @Test
    void noCommandPrintsRootUsageWithoutCommandList() {
        String out = run(0)[0];
        assertTrue(out.startsWith("Usage: jrunc [-hv]"), out);
        assertFalse(out.contains("Commands:"), out);
        assertTrue(run(0, "--help")[0].contains("Commands:"));
    }

    @Test
    void helpCommandAndShortHelp() {
        assertTrue(run(0, "help", "state")[0].startsWith("Usage: jrunc state [-h] <container-id>"));
        assertTrue(run(0, "kill", "-h")[0].startsWith("Usage: jrunc kill"));
        assertTrue(run(0, "-v")[0].startsWith("jrunc version "));
    }

    @Test
    void missingContainerIdIsAnArgumentCountError() {
        String[] r = run(1, "create", "-b", "/b");
        assertTrue(r[0].startsWith("Incorrect Usage."), r[0]);
        assertTrue(r[1].contains("create\\\" requires exactly 1 argument(s)"), r[1]);
        assertTrue(run(1, "kill")[1].contains("requires a minimum of 1 argument(s)"));
        assertTrue(run(1, "features", "x")[1].contains("requires exactly 0 argument(s)"));
    }
}
