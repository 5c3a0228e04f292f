package dev.jrunc.core.lifecycle;

import dev.jrunc.core.Credentials;
import dev.jrunc.core.JruncException;
import dev.jrunc.core.spec.IdMapping;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Who writes the id maps: root itself, a user its own id directly, anything else newuidmap/newgidmap. */
class IdMapWritingTest {
    private static final List<IdMapping> OWN = List.of(new IdMapping(0L, 1001L, 1L));
    private static final List<IdMapping> RANGES = List.of(new IdMapping(0L, 1001L, 1L), new IdMapping(1L, 100000L, 65536L));
    private static final Credentials USER = new Credentials(1001, 1001);

    @TempDir
    Path bin;

    private Map<String, String> pathWithTools() throws Exception {
        for (String tool : List.of("newuidmap", "newgidmap")) {
            Files.writeString(bin.resolve(tool), "#!/bin/sh\n");
            Files.setPosixFilePermissions(bin.resolve(tool), PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return Map.of("PATH", "relative/dir:" + bin);
    }

    @Test
    void rootWritesEveryMapItself() {
        assertEquals(List.of("--uid-map", "0 100000 65536\n", "--gid-map", "0 1001 1\n"),
                IdMapWriting.args(List.of(new IdMapping(0L, 100000L, 65536L)), OWN, new Credentials(0, 0), Map.of()));
    }

    @Test
    void aUsersOwnSingleIdIsWrittenDirectlyWithSetgroupsDenied() {
        List<String> args = IdMapWriting.args(OWN, OWN, USER, Map.of());
        assertEquals(List.of("--uid-map", "0 1001 1\n", "--gid-map", "0 1001 1\n", "--deny-setgroups"), args);
    }

    @Test
    void rangesGoThroughTheUidmapToolsFoundOnPath() throws Exception {
        List<String> args = IdMapWriting.args(RANGES, RANGES, USER, pathWithTools());
        assertEquals(List.of("--uid-map", "0 1001 1\n1 100000 65536\n", "--gid-map", "0 1001 1\n1 100000 65536\n",
                "--uid-map-tool", bin.resolve("newuidmap").toString(),
                "--gid-map-tool", bin.resolve("newgidmap").toString()), args);
    }

    @Test
    void anotherUsersSingleIdIsNotTheCallersOwn() throws Exception {
        List<String> args = IdMapWriting.args(List.of(new IdMapping(0L, 1002L, 1L)), OWN, USER, pathWithTools());
        assertTrue(args.contains("--uid-map-tool"));
        assertTrue(args.contains("--deny-setgroups"));
    }

    @Test
    void noToolIsOneClearLine() {
        // PATH names only an empty directory; the fallbacks hold the real tools on a host with
        // uidmap installed, so this asks for a tool name that exists nowhere.
        JruncException e = assertThrows(JruncException.class, () -> IdMapWriting.args(RANGES, OWN, USER,
                Map.of("PATH", bin.toString()), "jrunc-no-such-newuidmap", "newgidmap"));
        assertEquals("linux.uidMappings: mapping more than your own uid (1001) needs jrunc-no-such-newuidmap"
                + " (Debian package uidmap) and ranges in /etc/subuid, but jrunc-no-such-newuidmap was not found",
                e.getMessage());
    }
}
