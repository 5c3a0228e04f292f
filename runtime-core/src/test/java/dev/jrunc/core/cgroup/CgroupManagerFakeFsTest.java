package dev.jrunc.core.cgroup;

import static dev.jrunc.core.cgroup.FakeCgroupFs.read;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lifecycle (create, pids, destroy, fromPaths) against a fake cgroupfs. */
class CgroupManagerFakeFsTest {
    @TempDir
    Path tmp;

    /** A V1 layout without cpuset, so plain (empty) directories are valid cgroups here. */
    private CgroupLayout v1NoCpuset() throws Exception {
        CgroupLayout full = Fixtures.layout("v1", tmp);
        List<CgroupLayout.V1Hierarchy> hs = full.hierarchies().stream()
                .filter(h -> !h.controllers().contains("cpuset")).toList();
        CgroupLayout layout = new CgroupLayout(CgroupLayout.Mode.V1, hs, null);
        FakeCgroupFs.populateRoots(layout);
        return layout;
    }

    @Test
    void factoryPicksTheDriverFromTheLayout() throws Exception {
        CgroupPath p = CgroupPath.of("/x", "x");
        assertInstanceOf(CgroupV1Manager.class, CgroupManager.forContainer(Fixtures.layout("v1"), p));
        assertInstanceOf(CgroupV2Manager.class, CgroupManager.forContainer(Fixtures.layout("v2"), p));
        assertInstanceOf(HybridCgroupManager.class, CgroupManager.forContainer(Fixtures.layout("hybrid"), p));
    }

    @Test
    void pathsAreKeyedByControllerAndCoMountsShareADir() throws Exception {
        Map<String, String> paths = CgroupManager.forContainer(Fixtures.layout("v1"), CgroupPath.of("/x", "x")).paths();
        assertEquals("/sys/fs/cgroup/cpu,cpuacct/x", paths.get("cpu"));
        assertEquals("/sys/fs/cgroup/cpu,cpuacct/x", paths.get("cpuacct"));
        assertEquals("/sys/fs/cgroup/systemd/x", paths.get("name=systemd"));
        assertFalse(paths.containsKey(CgroupManager.UNIFIED));
        assertEquals(9, paths.size());
    }

    @Test
    void createThenDestroyRemovesOnlyWhatItCreated() throws Exception {
        CgroupLayout layout = v1NoCpuset();
        // "pre" already exists in the memory hierarchy only.
        Path memoryPre = tmp.resolve("sys/fs/cgroup/memory/pre");
        Files.createDirectories(memoryPre);
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/pre/mid/c1", "c1"));
        m.create();
        for (String dir : m.paths().values()) {
            assertTrue(Files.isDirectory(Path.of(dir)), dir);
        }
        m.destroy();
        for (String dir : m.paths().values()) {
            assertFalse(Files.exists(Path.of(dir)), dir);
        }
        assertTrue(Files.isDirectory(memoryPre), "pre-existing parent must stay");
        assertFalse(Files.exists(memoryPre.resolve("mid")), "created parent must go");
        assertFalse(Files.exists(tmp.resolve("sys/fs/cgroup/pids/pre")), "created parent must go");
        m.destroy(); // idempotent
    }

    @Test
    void createdParentsThatGainedOtherChildrenStay() throws Exception {
        CgroupLayout layout = v1NoCpuset();
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/shared/c1", "c1"));
        m.create();
        Path sibling = tmp.resolve("sys/fs/cgroup/pids/shared/c2");
        Files.createDirectories(sibling);
        m.destroy();
        assertTrue(Files.isDirectory(sibling));
        assertFalse(Files.exists(tmp.resolve("sys/fs/cgroup/memory/shared")));
    }

