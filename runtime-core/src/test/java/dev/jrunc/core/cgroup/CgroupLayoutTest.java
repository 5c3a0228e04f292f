package dev.jrunc.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CgroupLayoutTest {

    private static Map<String, CgroupLayout.V1Hierarchy> byFirstController(CgroupLayout layout) {
        return layout.hierarchies().stream()
                .collect(Collectors.toMap(h -> h.controllers().getFirst(), Function.identity()));
    }

    @Test
    void pureV1() throws Exception {
        CgroupLayout layout = Fixtures.layout("v1");
        assertEquals(CgroupLayout.Mode.V1, layout.mode());
        assertNull(layout.unified());
        // 8 mounted hierarchies; net_cls,net_prio is known to the kernel but not mounted.
        assertEquals(8, layout.hierarchies().size());
        Map<String, CgroupLayout.V1Hierarchy> h = byFirstController(layout);
        CgroupLayout.V1Hierarchy cpu = h.get("cpu");
        assertEquals(List.of("cpu", "cpuacct"), cpu.controllers(), "co-mounted controllers count once");
        assertEquals(Path.of("/sys/fs/cgroup/cpu,cpuacct"), cpu.mountpoint());
        assertEquals("/user.slice", cpu.ownPath());
        assertEquals("/", cpu.mountRoot());
        assertEquals(Path.of("/sys/fs/cgroup/memory/user.slice/user-1000.slice/session-3.scope"),
                h.get("memory").ownDir());
        assertEquals(Path.of("/sys/fs/cgroup/systemd"), h.get("name=systemd").mountpoint());
        assertEquals(Path.of("/sys/fs/cgroup/cpuset"), h.get("cpuset").ownDir());
        assertTrue(layout.hierarchies().stream().noneMatch(x -> x.controllers().contains("net_cls")));
    }

    @Test
    void pureV2() throws Exception {
        CgroupLayout layout = Fixtures.layout("v2");
        assertEquals(CgroupLayout.Mode.V2, layout.mode());
        assertTrue(layout.hierarchies().isEmpty());
        assertEquals(Path.of("/sys/fs/cgroup"), layout.unified().mountpoint());
        assertEquals("/user.slice/user-1000.slice/session-3.scope", layout.unified().ownPath());
        assertEquals(Path.of("/sys/fs/cgroup/user.slice/user-1000.slice/session-3.scope"),
                layout.unified().ownDir());
    }

    @Test
    void hybrid() throws Exception {
        CgroupLayout layout = Fixtures.layout("hybrid");
        assertEquals(CgroupLayout.Mode.HYBRID, layout.mode());
        assertEquals(9, layout.hierarchies().size());
        assertEquals(Path.of("/sys/fs/cgroup/unified"), layout.unified().mountpoint());
        assertEquals("/shim", layout.unified().ownPath());
        Map<String, CgroupLayout.V1Hierarchy> h = byFirstController(layout);
        assertEquals(List.of("cpu"), h.get("cpu").controllers());
        assertEquals(List.of("cpuacct"), h.get("cpuacct").controllers());
        assertEquals(Path.of("/sys/fs/cgroup/memory/process_api/14b7419c17dcfd5efdd4abaa453c910a"),
                h.get("memory").ownDir());
    }

    @Test
    void nestedV1SubtreeMountStripsTheMountRoot() throws Exception {
        CgroupLayout layout = Fixtures.layout("nested-v1");
        assertEquals(CgroupLayout.Mode.V1, layout.mode());
        Map<String, CgroupLayout.V1Hierarchy> h = byFirstController(layout);
        assertEquals("/docker/abc", h.get("memory").mountRoot());
        // Own cgroup == mount root: the mountpoint itself.
        assertEquals(Path.of("/sys/fs/cgroup/memory"), h.get("memory").ownDir());
        // Own cgroup below the mount root: only the part below it is appended.
        assertEquals(Path.of("/sys/fs/cgroup/pids/shim"), h.get("pids").ownDir());
    }

    @Test
    void nestedV2CgroupnsPrefersTheCanonicalMount() throws Exception {
        CgroupLayout layout = Fixtures.layout("nested-v2-cgroupns");
        assertEquals(CgroupLayout.Mode.V2, layout.mode());
        assertEquals(Path.of("/sys/fs/cgroup"), layout.unified().mountpoint());
        assertEquals(Path.of("/sys/fs/cgroup/init.scope"), layout.unified().ownDir());
    }

    @Test
    void rootPrefixRerootsEveryMountpoint(@TempDir Path tmp) throws Exception {
        CgroupLayout layout = Fixtures.layout("hybrid", tmp);
        assertEquals(tmp.resolve("sys/fs/cgroup/unified"), layout.unified().mountpoint());
        for (CgroupLayout.V1Hierarchy h : layout.hierarchies()) {
            assertTrue(h.mountpoint().startsWith(tmp.resolve("sys/fs/cgroup")), h.toString());
        }
    }

    @Test
    void ownCgroupOutsideTheMountedSubtreeIsAnError() {
        CgroupLayout.V1Hierarchy h = new CgroupLayout.V1Hierarchy(Path.of("/sys/fs/cgroup/memory"),
                List.of("memory"), "/docker/abc", "/docker/other");
        CgroupException e = assertThrows(CgroupException.class, h::ownDir);
        assertTrue(e.getMessage().contains("/docker/other"), e.getMessage());
        CgroupLayout.Unified u = new CgroupLayout.Unified(Path.of("/sys/fs/cgroup"), "/", "/../outside");
        assertThrows(CgroupException.class, u::ownDir);
    }

    @Test
    void mountinfoOctalEscapesAreDecoded() throws Exception {
        assertEquals("/mnt/my disk", CgroupLayoutReader.unescape("/mnt/my\\040disk"));
        assertEquals("/a\\b", CgroupLayoutReader.unescape("/a\\134b"));
        assertEquals("/plain", CgroupLayoutReader.unescape("/plain"));
        List<CgroupLayoutReader.Mount> mounts = CgroupLayoutReader.parseMountinfo(List.of(
                "31 30 0:28 / /sys/fs/cgroup/my\\040cpu rw,relatime shared:2 master:1 - cgroup cgroup rw,cpu"));
        assertEquals("/sys/fs/cgroup/my cpu", mounts.getFirst().mountpoint());
        assertTrue(mounts.getFirst().superOptions().contains("cpu"));
    }

    @Test
    void malformedInputIsRejected(@TempDir Path tmp) throws Exception {
        assertThrows(CgroupException.class, () -> CgroupLayoutReader.parseMountinfo(List.of("1 2 3")));
        assertThrows(CgroupException.class, () -> CgroupLayoutReader.parseProcCgroup(List.of("nocolons")));
        Path emptyMounts = Files.writeString(tmp.resolve("mountinfo"), "22 1 8:1 / / rw - ext4 /dev/sda1 rw\n");
        Path cgroup = Files.writeString(tmp.resolve("cgroup"), "0::/\n");
        CgroupException e = assertThrows(CgroupException.class,
                () -> CgroupLayout.read(emptyMounts, cgroup, Path.of("/")));
        assertTrue(e.getMessage().startsWith("no cgroup hierarchy is mounted"), e.getMessage());
        assertThrows(CgroupException.class,
                () -> CgroupLayout.read(tmp.resolve("absent"), cgroup, Path.of("/")));
    }

    @Test
    void pathsWithColonsSurviveProcCgroupParsing() throws Exception {
        List<CgroupLayoutReader.Membership> m = CgroupLayoutReader.parseProcCgroup(List.of("0::/a:b"));
        assertEquals("/a:b", m.getFirst().path());
        assertTrue(m.getFirst().controllers().isEmpty());
    }

    @Test
    void detectsThisMachine() throws Exception {
        CgroupLayout layout = CgroupLayout.detect();
        // This repository's test hosts are hybrid; elsewhere just check consistency.
        boolean hybridHost = Files.isRegularFile(Path.of("/sys/fs/cgroup/unified/cgroup.controllers"))
                && Files.isDirectory(Path.of("/sys/fs/cgroup/memory"));
        if (hybridHost) {
            assertEquals(CgroupLayout.Mode.HYBRID, layout.mode());
            assertEquals(Path.of("/sys/fs/cgroup/unified"), layout.unified().mountpoint());
            assertTrue(layout.hierarchies().stream().anyMatch(h -> h.controllers().contains("memory")));
        }
        assumeTrue(layout.mode() != CgroupLayout.Mode.V2, "pure v2 host: no v1 hierarchy to check");
        for (CgroupLayout.V1Hierarchy h : layout.hierarchies()) {
            assertTrue(Files.isDirectory(h.ownDir()), "own cgroup dir exists: " + h);
        }
    }
}
