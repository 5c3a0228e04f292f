package dev.jrunc.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class CgroupPathTest {
    private static final CgroupLayout.V1Hierarchy MEMORY = new CgroupLayout.V1Hierarchy(
            Path.of("/sys/fs/cgroup/memory"), List.of("memory"), "/", "/user.slice/session-3.scope");
    private static final CgroupLayout.Unified V2 = new CgroupLayout.Unified(
            Path.of("/sys/fs/cgroup"), "/", "/user.slice/session-3.scope");

    @Test
    void absoluteIsBelowTheMountpoint() throws Exception {
        CgroupPath p = CgroupPath.of("/foo/bar", "ctr");
        assertTrue(p.absolute());
        assertEquals("foo/bar", p.inner());
        assertEquals(Path.of("/sys/fs/cgroup/memory/foo/bar"), p.v1Dir(MEMORY));
        assertEquals(Path.of("/sys/fs/cgroup/foo/bar"), p.v2Dir(V2));
        assertEquals(Path.of("/sys/fs/cgroup/unified/foo/bar"),
                p.hybridUnifiedDir(new CgroupLayout.Unified(Path.of("/sys/fs/cgroup/unified"), "/", "/x")));
    }

    @Test
    void relativeIsBelowTheCallersOwnCgroupInV1() throws Exception {
        CgroupPath p = CgroupPath.of("foo/bar", "ctr");
        assertFalse(p.absolute());
        assertEquals(Path.of("/sys/fs/cgroup/memory/user.slice/session-3.scope/foo/bar"), p.v1Dir(MEMORY));
    }

    @Test
    void relativeIsBelowTheParentOfTheCallersCgroupInV2() throws Exception {
        // runc fs2/defaultpath.go: the caller's own cgroup holds processes and so cannot
        // hand controllers down; its parent can.
        CgroupPath p = CgroupPath.of("foo", "ctr");
        assertEquals(Path.of("/sys/fs/cgroup/user.slice/foo"), p.v2Dir(V2));
        CgroupLayout.Unified atRoot = new CgroupLayout.Unified(Path.of("/sys/fs/cgroup"), "/", "/");
        assertEquals(Path.of("/sys/fs/cgroup/foo"), p.v2Dir(atRoot));
    }

    @Test
    void hybridUnifiedIgnoresTheOwnCgroupLikeRunc() throws Exception {
        CgroupLayout.Unified u = new CgroupLayout.Unified(Path.of("/sys/fs/cgroup/unified"), "/", "/shim");
        assertEquals(Path.of("/sys/fs/cgroup/unified/foo"), CgroupPath.of("foo", "ctr").hybridUnifiedDir(u));
    }

    @ParameterizedTest
    @ValueSource(strings = {""})
    void absentMeansTheContainerIdRelativeToTheCaller(String empty) throws Exception {
        for (String absent : new String[] {null, empty}) {
            CgroupPath p = CgroupPath.of(absent, "my-ctr");
            assertFalse(p.absolute());
            assertEquals("my-ctr", p.inner());
            assertEquals(Path.of("/sys/fs/cgroup/memory/user.slice/session-3.scope/my-ctr"), p.v1Dir(MEMORY));
            assertEquals(Path.of("/sys/fs/cgroup/user.slice/my-ctr"), p.v2Dir(V2));
        }
        assertThrows(CgroupException.class, () -> CgroupPath.of(null, null));
    }

    @Test
    void defaultWorksOnTheFixtureLayouts() throws Exception {
        CgroupPath p = CgroupPath.of(null, "c1");
        CgroupLayout hybrid = Fixtures.layout("hybrid");
        CgroupManager m = CgroupManager.forContainer(hybrid, p);
        assertEquals("/sys/fs/cgroup/memory/process_api/14b7419c17dcfd5efdd4abaa453c910a/c1", m.paths().get("memory"));
        assertEquals("/sys/fs/cgroup/cpu/c1", m.paths().get("cpu"));
        assertEquals("/sys/fs/cgroup/systemd/c1", m.paths().get("name=systemd"));
        assertEquals("/sys/fs/cgroup/unified/c1", m.paths().get(CgroupManager.UNIFIED));
        CgroupManager v2 = CgroupManager.forContainer(Fixtures.layout("v2"), p);
        assertEquals(java.util.Map.of("unified", "/sys/fs/cgroup/user.slice/user-1000.slice/c1"), v2.paths());
    }

    @Test
    void dotsAndSlashesAreNormalised() throws Exception {
        assertEquals("foo/bar", CgroupPath.of("//foo/./bar/", "c").inner());
        assertEquals("bar", CgroupPath.of("foo/../bar", "c").inner());
        assertEquals("bar", CgroupPath.of("/foo/../bar", "c").inner());
        assertTrue(CgroupPath.of("/foo/../bar", "c").absolute());
    }

    @ParameterizedTest
    @ValueSource(strings = {"..", "../x", "/../x", "foo/../../x", "/a/b/../../../c", "./.."})
    void dotDotEscapingIsRejected(String path) {
        CgroupException e = assertThrows(CgroupException.class, () -> CgroupPath.of(path, "c"));
        assertTrue(e.getMessage().contains("escapes its root"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", ".", "/./", "foo/.."})
    void pathsNamingTheRootOrTheCallerAreRejected(String path) {
        CgroupException e = assertThrows(CgroupException.class, () -> CgroupPath.of(path, "c"));
        assertTrue(e.getMessage().contains("does not name a cgroup"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"system.slice:docker:abc", ":runc:abc", "machine.slice:libpod:1234"})
    void systemdStylePathsAreRejected(String path) {
        CgroupException e = assertThrows(CgroupException.class, () -> CgroupPath.of(path, "c"));
        assertTrue(e.getMessage().contains("systemd"), e.getMessage());
        assertTrue(e.getMessage().contains("slice:prefix:name"), e.getMessage());
    }

    @Test
    void colonsInANormalPathAreFine() throws Exception {
        assertEquals("a:b:c/d", CgroupPath.of("/a:b:c/d", "c").inner());
        assertEquals("a:b", CgroupPath.of("a:b", "c").inner());
    }

    @Test
    void systemdDriverIsRefusedWithOneLine() {
        CgroupException e = assertThrows(CgroupException.class,
                () -> CgroupPath.of("system.slice:docker:abc", "c", true));
        assertEquals("systemd cgroup driver requested but systemd is not running", e.getMessage());
        assertThrows(CgroupException.class, () -> CgroupPath.of(null, "c", true));
    }

    @Test
    void theCanonicalConstructorRefusesUnnormalisedPaths() {
        for (String bad : new String[] {"", "/a", "a/", "a//b", "./a", "a/../b", ".."}) {
            assertThrows(IllegalArgumentException.class, () -> new CgroupPath(true, bad), bad);
        }
        assertEquals("a/b", new CgroupPath(false, "a/b").inner());
    }

    @Provide
    Arbitrary<String> messyPaths() {
        Arbitrary<String> segment = Arbitraries.of("a", "b", "..", ".", "", "c:d");
        return segment.list().ofMaxSize(8).map(parts -> String.join("/", parts))
                .flatMap(p -> Arbitraries.of(p, "/" + p));
    }

    @Property(tries = 500)
    void resolvedDirsNeverLeaveTheirBase(@ForAll("messyPaths") String raw) throws Exception {
        CgroupPath p;
        try {
            p = CgroupPath.of(raw, "ctr");
        } catch (CgroupException rejected) {
            return;
        }
        Path base = p.absolute() ? MEMORY.mountpoint() : MEMORY.ownDir();
        Path dir = p.v1Dir(MEMORY);
        assertTrue(dir.startsWith(base) && !dir.equals(base), raw + " -> " + dir);
        assertEquals(dir, dir.normalize(), raw);
        for (String part : p.inner().split("/")) {
            assertFalse(part.isEmpty() || part.equals(".") || part.equals(".."), raw + " -> " + p.inner());
        }
    }
}