    @Test
    void createRefusesACgroupThatHoldsProcesses() throws Exception {
        CgroupLayout layout = v1NoCpuset();
        Path leaf = tmp.resolve("sys/fs/cgroup/pids/busy");
        FakeCgroupFs.populate(leaf, Map.of("cgroup.procs", "101\n202\n"));
        FakeCgroupFs.populate(leaf.resolve("sub"), Map.of("cgroup.procs", "303\n"));
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/busy", "busy"));
        CgroupException e = assertThrows(CgroupException.class, m::create);
        assertEquals("container's cgroup is not empty: 3 process(es) found", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("sys/fs/cgroup/memory/busy")), "nothing created on refusal");
        assertEquals(List.of(101, 202, 303), m.pids());
    }

    @Test
    void pidsIsTheUnionOverHierarchiesAndSubCgroups() throws Exception {
        CgroupLayout layout = v1NoCpuset();
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/c1", "c1"));
        m.create();
        Files.writeString(tmp.resolve("sys/fs/cgroup/memory/c1/cgroup.procs"), "10\n11\n");
        Files.writeString(tmp.resolve("sys/fs/cgroup/pids/c1/cgroup.procs"), "11\n10\n");
        FakeCgroupFs.populate(tmp.resolve("sys/fs/cgroup/pids/c1/exec"), Map.of("cgroup.procs", "12\n"));
        assertEquals(List.of(10, 11, 12), m.pids());
    }

    @Test
    void addProcessWritesEveryHierarchy() throws Exception {
        CgroupLayout layout = FakeCgroupFs.withV1Container("hybrid", tmp);
        FakeCgroupFs.populate(layout.unified().mountpoint().resolve("c1"), FakeCgroupFs.v2Files("hugetlb"));
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/c1", "c1"));
        m.create();
        m.addProcess(4242);
        for (String dir : m.paths().values()) {
            assertEquals("4242", read(Path.of(dir, "cgroup.procs")), dir);
        }
        assertEquals(10, m.paths().size()); // 9 v1 controllers + unified
    }

    @Test
    void fromPathsRebuildsTheSameManager() throws Exception {
        for (String fixture : List.of("v1", "v2", "hybrid")) {
            CgroupManager m = CgroupManager.forContainer(Fixtures.layout(fixture), CgroupPath.of("/a/b", "c"));
            CgroupManager back = CgroupManager.fromPaths(m.paths());
            assertEquals(m.paths(), back.paths(), fixture);
            assertEquals(m.getClass(), back.getClass(), fixture);
        }
        // A rootless container without a cgroup records none (NoCgroupTest).
        assertInstanceOf(NoCgroup.class, CgroupManager.fromPaths(Map.of()));
        assertThrows(CgroupException.class, () -> CgroupManager.fromPaths(null));
        assertThrows(CgroupException.class, () -> CgroupManager.fromPaths(Map.of("memory", "relative/dir")));
        assertThrows(CgroupException.class, () -> CgroupManager.fromPaths(Map.of("memory", "/a/../b")));
    }

    @Test
    void v2CreateEnablesAvailableControllersInTheAncestors() throws Exception {
        CgroupLayout layout = Fixtures.layout("v2", tmp);
        FakeCgroupFs.populateRoots(layout);
        Path root = layout.unified().mountpoint();
        // The intermediate level exists with only some controllers passed down to it.
        Map<String, String> mid = FakeCgroupFs.v2Files("cpu memory");
        FakeCgroupFs.populate(root.resolve("mid"), mid);
        Files.writeString(root.resolve("cgroup.subtree_control"), "cpu memory");
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/mid/c1", "c1"));
        m.create();
        assertTrue(Files.isDirectory(root.resolve("mid/c1")));
        // Only the missing ones are requested, in one write.
        assertEquals("+cpuset +io +hugetlb +pids", read(root.resolve("cgroup.subtree_control")));
        assertEquals("+cpu +memory", read(root.resolve("mid/cgroup.subtree_control")));
    }

    @Test
    void hybridUnifiedSideIsJoinedButNotDelegated() throws Exception {
        CgroupLayout layout = FakeCgroupFs.withV1Container("hybrid", tmp);
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/c1", "c1"));
        m.create();
        assertTrue(Files.isDirectory(layout.unified().mountpoint().resolve("c1")));
        assertEquals("", read(layout.unified().mountpoint().resolve("cgroup.subtree_control")));
    }

    @Test
    void failedCreateLeavesNothingBehind() throws Exception {
        CgroupLayout layout = Fixtures.layout("v1", tmp);
        FakeCgroupFs.populateRoots(layout);
        // cpuset's new dir is a plain directory with no cpuset files: inheritance fails.
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/p/c1", "c1"));
        CgroupException e = assertThrows(CgroupException.class, m::create);
        assertTrue(e.getMessage().startsWith("cannot inherit cpuset"), e.getMessage());
        for (String dir : m.paths().values()) {
            assertFalse(Files.exists(Path.of(dir)), dir);
            assertFalse(Files.exists(Path.of(dir).getParent()), dir);
        }
    }
}
