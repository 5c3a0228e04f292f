package dev.jrunc.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class GoFlagSyntaxTest {
    private static String[] normalize(String... args) {
        PrintStream devnull = new PrintStream(PrintStream.nullOutputStream());
        CommandLine root = new CommandLine(new JruncCommand(devnull, devnull).spec());
        Subcommands.register(root, args);
        return GoFlagSyntax.normalize(root, args);
    }

    @Test
    void oneDashLongNamesBecomeTwoDashes() {
        assertArrayEquals(new String[] {"--root", "/r", "run", "--no-subreaper", "--bundle=/b", "id"},
                normalize("-root", "/r", "run", "-no-subreaper", "-bundle=/b", "id"));
    }

    @Test
    void shortOptionsStayShort() {
        assertArrayEquals(new String[] {"delete", "-f", "id"}, normalize("delete", "-f", "id"));
    }

    @Test
    void valuesOfOptionsAreNotRewritten() {
        assertArrayEquals(new String[] {"--log", "-weird-file", "state", "x"}, normalize("--log", "-weird-file", "state", "x"));
    }

    @Test
    void commandNameSkipsGlobalOptionsAndTheirValues() {
        assertEquals("state", Subcommands.commandName(new String[] {"--root", "/r", "state", "x"}));
        assertEquals("state", Subcommands.commandName(new String[] {"--root", "state", "state"}));
        assertEquals("kill", Subcommands.commandName(new String[] {"-log=/l", "--log-format", "json", "kill", "x"}));
        assertNull(Subcommands.commandName(new String[] {"--root", "/r"}));
    }

    @Test
    void killStopsParsingAtTheId() {
        assertArrayEquals(new String[] {"kill", "-a", "--", "id", "9"}, normalize("kill", "-a", "id", "9"));
        assertArrayEquals(new String[] {"kill", "--all", "--", "id", "-9"}, normalize("kill", "-all", "id", "-9"));
    }
}
