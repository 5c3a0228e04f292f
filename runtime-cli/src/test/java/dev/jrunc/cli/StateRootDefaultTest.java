package dev.jrunc.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** runc's shouldHonorXDGRuntimeDir, and the directory it makes. */
class StateRootDefaultTest {
    @TempDir
    Path xdg;

    private StateRootDefault rule(String user, long euid, boolean inUserNs) {
        Map<String, String> env = new HashMap<>();
        env.put("XDG_RUNTIME_DIR", xdg.toString());
        if (user != null) {
            env.put("USER", user);
        }
        return new StateRootDefault(env, () -> euid, () -> inUserNs);
    }

    @Test
    void nonRootUsesXdgRuntimeDir() {
        assertEquals(xdg.resolve("jrunc"), rule("alice", 1001, false).xdgRoot());
    }

    @Test
    void rootOnTheHostDoesNotEvenWithXdgSet() {
        assertNull(rule("root", 0, false).xdgRoot());
        assertNull(rule(null, 0, false).xdgRoot());
        assertEquals(Path.of("/run/jrunc"), rule(null, 0, false).resolve());
    }

    @Test
    void uidZeroInAUserNamespaceDoesUnlessUserIsRoot() {
        assertEquals(xdg.resolve("jrunc"), rule(null, 0, true).xdgRoot());
        assertEquals(xdg.resolve("jrunc"), rule("alice", 0, true).xdgRoot());
        assertNull(rule("root", 0, true).xdgRoot());
    }

    @Test
    void withoutXdgRuntimeDirTheSystemRoot() {
        StateRootDefault r = new StateRootDefault(Map.of("XDG_RUNTIME_DIR", ""), () -> 1001, () -> false);
        assertNull(r.xdgRoot());
        assertEquals(Path.of("/run/jrunc"), r.resolve());
    }

    @Test
    void theXdgDirectoryIsMadePrivateAndSticky() throws Exception {
        Path root = rule("alice", 1001, false).resolve();
        assertEquals(xdg.resolve("jrunc"), root);
        assertEquals(01700, (int) Files.getAttribute(root, "unix:mode") & 07777);
    }
}
