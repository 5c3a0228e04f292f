package dev.jrunc.core.cgroup;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Against this machine's real cgroup hierarchies (needs root). Every cgroup is named
 * "jrunc-test-<random>" and swept away in {@link #cleanUp()} whatever happens.
 */
class CgroupRealHierarchyTest {
    private final String prefix = "jrunc-test-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<Process> children = new ArrayList<>();
    private CgroupLayout layout;

    @BeforeEach
    void requireRoot() throws Exception {
        String uid = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("Uid:")).findFirst().orElse("Uid: -1").split("\\s+")[1];
        assumeTrue(uid.equals("0"), "needs root to create cgroups (running as uid " + uid + ")");
        layout = CgroupLayout.detect();
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (Process p : children) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
        }
        if (layout == null) {
            return;
        }
        List<Path> roots = new ArrayList<>();
        layout.hierarchies().forEach(h -> roots.add(h.mountpoint()));
        if (layout.unified() != null) {
            roots.add(layout.unified().mountpoint());
        }
        List<String> leftovers = new ArrayList<>();
        for (Path root : roots) {
            for (Path dir : ourDirs(root)) {
                leftovers.add(dir.toString());
                CgroupDirs.removeTree(dir);
            }
        }
        assertEquals(List.of(), leftovers, "test left cgroups behind (now removed)");
    }

    /** Top-most directories named with our prefix, a few levels below {@code root}. */
    private List<Path> ourDirs(Path root) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try (Stream<Path> s = Files.walk(root, 4)) {
                return s.filter(Files::isDirectory)
                        .filter(p -> p.getFileName().toString().startsWith(prefix))
                        .filter(p -> !p.getParent().getFileName().toString().startsWith(prefix))
                        .sorted(Comparator.comparingInt(Path::getNameCount).reversed())
                        .toList();
            } catch (java.io.UncheckedIOException e) {
                // Other runtimes on the machine remove their cgroups while we walk: walk again.
                if (attempt == 5) {
                    throw e;
                }
            }
        }
    }

    private Process sleeper() throws IOException {
        Process p = new ProcessBuilder("sleep", "300").start();
        children.add(p);
        return p;
    }

    private static String read(String dir, String file) throws IOException {
        return Files.readString(Path.of(dir, file)).strip();
    }

    private static void stop(Process p) throws InterruptedException {
        p.destroyForcibly();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS));
    }

    @Test
    void fullLifecycleWithLimitsAndAProcess() throws Exception {
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/" + prefix + "/ctr", "ctr"));
        Map<String, String> paths = m.paths();
        m.create();
        for (String dir : paths.values()) {
            assertTrue(Files.isDirectory(Path.of(dir)), dir);
        }

        boolean v2 = layout.mode() == CgroupLayout.Mode.V2;
        m.apply(CgroupResources.none().withMemoryLimit(64L << 20).withMemoryReservation(32L << 20)
                .withCpuShares(512L).withCpuPeriod(100_000L).withCpuQuota(50_000L)
                .withPidsLimit(32L).withCpusetCpus("0").withCpusetMems("0"));
        if (v2) {
            String dir = paths.get(CgroupManager.UNIFIED);
            assertEquals(Long.toString(64L << 20), read(dir, "memory.max"));
            assertEquals("50000 100000", read(dir, "cpu.max"));
            assertEquals(Long.toString(CgroupConversions.cpuSharesToWeight(512)), read(dir, "cpu.weight"));
            assertEquals("32", read(dir, "pids.max"));
        } else {
            assertEquals(Long.toString(64L << 20), read(paths.get("memory"), "memory.limit_in_bytes"));
            assertEquals(Long.toString(32L << 20), read(paths.get("memory"), "memory.soft_limit_in_bytes"));
            assertEquals("512", read(paths.get("cpu"), "cpu.shares"));
            assertEquals("100000", read(paths.get("cpu"), "cpu.cfs_period_us"));
            assertEquals("50000", read(paths.get("cpu"), "cpu.cfs_quota_us"));
            assertEquals("32", read(paths.get("pids"), "pids.max"));
            assertEquals("0", read(paths.get("cpuset"), "cpuset.cpus"));
        }

        Process sleep = sleeper();
        int pid = (int) sleep.pid();
        m.addProcess(pid);
        assertEquals(List.of(pid), m.pids());
        String procCgroup = Files.readString(Path.of("/proc/" + pid + "/cgroup"));
        assertTrue(procCgroup.contains("/" + prefix + "/ctr\n"), procCgroup);
        if (!v2) {
            assertTrue(procCgroup.contains(":memory:/" + prefix + "/ctr\n"), procCgroup);
        }
        if (layout.unified() != null) {
            assertTrue(procCgroup.contains("0::/" + prefix + "/ctr\n"), procCgroup);
        }

        // A later command sees the same thing from the stored paths alone.
        CgroupManager again = CgroupManager.fromPaths(paths);
        assertEquals(List.of(pid), again.pids());
        assertFalse(again.isFrozen());

        // A second create on the occupied cgroup is refused with runc's message.
        CgroupException busy = assertThrows(CgroupException.class,
                () -> CgroupManager.forContainer(layout, CgroupPath.of("/" + prefix + "/ctr", "x")).create());
        assertEquals("container's cgroup is not empty: 1 process(es) found", busy.getMessage());

        stop(sleep);
        m.destroy();
        for (String dir : paths.values()) {
            assertFalse(Files.exists(Path.of(dir)), dir);
            assertFalse(Files.exists(Path.of(dir).getParent()), "created parent of " + dir);
        }
    }

    @Test
    void freezerStateIsReported() throws Exception {
        assumeTrue(layout.mode() != CgroupLayout.Mode.V2, "v1 freezer test");
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/" + prefix, "c"));
        m.create();
        try {
            Process sleep = sleeper();
            m.addProcess((int) sleep.pid());
            String freezer = m.paths().get("freezer");
            Files.writeString(Path.of(freezer, "freezer.state"), "FROZEN");
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (!m.isFrozen() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            assertTrue(m.isFrozen());
            Files.writeString(Path.of(freezer, "freezer.state"), "THAWED");
            assertFalse(m.isFrozen());
            stop(sleep);
        } finally {
            m.destroy();
        }
    }

    @Test
    void pidsLimitZeroIsOneAndNegativeIsMax() throws Exception {
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/" + prefix, "c"));
        m.create();
        try {
            String dir = m.paths().getOrDefault("pids", m.paths().get(CgroupManager.UNIFIED));
            m.apply(CgroupResources.none().withPidsLimit(0L));
            assertEquals("1", read(dir, "pids.max"));
            m.apply(CgroupResources.none().withPidsLimit(-1L));
            assertEquals("max", read(dir, "pids.max"));
        } finally {
            m.destroy();
        }
    }

    @Test
    void kernelRefusalsBecomeOneLineErrors() throws Exception {
        assumeTrue(layout.mode() != CgroupLayout.Mode.V2, "v1 files");
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/" + prefix, "c"));
        m.create();
        try {
            // memparse takes "1k", but not a unit it does not know.
            CgroupException e = assertThrows(CgroupException.class,
                    () -> CgroupFiles.write(Path.of(m.paths().get("memory")), "memory.limit_in_bytes", "1x"));
            assertEquals("failed to write 1x to memory.limit_in_bytes: Invalid argument", e.getMessage());
            CgroupException range = assertThrows(CgroupException.class,
                    () -> m.apply(CgroupResources.none().withCpusetCpus("99999")));
            assertTrue(range.getMessage().startsWith("linux.resources.cpu.cpus: failed to write 99999 to cpuset.cpus: "), range.getMessage());
            // The kernel clamps shares to [2, 262144]; runc reads back and says so.
            CgroupException clamp = assertThrows(CgroupException.class,
                    () -> m.apply(CgroupResources.none().withCpuShares(1L)));
            assertEquals("the minimum allowed cpu-shares is 2", clamp.getMessage());
        } finally {
            m.destroy();
        }
    }

    @Test
    void defaultPathNestsUnderTheCallersOwnCgroup() throws Exception {
        assumeTrue(layout.mode() != CgroupLayout.Mode.V2, "v1 own-cgroup nesting");
        String id = prefix + "-default";
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of(null, id));
        Map<String, String> paths = m.paths();
        for (CgroupLayout.V1Hierarchy h : layout.hierarchies()) {
            assertEquals(h.ownDir().resolve(id).toString(), paths.get(h.controllers().getFirst()));
        }
        m.create();
        try {
            Process sleep = sleeper();
            m.addProcess((int) sleep.pid());
            assertEquals(List.of((int) sleep.pid()), m.pids());
            stop(sleep);
        } finally {
            m.destroy();
        }
        for (String dir : paths.values()) {
            assertFalse(Files.exists(Path.of(dir)), dir);
        }
        // Our own cgroups, which pre-existed, are untouched.
        for (CgroupLayout.V1Hierarchy h : layout.hierarchies()) {
            assertTrue(Files.isDirectory(h.ownDir()), h.ownDir().toString());
        }
    }

    @Test
    void destroyFailsWhileAProcessRemainsAndSucceedsAfter() throws Exception {
        CgroupManager m = CgroupManager.forContainer(layout, CgroupPath.of("/" + prefix, "c"));
        m.create();
        Process sleep = sleeper();
        try {
            m.addProcess((int) sleep.pid());
            CgroupException e = assertThrows(CgroupException.class, m::destroy);
            assertTrue(e.getMessage().startsWith("failed to remove cgroup "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"));
        } finally {
            stop(sleep);
            m.destroy();
        }
        for (String dir : m.paths().values()) {
            assertFalse(Files.exists(Path.of(dir)), dir);
        }
    }
}
