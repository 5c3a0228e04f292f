package dev.jrunc.cli;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line as clients use it: runc's words, exit codes and output shapes. */
class CliTest {
    @TempDir
    Path tmp;

    record Result(int code, String out, String err) {
    }

    @BeforeAll
    static void home() {
        System.setProperty("jrunc.home", "/nonexistent-jrunc-home");
    }

    private Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = new Cli(new PrintStream(out, true), new PrintStream(err, true)).run(args);
        return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void versionFirstLineIsWhatGoRuncParses() {
        Result r = run("--version");
        assertEquals(0, r.code());
        assertTrue(r.out().startsWith("jrunc version "), r.out());
        assertTrue(r.out().contains("\nspec: 1.3.0"), r.out());
    }

    @Test
    void unknownFlagIsGoWorded() {
        Result r = run("--root", tmp.toString(), "state", "--bogus", "x");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("flag provided but not defined: -bogus"), r.err());
    }

    @Test
    void missingFlagValueSaysFlagNeedsAnArgument() {
        Result r = run("--root");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("flag needs an argument"), r.err());
    }

    @Test
    void unknownCommandExits3() {
        Result r = run("frobnicate");
        assertEquals(3, r.code());
        assertTrue(r.err().contains("No help topic for 'frobnicate'"), r.err());
    }

    @Test
    void wrongArgumentCountIsUsageError() {
        Result r = run("--root", tmp.toString(), "state");
        assertEquals(1, r.code());
        assertTrue(r.out().startsWith("Incorrect Usage."), r.out());
        assertTrue(r.err().contains("state\\\" requires exactly 1 argument(s)"), r.err());
    }

    @Test
    void stateOfUnknownContainerDoesNotExist() {
        Result r = run("--root", tmp.toString(), "state", "nosuch");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("container does not exist"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void singleDashLongFlagsAndEqualsFormsParse() {
        Result r = run("-root=" + tmp, "-log-format", "json", "state", "nosuch");
        assertEquals(1, r.code());
        assertTrue(r.err().startsWith("{\"level\":\"error\",\"msg\":\"container does not exist\",\"time\":\""), r.err());
    }

    @Test
    void jsonLogFileGetsOneObjectAndStderrThePlainMessage() throws Exception {
        Path log = tmp.resolve("log.json");
        Result r = run("--root", tmp.toString(), "--log", log.toString(), "--log-format=json", "kill", "nosuch", "9");
        assertEquals(1, r.code());
        assertEquals("container does not exist\n", r.err());
        String line = Files.readString(log);
        assertTrue(line.matches("\\{\"level\":\"error\",\"msg\":\"container does not exist\",\"time\":\"[^\"]+\"}\\n"), line);
    }

    @Test
    void invalidLogFormatIsRefused() {
        Result r = run("--log-format", "xml", "--root", tmp.toString(), "list");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("invalid log-format: xml"), r.err());
    }

    @Test
    void deleteForceOfUnknownIdSucceeds() {
        Result r = run("--root", tmp.toString(), "delete", "--force", "nosuch");
        assertEquals(0, r.code(), r.err());
        Result plain = run("--root", tmp.toString(), "delete", "nosuch");
        assertEquals(1, plain.code());
        assertTrue(plain.err().contains("container does not exist"));
    }

    @Test
    void invalidIdIsRefused() {
        Result r = run("--root", tmp.toString(), "state", "../etc");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("invalid container ID format"), r.err());
    }

    @Test
    void unknownSignalIsNamed() {
        Result r = run("--root", tmp.toString(), "kill", "x", "SIGFOO");
        assertEquals(1, r.code());
        assertTrue(r.err().contains("msg=\"unknown signal \\\"SIGFOO\\\"\""), r.err());
    }

    @Test
    void listOfEmptyRoot() {
        Result table = run("--root", tmp.toString(), "list");
        assertEquals(0, table.code(), table.err());
        assertTrue(table.out().startsWith("ID"), table.out());
        Result json = run("--root", tmp.toString(), "list", "--format", "json");
        assertEquals("null\n", json.out());
        Result bad = run("--root", tmp.toString(), "list", "-f", "yaml");
        assertEquals(1, bad.code());
        assertTrue(bad.err().contains("invalid format option"));
    }

    @Test
    void featuresIsPureJsonWithFourSpaceIndent() {
        Result r = run("features");
        assertEquals(0, r.code(), r.err());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("{\n    \"ociVersionMin\": \"1.0.0\",\n    \"ociVersionMax\": \"1.3.0\""), r.out());
        assertTrue(r.out().endsWith("}\n"));
        // Claims only what is implemented: seccomp, rro and idmapped mounts (idmap, ridmap).
        assertTrue(r.out().contains("\"seccomp\": {\n            \"enabled\": true,\n            \"actions\": [\n"), r.out());
        assertTrue(r.out().contains("\"SCMP_ACT_NOTIFY\""), r.out());
        assertTrue(r.out().contains("\"supportedFlags\": [\n"), r.out());
        assertTrue(r.out().contains("\"idmap\": {\n                \"enabled\": true"), r.out());
        assertTrue(r.out().contains("\"ridmap\""), r.out());
        assertTrue(r.out().contains("\"rro\""), r.out());
        // The LSMs are not applied (labels are refused), so they are not claimed either.
        assertTrue(r.out().contains("\"apparmor\": {\n            \"enabled\": true"), r.out());
        assertTrue(r.out().contains("\"selinux\": {\n            \"enabled\": true"), r.out());
        // set_mempolicy is carried out: every mode and flag of the spec.
        assertTrue(r.out().contains("\"memoryPolicy\": {\n            \"modes\": [\n                \"MPOL_BIND\","),
                r.out());
        assertTrue(r.out().contains("\"MPOL_F_STATIC_NODES\""), r.out());
    }

    @Test
    void specWritesALoadableConfigAndRefusesToOverwrite() {
        Result r = run("spec", "--bundle", tmp.toString());
        assertEquals(0, r.code(), r.err());
        assertTrue(Files.exists(tmp.resolve("config.json")));
        Result again = run("spec", "-b", tmp.toString());
        assertEquals(1, again.code());
        assertTrue(again.err().contains("File config.json exists. Remove it first"), again.err());
    }

    @Test
    void helpExitsZeroOnEveryCommand() {
        for (String cmd : new String[] {"create", "start", "run", "state", "kill", "delete", "list", "spec", "features"}) {
            assertEquals(0, run(cmd, "--help").code(), cmd);
        }
    }
}
